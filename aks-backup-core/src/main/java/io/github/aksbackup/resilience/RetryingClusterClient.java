package io.github.aksbackup.resilience;

import io.github.aksbackup.api.ConflictException;
import io.github.aksbackup.spi.ClusterClient;
import io.github.aksbackup.spi.ExecRequest;
import io.github.aksbackup.spi.ExecResult;
import io.github.aksbackup.spi.KubeObject;
import io.github.aksbackup.spi.ListOptions;
import io.github.aksbackup.spi.Page;
import io.github.aksbackup.spi.PatchMetadata;
import io.github.aksbackup.spi.ResourceType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@link ClusterClient} that repeats calls failing transiently ({@code ClusterUnavailable},
 * {@code TooManyRequests}, {@code NetworkFailure}, {@code TypeNotServed}), as {@link RetryOptions}
 * say. The backup and restore engines talk to clusters through it; a failure waiting cannot fix (an
 * admission webhook that denies the object or cannot be called, an invalid object, a forbidden
 * request) fails the call at once.
 *
 * <p>Reads, merge patches and page requests are repeated as they are (a page request that failed
 * leaves the listing where it was, see {@link ClusterClient#list}). A create whose earlier try may
 * have taken effect and that now meets a conflict returns the existing object when it holds
 * everything that was sent and was created after the first try began (to the second, the precision
 * of {@code creationTimestamp}), since it is then the one this create made; otherwise the conflict
 * stands. A repeated delete that finds nothing reports the deletion. Commands ({@link #exec}) are
 * never repeated: they need not be idempotent.
 */
public final class RetryingClusterClient implements ClusterClient {
    private final ClusterClient delegate;
    private final Retrier retry;
    private final Clock clock;

    /**
     * Retries calls of {@code delegate} as {@code options} say.
     *
     * @param clock tells when a create began, to recognize the object an earlier try of it made, and
     *     measures the options' time limit
     */
    public RetryingClusterClient(ClusterClient delegate, RetryOptions options, Clock clock) {
        this(delegate, options, clock, Sleeper.THREAD);
    }

    /** For tests: waits through {@code sleeper}. */
    RetryingClusterClient(ClusterClient delegate, RetryOptions options, Clock clock, Sleeper sleeper) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.retry = new Retrier("cluster " + delegate.describe(), options, clock, sleeper);
    }

    /** {@link #wrap(ClusterClient, RetryOptions)} with {@link RetryOptions#DEFAULTS}. */
    public static ClusterClient wrap(ClusterClient cluster) {
        return wrap(cluster, RetryOptions.DEFAULTS);
    }

    /**
     * {@code cluster} itself when it retries already, otherwise {@code cluster} retried as {@code
     * options} say, on the system clock (creation times come from the API server's clock).
     */
    public static ClusterClient wrap(ClusterClient cluster, RetryOptions options) {
        return cluster instanceof RetryingClusterClient ? cluster
                : new RetryingClusterClient(cluster, options, Clock.systemUTC());
    }

    /**
     * The client {@code cluster} retries, or {@code cluster} itself when it is no retrying client: for
     * putting another decorator inside the one retry layer.
     */
    public static ClusterClient unwrap(ClusterClient cluster) {
        return cluster instanceof RetryingClusterClient r ? r.delegate : cluster;
    }

    /** The retry options. */
    public RetryOptions options() {
        return retry.options();
    }

    @Override
    public List<ResourceType> discover() {
        return retry.run(attempt -> delegate.discover());
    }

    @Override
    public Iterable<Page> list(ResourceType type, ListOptions options) {
        Iterable<Page> pages = retry.run(attempt -> delegate.list(type, options));
        return () -> {
            Iterator<Page> it = retry.run(attempt -> pages.iterator());
            return new Iterator<>() {
                @Override
                public boolean hasNext() {
                    return retry.run(attempt -> it.hasNext());
                }

                @Override
                public Page next() {
                    return retry.run(attempt -> it.next());
                }
            };
        };
    }

    @Override
    public Optional<KubeObject> get(ResourceType type, String namespace, String name) {
        return retry.run(attempt -> delegate.get(type, namespace, name));
    }

    @Override
    public KubeObject create(ResourceType type, KubeObject object) {
        Instant began = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        return retry.run(attempt -> {
            try {
                return delegate.create(type, object);
            } catch (ConflictException conflict) {
                if (attempt > 1) {
                    // Retried on its own: a transient failure of this check is no failed try of the create.
                    Optional<KubeObject> existing = retry.run(a -> delegate.get(type, object.namespace(), object.name()));
                    if (existing.isPresent() && createdSince(existing.get(), began)
                            && contains(existing.get().content(), object.content())) {
                        return existing.get();
                    }
                }
                throw conflict;
            }
        });
    }

    private static boolean createdSince(KubeObject o, Instant began) {
        if (!(o.metadata().get("creationTimestamp") instanceof String created)) {
            return false;
        }
        try {
            return !Instant.parse(created).isBefore(began);
        } catch (java.time.format.DateTimeParseException e) {
            return false;
        }
    }

    /**
     * True when {@code stored} has every field of {@code sent} with the same value; the server may have
     * added fields (defaults, uid, timestamps) but changes none that were sent.
     */
    static boolean contains(Object stored, Object sent) {
        if (sent instanceof Map<?, ?> s) {
            if (!(stored instanceof Map<?, ?> m)) {
                return false;
            }
            for (Map.Entry<?, ?> e : s.entrySet()) {
                if (e.getValue() != null && !contains(m.get(e.getKey()), e.getValue())) {
                    return false;
                }
            }
            return true;
        }
        if (sent instanceof List<?> s) {
            if (!(stored instanceof List<?> l) || l.size() != s.size()) {
                return false;
            }
            for (int i = 0; i < s.size(); i++) {
                if (!contains(l.get(i), s.get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (sent instanceof Number a && stored instanceof Number b) {
            try {
                return new java.math.BigDecimal(a.toString()).compareTo(new java.math.BigDecimal(b.toString())) == 0;
            } catch (NumberFormatException notFinite) {
                return a.doubleValue() == b.doubleValue();
            }
        }
        return Objects.equals(sent, stored);
    }

    @Override
    public KubeObject mergePatch(ResourceType type, String namespace, String name, Map<String, Object> patch) {
        return retry.run(attempt -> delegate.mergePatch(type, namespace, name, patch));
    }

    @Override
    public boolean delete(ResourceType type, String namespace, String name) {
        return retry.run(attempt -> delegate.delete(type, namespace, name) || attempt > 1);
    }

    @Override
    public ExecResult exec(ExecRequest request) {
        return delegate.exec(request);
    }

    @Override
    public boolean waitForPodReady(String namespace, String pod, String container, Duration timeout) {
        return retry.run(attempt -> delegate.waitForPodReady(namespace, pod, container, timeout));
    }

    @Override
    public Optional<PatchMetadata> patchMetadata(String apiVersion, String kind) {
        return retry.run(attempt -> delegate.patchMetadata(apiVersion, kind));
    }

    @Override
    public String describe() {
        return delegate.describe();
    }
}
