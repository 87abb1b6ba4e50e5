package io.github.aksbackup.spi;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the engine needs from a Kubernetes cluster. Implemented on client-java for real clusters and
 * in memory for tests.
 *
 * <p>Implementations are thread-safe: restore creates objects of one tier concurrently. They make each
 * request once; the engine retries what failed transiently. Errors surface as {@link
 * io.github.aksbackup.api.AksBackupException}s whose {@link io.github.aksbackup.api.ErrorCode} names
 * the cause, translated once where the adapter meets its client library: {@link
 * io.github.aksbackup.api.ConflictException} when a create meets an existing object, {@link
 * io.github.aksbackup.api.NotFoundException} when a patched/deleted object or an exec'd pod does
 * not exist, {@code Forbidden} for RBAC denials, {@code Invalid} when the server rejects an object,
 * {@code AdmissionWebhookDenied} / {@code AdmissionWebhookUnavailable} when an admission webhook
 * refused the object or could not be called, {@code QuotaExceeded} when a ResourceQuota is full;
 * transient ones are {@code ClusterUnavailable} (HTTP 5xx), {@code TooManyRequests} (HTTP 429, with
 * the server's Retry-After), {@code NetworkFailure} and {@code TypeNotServed}.
 */
public interface ClusterClient {

    /**
     * Every resource type the cluster serves in its preferred version, without subresources.
     * Types that cannot be listed are left out.
     */
    List<ResourceType> discover();

    /**
     * Lists a type page by page; the iterable is lazy and may be iterated once. A page request that
     * fails leaves the listing where it was, so calling {@code next()} again asks for the same page
     * (which is what lets callers repeat it after a transient failure). Listed objects may come
     * without {@code metadata.managedFields}, the server's field-ownership bookkeeping, which
     * backups do not keep.
     */
    Iterable<Page> list(ResourceType type, ListOptions options);

    /** Reads one object, or empty when it does not exist. {@code namespace} is {@code null} for cluster-scoped types. */
    Optional<KubeObject> get(ResourceType type, String namespace, String name);

    /**
     * Creates the object (its {@code metadata.namespace} says where) and returns it as the server
     * stored it.
     *
     * @throws io.github.aksbackup.api.ConflictException when an object of that name exists
     */
    KubeObject create(ResourceType type, KubeObject object);

    /** Applies a JSON merge patch (RFC 7386) to an existing object and returns the result. */
    KubeObject mergePatch(ResourceType type, String namespace, String name, Map<String, Object> patch);

    /**
     * Deletes the object (foreground propagation is not requested).
     *
     * @return {@code true} when it existed
     */
    boolean delete(ResourceType type, String namespace, String name);

    /** Runs a command in a pod container and waits for it, at most {@link ExecRequest#timeout()}. */
    ExecResult exec(ExecRequest request);

    /**
     * Waits until the pod's container (or, with {@code container == null}, every container) is
     * ready, at most {@code timeout}.
     *
     * @return {@code true} when ready in time, {@code false} on timeout
     */
    boolean waitForPodReady(String namespace, String pod, String container, Duration timeout);

    /**
     * The strategic merge patch metadata of a built-in kind (list merge keys and patch strategies),
     * as the server publishes it in its OpenAPI document; empty for a kind the server takes no
     * strategic merge patch for (custom resources, whose lists a JSON merge patch replaces, as kubectl
     * does) or publishes no schema of. Implementations read the document once and keep only this
     * metadata.
     *
     * @param apiVersion {@code group/version}, or {@code version} for the core group
     */
    Optional<PatchMetadata> patchMetadata(String apiVersion, String kind);

    /** A description for messages and logs (server address, context); never contains credentials. */
    String describe();
}
