package io.github.aksbackup.k8s;

import io.github.aksbackup.api.AksBackupException;
import io.github.aksbackup.api.ErrorCode;
import io.github.aksbackup.api.NotFoundException;
import io.github.aksbackup.spi.ClusterClient;
import io.github.aksbackup.spi.ExecRequest;
import io.github.aksbackup.spi.ExecResult;
import io.github.aksbackup.spi.KubeObject;
import io.github.aksbackup.spi.ListOptions;
import io.github.aksbackup.spi.Page;
import io.github.aksbackup.spi.PatchMetadata;
import io.github.aksbackup.spi.ResourceType;
import io.kubernetes.client.custom.V1Patch;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.util.ClientBuilder;
import io.kubernetes.client.util.KubeConfig;
import io.kubernetes.client.util.generic.KubernetesApiResponse;
import io.kubernetes.client.util.generic.dynamic.DynamicKubernetesApi;
import io.kubernetes.client.util.generic.dynamic.DynamicKubernetesObject;
import io.kubernetes.client.util.generic.options.DeleteOptions;
import io.kubernetes.client.util.generic.options.GetOptions;
import io.kubernetes.client.util.generic.options.PatchOptions;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;
import okhttp3.OkHttpClient;

/**
 * The engine's view of a real Kubernetes cluster, on the official client-java: discovery, paged
 * listing, create / merge-patch / delete, pod readiness and exec.
 *
 * <p>Built from a kubeconfig file, the pod's in-cluster service account, or a caller's
 * {@link ApiClient}. Every request passes a client-side QPS/burst limit and is made once: its failure
 * is translated into the SDK's exception naming the cause (an admission webhook that denied the object
 * or could not be called, a full quota, an invalid object, a missing permission, throttling with the
 * server's Retry-After, a server error, a broken connection), and the SDK's retry layer
 * ({@code AksBackupClient.builder().retryOptions(...)}) repeats what failed transiently. Thread-safe;
 * {@link #close()} stops the background threads that fetch the next page of a listing.
 *
 * <pre>{@code
 * try (KubernetesClusterClient cluster = KubernetesClusterClient.builder()
 *         .kubeconfig(Path.of(System.getenv("HOME"), ".kube", "config"))
 *         .build()) {
 *     for (ResourceType type : cluster.discover()) { ... }
 * }
 * }</pre>
 */
public final class KubernetesClusterClient implements ClusterClient, AutoCloseable {
    private static final ResourceType PODS = new ResourceType("", "v1", "Pod", "pods", true, Set.of("get", "list", "watch"));

    private final ApiClient apiClient;
    /** Whether this client made its HTTP client (from a kubeconfig or in-cluster) and so closes it. */
    private final boolean ownsHttp;
    private final RawApi raw;
    private final CallPolicy policy;
    private final ExecutorService background;
    private final boolean prefetch;
    private final String description;
    private final String contextName;
    private final ObjectWaiter waiter;
    private final PodExecutor executor;
    private final Map<ResourceType, DynamicKubernetesApi> dynamicApis = new ConcurrentHashMap<>();
    private final AtomicReference<CompletableFuture<List<ResourceType>>> discoveryAhead = new AtomicReference<>();
    /** Read from /openapi/v2 on first use; a failed read is not kept, so the next call tries again. */
    private volatile OpenApiPatchMetadata patchMetadata;

    private KubernetesClusterClient(Builder b, ApiClient apiClient, String description, String contextName) {
        this.apiClient = apiClient;
        this.ownsHttp = b.apiClient == null;
        this.description = description;
        this.contextName = contextName;
        this.policy = new CallPolicy(b.qps, b.burst);
        boolean compression = b.compression != null ? b.compression : !RawApi.isLoopback(apiClient.getBasePath());
        this.raw = new RawApi(apiClient, b.requestTimeout, compression);
        this.background = Executors.newCachedThreadPool(RawApi.daemonThreads("aks-backup-k8s-"));
        this.prefetch = b.prefetch;
        this.waiter = new ObjectWaiter(raw, this::get, b.clock);
        this.executor = new PodExecutor(apiClient);
    }

    /** A builder; say where the cluster is with one of {@code kubeconfig}, {@code inCluster} or {@code apiClient}. */
    public static Builder builder() {
        return new Builder();
    }

    /** The client-java client underneath, for callers that need the typed APIs too. */
    public ApiClient apiClient() {
        return apiClient;
    }

