package io.github.aksbackup.k8s;

import com.google.gson.reflect.TypeToken;
import io.github.aksbackup.api.AksBackupException;
import io.github.aksbackup.api.NotFoundException;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1ContainerStatus;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodCondition;
import io.kubernetes.client.openapi.models.V1PodStatus;
import io.kubernetes.client.util.Watch;
import java.io.IOException;
import java.lang.reflect.Type;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Waits for a pod (or one of its containers) to become ready by watching it, not by polling: the
 * wait ends as soon as the API server reports the change.
 */
final class PodReadiness {
    private static final Logger LOG = LoggerFactory.getLogger(PodReadiness.class);
    private static final Type WATCH_TYPE = new TypeToken<Watch.Response<V1Pod>>() { }.getType();

    private final ApiClient client;
    private final CallPolicy policy;
    private final Clock clock;
    private final Duration requestTimeout;
    /** Watches stay open for minutes; the caller's client may have a read timeout meant for short requests. */
    private final OkHttpClient watchHttp;

    PodReadiness(ApiClient client, CallPolicy policy, Clock clock, Duration requestTimeout) {
        this.client = client;
        this.policy = policy;
        this.clock = clock;
        this.requestTimeout = requestTimeout;
        this.watchHttp = client.getHttpClient().newBuilder().readTimeout(Duration.ZERO).build();
    }

    boolean await(String namespace, String pod, String container, Duration timeout) {
        Instant deadline = clock.instant().plus(timeout);
        CoreV1Api core = new CoreV1Api(client);
        String what = "read pod " + namespace + "/" + pod;
        while (true) {
            Optional<V1Pod> current = policy.run(what, () -> read(core, namespace, pod, what));
            if (current.isPresent() && isReady(current.get(), container)) {
                return true;
            }
            Duration left = Duration.between(clock.instant(), deadline);
            if (left.isNegative() || left.isZero()) {
                return false;
            }
            String resourceVersion = current.map(p -> p.getMetadata().getResourceVersion()).orElse(null);
            if (watchUntilReady(core, namespace, pod, container, resourceVersion, left)) {
                return true;
            }
            if (!clock.instant().isBefore(deadline)) {
                return false;
            }
            // The watch ended early (server timeout, expired resourceVersion, dropped connection):
            // read the pod again and watch from there.
        }
    }

    private boolean watchUntilReady(CoreV1Api core, String namespace, String pod, String container,
            String resourceVersion, Duration left) {
        long seconds = Math.max(1, (left.toMillis() + 999) / 1000);
        Call call;
        try {
            Call built = core.listNamespacedPod(namespace)
                    .fieldSelector("metadata.name=" + pod)
                    .resourceVersion(resourceVersion)
                    .watch(true)
                    .timeoutSeconds((int) Math.min(Integer.MAX_VALUE, seconds))
                    .buildCall(null);
            call = watchHttp.newCall(built.request());
        } catch (ApiException e) {
            throw new IllegalStateException("cannot build watch of pod " + namespace + "/" + pod, e);
        }
        // The client-side bound: the server's timeoutSeconds, plus time to connect.
        call.timeout().timeout(left.toMillis() + requestTimeout.toMillis(), TimeUnit.MILLISECONDS);
        try (Watch<V1Pod> watch = Watch.createWatch(client, call, WATCH_TYPE)) {
            for (Watch.Response<V1Pod> event : watch) {
                if ("ERROR".equals(event.type)) {
                    LOG.debug("watch of pod {}/{} ended: {}", namespace, pod,
                            event.status == null ? "error" : event.status.getMessage());
                    return false;
                }
                if (event.object != null && !"DELETED".equals(event.type) && isReady(event.object, container)) {
                    return true;
                }
            }
        } catch (ApiException e) {
            if (e.getCode() == 403 || e.getCode() == 401) {
                throw ApiErrors.of(e.getCode(), "watch pod " + namespace + "/" + pod, RawApi.statusMessage(e.getResponseBody()), null);
            }
            LOG.debug("watch of pod {}/{} failed: {}", namespace, pod, e.getMessage());
        } catch (IOException | RuntimeException e) {
            if (e instanceof AksBackupException a) {
                throw a;
            }
            LOG.debug("watch of pod {}/{} ended: {}", namespace, pod, e.toString());
        }
        return false;
    }

    private static Optional<V1Pod> read(CoreV1Api core, String namespace, String pod, String what) {
        try {
            return Optional.of(core.readNamespacedPod(pod, namespace).execute());
        } catch (ApiException e) {
            if (e.getCode() == 404) {
                return Optional.empty();
            }
            if (e.getCode() == 0 && e.getCause() instanceof IOException io) {
                throw new TransientFailure(0, what + ": " + io, null, io);
            }
            RuntimeException mapped = ApiErrors.of(e.getCode(), what, RawApi.statusMessage(e.getResponseBody()),
                    retryAfter(e));
            if (mapped instanceof NotFoundException) {
                return Optional.empty();
            }
            throw mapped;
        }
    }

    private static Duration retryAfter(ApiException e) {
        if (e.getResponseHeaders() == null) {
            return null;
        }
        var values = e.getResponseHeaders().get("Retry-After");
        return values == null || values.isEmpty() ? null : TransientFailure.parseRetryAfter(values.get(0));
    }

    /** With a container name, that container's readiness; without, the pod's Ready condition. */
    static boolean isReady(V1Pod pod, String container) {
        V1PodStatus status = pod.getStatus();
        if (status == null) {
            return false;
        }
        if (container != null) {
            if (status.getContainerStatuses() == null) {
                return false;
            }
            for (V1ContainerStatus cs : status.getContainerStatuses()) {
                if (container.equals(cs.getName())) {
                    return Boolean.TRUE.equals(cs.getReady());
                }
            }
            return false;
        }
        if (status.getConditions() == null) {
            return false;
        }
        for (V1PodCondition c : status.getConditions()) {
            if ("Ready".equals(c.getType())) {
                return "True".equals(c.getStatus());
            }
        }
        return false;
    }
}
