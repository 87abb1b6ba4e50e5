package io.github.aksbackup.testkit;

import io.github.aksbackup.api.AksBackupException;
import io.github.aksbackup.api.ErrorCode;
import io.github.aksbackup.spi.ClusterClient;
import io.github.aksbackup.spi.ExecRequest;
import io.github.aksbackup.spi.ExecResult;
import io.github.aksbackup.spi.KubeObject;
import io.github.aksbackup.spi.ListOptions;
import io.github.aksbackup.spi.Page;
import io.github.aksbackup.spi.PatchMetadata;
import io.github.aksbackup.spi.ResourceType;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A {@link ClusterClient} that fails calls as a {@link FaultPlan} says, to test that the engine
 * survives an unreliable API server. Injected failures are {@link AksBackupException}s with code
 * {@code ClusterUnavailable} ({@code TooManyRequests} with a Retry-After for {@link FaultPlan.Kind#THROTTLED}), as the
 * Kubernetes adapter reports transient trouble; a crash is a
 * {@link SimulatedCrash}.
 *
 * <p>Operations: {@code discover}, {@code list} (when a listing starts and for every page),
 * {@code get}, {@code create}, {@code patch}, {@code delete}, {@code exec}, {@code ready}. A
 * {@link FaultPlan.Kind#TIMEOUT} carries the call out and then fails it; a timed-out page is kept and
 * handed out by the next request, as asking again with the same continue token would.
 */
public final class FaultInjectingClusterClient implements ClusterClient {
    private static final ErrorCode CODE = ErrorCode.CLUSTER_UNAVAILABLE;

    private final ClusterClient delegate;
    private final FaultPlan plan;

    /** Fails calls to {@code delegate} as {@code plan} says. */
    public FaultInjectingClusterClient(ClusterClient delegate, FaultPlan plan) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.plan = Objects.requireNonNull(plan, "plan");
    }

    /** The plan. */
    public FaultPlan plan() {
        return plan;
    }

    private AksBackupException failure(FaultPlan.Kind kind, String what) {
        return plan.failure(kind, CODE, what);
    }

    private <T> T call(String op, String target, Supplier<T> action) {
        return plan.run(op, target, CODE, action);
    }

    private static String target(ResourceType type, String namespace, String name) {
        return type.displayName() + " " + (namespace == null ? "" : namespace + "/") + name;
    }

    @Override
    public List<ResourceType> discover() {
        return call("discover", "", delegate::discover);
    }

    @Override
    public Iterable<Page> list(ResourceType type, ListOptions options) {
        String listing = type.displayName() + " " + options.namespace() + " " + options.labelSelector();
        Iterable<Page> pages = call("list", listing, () -> delegate.list(type, options));
        return () -> {
            Iterator<Page> it = pages.iterator();
            return new Iterator<>() {
                private int page;
                private Page kept;

                @Override
                public boolean hasNext() {
                    return kept != null || it.hasNext();
                }

                @Override
                public Page next() {
                    if (!hasNext()) {
                        throw new NoSuchElementException();
                    }
                    FaultPlan.Kind kind = plan.decide("list", listing + " page " + page);
                    if (kind == FaultPlan.Kind.TIMEOUT) {
                        if (kept == null) {
                            kept = it.next();
                        }
                        throw failure(kind, "page " + page + " of " + listing + " timed out");
                    }
                    if (kind != null) {
                        throw failure(kind, "page " + page + " of " + listing
                                + (kind == FaultPlan.Kind.THROTTLED ? " was throttled (HTTP 429)" : " failed"));
                    }
                    page++;
                    if (kept != null) {
                        Page p = kept;
                        kept = null;
                        return p;
                    }
                    return it.next();
                }
            };
        };
    }

    @Override
    public Optional<KubeObject> get(ResourceType type, String namespace, String name) {
        return call("get", target(type, namespace, name), () -> delegate.get(type, namespace, name));
    }

    @Override
    public KubeObject create(ResourceType type, KubeObject object) {
        return call("create", target(type, object.namespace(), object.name()), () -> delegate.create(type, object));
    }

    @Override
    public KubeObject mergePatch(ResourceType type, String namespace, String name, Map<String, Object> patch) {
        return call("patch", target(type, namespace, name), () -> delegate.mergePatch(type, namespace, name, patch));
    }

    @Override
    public boolean delete(ResourceType type, String namespace, String name) {
        return call("delete", target(type, namespace, name), () -> delegate.delete(type, namespace, name));
    }

    @Override
    public ExecResult exec(ExecRequest request) {
        return call("exec", request.namespace() + "/" + request.pod(), () -> delegate.exec(request));
    }

    @Override
    public boolean waitForPodReady(String namespace, String pod, String container, Duration timeout) {
        return call("ready", namespace + "/" + pod, () -> delegate.waitForPodReady(namespace, pod, container, timeout));
    }

    @Override
    public Optional<PatchMetadata> patchMetadata(String apiVersion, String kind) {
        return call("openapi", apiVersion + "/" + kind, () -> delegate.patchMetadata(apiVersion, kind));
    }

    @Override
    public String describe() {
        return delegate.describe();
    }
}