    /**
     * Starts discovering the cluster's types in the background, for a caller that has other work to do
     * first (a command line opens its vault): the next {@link #discover()} returns that discovery, or,
     * should it have failed, discovers again. Calls after the first until then do nothing.
     */
    public void discoverAhead() {
        discoveryAhead.compareAndSet(null, CompletableFuture.supplyAsync(() -> new Discovery(raw, policy, background).discover(),
                background));
    }

    @Override
    public List<ResourceType> discover() {
        CompletableFuture<List<ResourceType>> ahead = discoveryAhead.getAndSet(null);
        if (ahead != null) {
            try {
                return ahead.join();
            } catch (CompletionException | CancellationException e) {
                // discovered again below, so that a failure is reported (and retried) as this call's own
            }
        }
        return new Discovery(raw, policy, background).discover();
    }

    @Override
    public Iterable<Page> list(ResourceType type, ListOptions options) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(options, "options");
        return new Pager(raw, policy, type, options, prefetch ? background : null);
    }

    @Override
    public Optional<KubeObject> get(ResourceType type, String namespace, String name) {
        DynamicKubernetesApi api = dynamicApi(type);
        String what = "get " + describe(type, namespace, name);
        try {
            return Optional.of(call(what, () -> type.namespaced()
                    ? api.get(requireNamespace(type, namespace), name, new GetOptions())
                    : api.get(name, new GetOptions())));
        } catch (NotFoundException e) {
            return Optional.empty();
        }
    }

    @Override
    public KubeObject create(ResourceType type, KubeObject object) {
        Objects.requireNonNull(object, "object");
        Objects.requireNonNull(type, "type");
        String namespace = object.namespace();
        Map<String, Object> content = object.content();
        if (type.namespaced()) {
            requireNamespace(type, namespace);
        } else if (content.get("metadata") instanceof Map<?, ?> meta && meta.containsKey("namespace")) {
            // a stray metadata.namespace on a cluster-scoped object is not the server's business
            Map<String, Object> m = new LinkedHashMap<>();
            meta.forEach((k, v) -> m.put((String) k, v));
            m.remove("namespace");
            content = new LinkedHashMap<>(content);
            content.put("metadata", m);
        }
        String what = "create " + describe(type, namespace, object.name());
        byte[] json = JsonTrees.writeBytes(content);
        String path = RawApi.collectionPath(type, type.namespaced() ? namespace : null);
        return new KubeObject(policy.run(what, () -> raw.create(what, path, json)));
    }

    @Override
    public KubeObject mergePatch(ResourceType type, String namespace, String name, Map<String, Object> patch) {
        Objects.requireNonNull(patch, "patch");
        DynamicKubernetesApi api = dynamicApi(type);
        V1Patch body = new V1Patch(JsonTrees.write(patch));
        String what = "patch " + describe(type, namespace, name);
        return call(what, () -> type.namespaced()
                ? api.patch(requireNamespace(type, namespace), name, V1Patch.PATCH_FORMAT_JSON_MERGE_PATCH, body,
                        new PatchOptions())
                : api.patch(name, V1Patch.PATCH_FORMAT_JSON_MERGE_PATCH, body, new PatchOptions()));
    }

    @Override
    public boolean delete(ResourceType type, String namespace, String name) {
        DynamicKubernetesApi api = dynamicApi(type);
        String what = "delete " + describe(type, namespace, name);
        try {
            policy.run(what, () -> request(what, () -> type.namespaced()
                    ? api.delete(requireNamespace(type, namespace), name, new DeleteOptions())
                    : api.delete(name, new DeleteOptions())));
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>The first call reads {@code /openapi/v2} (megabytes, once per client) and keeps only the
     * patch metadata; kinds whose PATCH the server does not offer as a strategic merge patch (custom
     * resources) are empty. A CRD created later is a custom resource and stays empty, so the document
     * is not read again.
     */
    @Override
    public Optional<PatchMetadata> patchMetadata(String apiVersion, String kind) {
        Objects.requireNonNull(apiVersion, "apiVersion");
        Objects.requireNonNull(kind, "kind");
        OpenApiPatchMetadata m = patchMetadata;
        if (m == null) {
            synchronized (this) {
                m = patchMetadata;
                if (m == null) {
                    String what = "read the OpenAPI document /openapi/v2";
                    m = policy.run(what, () -> raw.get(what, "/openapi/v2", List.of(), OpenApiPatchMetadata::read));
                    patchMetadata = m;
                }
            }
        }
        return m.forKind(apiVersion, kind);
    }

    @Override
    public ExecResult exec(ExecRequest request) {
        Objects.requireNonNull(request, "request");
        // Not retried: a command that may have run must not run twice.
        return executor.exec(request);
    }

    @Override
    public boolean waitForPodReady(String namespace, String pod, String container, Duration timeout) {
        return awaitObject(PODS, namespace, pod, o -> ObjectWaiter.podReady(o, container), timeout).isPresent();
    }

    /**
     * Waits, by watching, until the object exists and satisfies {@code condition}.
     *
     * @param namespace the namespace, {@code null} for cluster-scoped types
     * @return the object as it was when it first satisfied the condition, or empty on timeout
     */
    public Optional<KubeObject> awaitObject(ResourceType type, String namespace, String name,
            Predicate<KubeObject> condition, Duration timeout) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(condition, "condition");
        Objects.requireNonNull(timeout, "timeout");
        if (type.namespaced()) {
            requireNamespace(type, namespace);
        }
        return waiter.await(type, type.namespaced() ? namespace : null, name, condition, timeout);
    }

    @Override
    public String describe() {
        return description;
    }

    /** The kubeconfig context this client connects with, when it was built from a kubeconfig. */
    public Optional<String> contextName() {
        return Optional.ofNullable(contextName);
    }

    /** The raw request layer, for watches in tests of this package. */
    RawApi raw() {
        return raw;
    }

    /**
     * Stops the threads that prefetch pages and, when this client made its HTTP client, closes its
     * connections; listings in progress may fail afterwards. A caller's {@code ApiClient} is left open.
     */
    @Override
    public void close() {
        background.shutdownNow();
        if (ownsHttp) {
            // An HTTP/2 connection's reader thread sits in a native socket read; the JVM's exit waits
            // up to 300 ms for such threads, so a command line that only exits would pay that each run.
            OkHttpClient http = apiClient.getHttpClient();
            http.dispatcher().executorService().shutdown();
            http.connectionPool().evictAll();
        }
    }

    private DynamicKubernetesApi dynamicApi(ResourceType type) {
        Objects.requireNonNull(type, "type");
        return dynamicApis.computeIfAbsent(type,
                t -> new DynamicKubernetesApi(t.group(), t.version(), t.plural(), apiClient));
    }

    /** Makes a generic-API request under the call policy and returns its object as a {@link KubeObject}. */
    private KubeObject call(String what, Supplier<KubernetesApiResponse<DynamicKubernetesObject>> request) {
        KubernetesApiResponse<DynamicKubernetesObject> r = policy.run(what, () -> request(what, request));
        @SuppressWarnings("unchecked")
        Map<String, Object> content = (Map<String, Object>) JsonTrees.fromGson(r.getObject().getRaw());
        return new KubeObject(content);
    }

    /**
     * Makes one request and passes a successful response through; otherwise throws what
     * {@link ApiErrors} says. A broken connection reaches us as client-java's
     * IllegalStateException around an IOException: a network failure.
     */
    private static <T extends KubernetesApiResponse<?>> T request(String what, Supplier<T> request) {
        T response;
        try {
            response = request.get();
        } catch (IllegalStateException e) {
            if (e.getCause() instanceof IOException io) {
                throw ApiErrors.network(what, io);
            }
            throw new AksBackupException(ErrorCode.INTERNAL, what + ": " + e.getMessage(), null, e);
        }
        if (response.isSuccess()) {
            return response;
        }
        throw ApiErrors.of(response.getHttpStatusCode(), what, ApiErrors.Status.of(response.getStatus()), null);
    }

    private static String requireNamespace(ResourceType type, String namespace) {
        if (namespace == null || namespace.isEmpty()) {
            throw new IllegalArgumentException("namespace is required for namespaced type " + type);
        }
        return namespace;
    }

    private static String describe(ResourceType type, String namespace, String name) {
        return type.displayName() + " " + (type.namespaced() && namespace != null ? namespace + "/" + name : name);
    }

    /** Builds a {@link KubernetesClusterClient}; the defaults suit a production AKS cluster. */
    public static final class Builder {
        private Path kubeconfig;
        private String context;
        private boolean inCluster;
        private ApiClient apiClient;
        private double qps = 500;
        private int burst = 1000;
        private Duration requestTimeout = Duration.ofSeconds(60);
        private boolean prefetch = true;
        private Boolean compression;
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        /** Connects with a kubeconfig file, in its current context. */
        public Builder kubeconfig(Path file) {
            this.kubeconfig = Objects.requireNonNull(file, "kubeconfig");
            return this;
        }

        /** Connects with a kubeconfig file, in the named context. */
        public Builder kubeconfig(Path file, String context) {
            this.kubeconfig = Objects.requireNonNull(file, "kubeconfig");
            this.context = Objects.requireNonNull(context, "context");
            return this;
        }

        /** Connects with the service account of the pod this runs in. */
        public Builder inCluster() {
            this.inCluster = true;
            return this;
        }

        /** Connects through a client the caller configured. Its JSON settings gain client-java's dynamic-object adapter. */
        public Builder apiClient(ApiClient client) {
            this.apiClient = Objects.requireNonNull(client, "apiClient");
            return this;
        }

        /**
         * Client-side limit: {@code qps} requests per second sustained, {@code burst} at once.
         * {@code qps <= 0} turns the limit off. Default 500 / 1000.
         */
        public Builder rateLimit(double qps, int burst) {
            if (qps > 0 && burst < 1) {
                throw new IllegalArgumentException("burst must be at least 1, was " + burst);
            }
            this.qps = qps;
            this.burst = burst;
            return this;
        }

        /** How long one request may take (default 60 s); a timed-out request is a {@code NetworkFailure}. */
        public Builder requestTimeout(Duration timeout) {
            requirePositive(timeout, "requestTimeout");
            this.requestTimeout = timeout;
            return this;
        }

        /** Fetch the next page of a listing while the current one is consumed (default on). */
        public Builder prefetch(boolean on) {
            this.prefetch = on;
            return this;
        }

        /**
         * Ask for gzip-compressed responses. Default: on, except for an API server on a loopback
         * address, where compressing costs more than it saves.
         */
        public Builder responseCompression(boolean on) {
            this.compression = on;
            return this;
        }

        /** The clock pod-readiness deadlines are measured with (default the system clock). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Builds the client.
         *
         * @throws IllegalArgumentException when no or more than one source was given
         * @throws UncheckedIOException when the kubeconfig or service-account files cannot be read
         */
        public KubernetesClusterClient build() {
            int sources = (kubeconfig != null ? 1 : 0) + (inCluster ? 1 : 0) + (apiClient != null ? 1 : 0);
            if (sources != 1) {
                throw new IllegalArgumentException(
                        "give exactly one of kubeconfig, inCluster or apiClient (got " + sources + ")");
            }
            if (apiClient != null) {
                return new KubernetesClusterClient(this, apiClient, "Kubernetes cluster at " + apiClient.getBasePath(), null);
            }
            if (inCluster) {
                try {
                    ApiClient c = ClientBuilder.cluster().build();
                    return new KubernetesClusterClient(this, c, "Kubernetes cluster at " + c.getBasePath() + " (in-cluster)", null);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read the pod's service account: " + e.getMessage(), e);
                }
            }
            return fromKubeconfig();
        }

        private KubernetesClusterClient fromKubeconfig() {
            KubeConfig config;
            try (Reader r = Files.newBufferedReader(kubeconfig, StandardCharsets.UTF_8)) {
                config = KubeConfig.loadKubeConfig(r);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read kubeconfig " + kubeconfig + ": " + e.getMessage(), e);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("kubeconfig " + kubeconfig + " is not a valid kubeconfig: "
                        + e.getMessage(), e);
            }
            config.setFile(kubeconfig.toAbsolutePath().toFile());
            if (context != null && !config.setContext(context)) {
                throw new IllegalArgumentException("kubeconfig " + kubeconfig + " has no context '" + context + "'");
            }
            if (config.getServer() == null) {
                throw new IllegalArgumentException("kubeconfig " + kubeconfig + " names no server in context '"
                        + config.getCurrentContext() + "'");
            }
            try {
                ApiClient c = ClientBuilder.kubeconfig(config).build();
                return new KubernetesClusterClient(this, c, "Kubernetes cluster at " + c.getBasePath()
                        + " (context " + config.getCurrentContext() + ")", config.getCurrentContext());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot use kubeconfig " + kubeconfig + ": " + e.getMessage(), e);
            }
        }

        private static void requirePositive(Duration d, String name) {
            Objects.requireNonNull(d, name);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be positive, was " + d);
            }
        }
    }
}
