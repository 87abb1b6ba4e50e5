package io.github.aksbackup.testkit;

import io.github.aksbackup.api.AksBackupException;
import io.github.aksbackup.api.ConflictException;
import io.github.aksbackup.api.NotFoundException;
import io.github.aksbackup.api.selector.LabelSelector;
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
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A Kubernetes API server in memory, for tests and examples: the built-in types of an AKS cluster plus
 * the types of the CustomResourceDefinitions created in it, namespaces (creating into a missing one
 * fails, deleting one deletes its content), label selection, paged listing with continue, conflict on
 * duplicate create, server-set {@code uid}, {@code resourceVersion}, {@code creationTimestamp} and
 * {@code generation}, Service cluster IP allocation, pods whose readiness a test sets, and exec
 * handlers a test registers. Thread-safe.
 *
 * <p>What it does not do: run controllers (no Deployment makes pods, no claim binds by itself),
 * validate schemas, or garbage-collect dependents. Like the real server it rejects a create that
 * carries a {@code resourceVersion}, keeps no {@code status} a client sends with a create (except for
 * custom resources without a status subresource), and refuses a cluster IP already in use.
 *
 * <p>Objects are stored encoded, with their members sorted by key ({@link #compact} additionally compresses them, so that
 * benchmarks can hold hundreds of thousands of objects in a small heap); every read returns a fresh
 * tree the caller may change.
 *
 * <p>Timeouts of {@link #exec} and {@link #waitForPodReady} are measured on the injected clock, so
 * a test with a {@link ManualClock} expires them by advancing it.
 *
 * <p>This class keeps the objects and their writes; the served types (discovery, definitions) are in
 * {@link ServedTypes}, what the server checks and sets on a write in {@link ServerRules}, paged listing
 * in {@link PagedListing}, exec and readiness in {@link PodRuntime}, injected failures in
 * {@link InjectedFaults}.
 */
public final class InMemoryCluster implements ClusterClient {
    /** Namespaces every cluster starts with. */
    public static final List<String> INITIAL_NAMESPACES = List.of("default", "kube-system", "kube-public", "kube-node-lease");

    private final Clock clock;
    private final boolean compact;
    private final String name;
    private final ServedTypes types = new ServedTypes();
    private final ServerRules rules = new ServerRules();
    private final InjectedFaults faults = new InjectedFaults();
    private final PodRuntime pods;
    private final AtomicLong resourceVersion = new AtomicLong(1000);
    private final AtomicLong writes = new AtomicLong();
    /** Draws uids and generated names; seeded, two clusters filled alike hold the same objects. */
    private final java.util.Random ids;

    /** An empty cluster (only the initial namespaces) on the system clock. */
    public InMemoryCluster() {
        this(Clock.systemUTC());
    }

    /** An empty cluster (only the initial namespaces) whose timestamps and timeouts follow {@code clock}. */
    public InMemoryCluster(Clock clock) {
        this(clock, false, "in-memory cluster", new java.util.Random());
    }

    /**
     * An empty cluster on {@code clock} whose uids and generated names are drawn from {@code idSeed}:
     * filled the same way, two such clusters hold byte-identical objects, so that backups of them
     * write the same vault keys and seeded fault plans or interleavings repeat exactly.
     */
    public InMemoryCluster(Clock clock, long idSeed) {
        this(clock, false, "in-memory cluster", new java.util.Random(idSeed));
    }

    private InMemoryCluster(Clock clock, boolean compact, String name, java.util.Random ids) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.ids = ids;
        this.compact = compact;
        this.name = name;
        this.pods = new PodRuntime(clock);
        for (String ns : INITIAL_NAMESPACES) {
            add(Map.of("apiVersion", "v1", "kind", "Namespace", "metadata", Map.of("name", ns)));
        }
    }

    /** A cluster that compresses the objects it stores: slower, but five times smaller; for benchmarks. */
    public static InMemoryCluster compact(Clock clock) {
        return new InMemoryCluster(clock, true, "in-memory cluster (compact)", new java.util.Random());
    }

    /** A random (version 4) UUID from this cluster's seeded source. */
    private String newUid() {
        long hi;
        long lo;
        synchronized (ids) {
            hi = ids.nextLong();
            lo = ids.nextLong();
        }
        return new UUID((hi & ~0xF000L) | 0x4000L, (lo & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L).toString();
    }

    private static String objectKey(String namespace, String name) {
        return namespace == null ? name : namespace + "/" + name;
    }

    // ---- ClusterClient ----

    @Override
    public List<ResourceType> discover() {
        return types.discover();
    }

    @Override
    public Iterable<Page> list(ResourceType type, ListOptions options) {
        ServedTypes.TypeStore store = types.store(type);
        faults.check("list", type, options.namespace(), null);
        LabelSelector selector = options.labelSelector() == null ? LabelSelector.EVERYTHING : LabelSelector.parse(options.labelSelector());
        boolean expire = faults.takeExpiry(type);
        return () -> new PagedListing(store.objects, type, options, selector, expire, this::decode);
    }

    @Override
    public Optional<KubeObject> get(ResourceType type, String namespace, String name) {
        ServedTypes.TypeStore store = types.store(type);
        faults.check("get", type, namespace, name);
        byte[] b = store.objects.get(objectKey(type.namespaced() ? namespace : null, name));
        return b == null ? Optional.empty() : Optional.of(new KubeObject(decode(b)));
    }

    @Override
    public KubeObject create(ResourceType type, KubeObject object) {
        ServedTypes.TypeStore store = types.store(type);
        Map<String, Object> content = copy(object.content());
        Map<String, Object> md = ServerRules.mutableMap(content, "metadata");
        String ns = type.namespaced() ? (String) md.get("namespace") : null;
        faults.check("create", type, ns, (String) md.get("name"));
        String n = (String) md.get("name");
        if (n == null && md.get("generateName") instanceof String g) {
            n = g + newUid().substring(0, 5);
            md.put("name", n);
        }
        if (n == null || n.isEmpty()) {
            throw ServerRules.invalid(type, "?", "metadata.name: Required value");
        }
        ServerRules.checkKind(type, content, n);
        String badName = NameRules.problem(type, n);
        if (badName != null) {
            throw ServerRules.invalid(type, n, "metadata.name: Invalid value: \"" + n + "\": " + badName);
        }
        if (type.namespaced()) {
            if (ns == null || ns.isEmpty()) {
                throw ServerRules.invalid(type, n, "metadata.namespace: Required value");
            }
            if (!types.store(ServedTypes.NAMESPACES).objects.containsKey(ns)) {
                throw new NotFoundException("namespaces \"" + ns + "\" not found");
            }
        } else {
            md.remove("namespace");
        }
        Object rv = md.get("resourceVersion");
        if (rv != null && !rv.toString().isEmpty()) {
            throw ServerRules.invalid(type, n, "metadata.resourceVersion: resourceVersion should not be set on objects to be created");
        }
        md.put("uid", newUid());
        md.put("resourceVersion", Long.toString(resourceVersion.incrementAndGet()));
        md.put("creationTimestamp", clock.instant().truncatedTo(ChronoUnit.SECONDS).toString());
        md.remove("deletionTimestamp");
        if (content.get("spec") != null) {
            md.put("generation", 1L);
        }
        if (!store.custom || store.statusSubresource) {
            content.remove("status");
        }
        String k = objectKey(ns, n);
        byte[] bytes;
        synchronized (store) {
            if (store.objects.containsKey(k)) {
                throw new ConflictException(type.groupResource() + " \"" + n + "\" already exists");
            }
            rules.serverDefaults(type, content, n);
            bytes = encode(content);
            store.objects.put(k, bytes);
        }
        writes.incrementAndGet();
        if (ServedTypes.isDefinitionType(type)) {
            types.define(content);
        }
        return new KubeObject(decode(bytes));
    }

    @Override
    public KubeObject mergePatch(ResourceType type, String namespace, String name, Map<String, Object> patch) {
        ServedTypes.TypeStore store = types.store(type);
        String ns = type.namespaced() ? namespace : null;
        faults.check("patch", type, ns, name);
        String k = objectKey(ns, name);
        byte[] result;
        synchronized (store) {
            byte[] existing = store.objects.get(k);
            if (existing == null) {
                throw new NotFoundException(type.groupResource() + " \"" + name + "\" not found");
            }
            Map<String, Object> content = decode(existing);
            Object oldSpec = content.get("spec");
            @SuppressWarnings("unchecked")
            Map<String, Object> merged = (Map<String, Object>) ServerRules.mergePatchValue(content, copy(patch));
            Map<String, Object> md = ServerRules.mutableMap(merged, "metadata");
            @SuppressWarnings("unchecked")
            Map<String, Object> oldMd = (Map<String, Object>) content.get("metadata");
            for (String fixed : List.of("name", "namespace", "uid", "creationTimestamp")) {
                if (oldMd.get(fixed) != null) {
                    md.put(fixed, oldMd.get(fixed));
                } else {
                    md.remove(fixed);
                }
            }
            md.put("resourceVersion", Long.toString(resourceVersion.incrementAndGet()));
            if (!Objects.equals(oldSpec, merged.get("spec")) && merged.get("spec") != null) {
                long g = oldMd.get("generation") instanceof Number num ? num.longValue() : 0;
                md.put("generation", g + 1);
            }
            result = encode(merged);
            store.objects.put(k, result);
        }
        writes.incrementAndGet();
        pods.changed();
        return new KubeObject(decode(result));
    }

    @Override
    public boolean delete(ResourceType type, String namespace, String name) {
        ServedTypes.TypeStore store = types.store(type);
        String ns = type.namespaced() ? namespace : null;
        faults.check("delete", type, ns, name);
        byte[] removed = store.objects.remove(objectKey(ns, name));
        if (removed == null) {
            return false;
        }
        writes.incrementAndGet();
        if (type.plural().equals("namespaces") && type.group().isEmpty()) {
            types.deleteNamespaceContent(name);
        } else if (ServedTypes.isDefinitionType(type)) {
            types.undefine(decode(removed));
        }
        return true;
    }

    @Override
    public ExecResult exec(ExecRequest request) {
        return pods.exec(request, get(ServedTypes.PODS, request.namespace(), request.pod()));
    }

    @Override
    public boolean waitForPodReady(String namespace, String pod, String container, Duration timeout) {
        return pods.waitForPodReady(() -> get(ServedTypes.PODS, namespace, pod), container, timeout);
    }

    /**
     * {@inheritDoc}
     *
     * <p>The built-in kinds' metadata as a Kubernetes 1.20 API server publishes it; custom resources
     * have none, as on a real server.
     */
    @Override
    public Optional<PatchMetadata> patchMetadata(String apiVersion, String kind) {
        return BuiltInPatchMetadata.of(Objects.requireNonNull(apiVersion, "apiVersion"), Objects.requireNonNull(kind, "kind"));
    }

    @Override
    public String describe() {
        return name;
    }

    // ---- test controls ----

    /**
     * Creates an object given as a JSON tree, finding its type from {@code apiVersion} and
     * {@code kind}; for seeding tests.
     */
    public KubeObject add(Map<String, Object> object) {
        KubeObject o = new KubeObject(object);
        return create(type(o.apiVersion(), o.kind()), o);
    }

    /**
     * The served type of an {@code apiVersion} and {@code kind}.
     *
     * @throws NotFoundException when the cluster serves no such type
     */
    public ResourceType type(String apiVersion, String kind) {
        return types.type(apiVersion, kind);
    }

    /** The object, if it exists. */
    public Optional<KubeObject> find(String apiVersion, String kind, String namespace, String name) {
        return get(type(apiVersion, kind), namespace, name);
    }

    /** Every object of a type, in key order. */
    public List<KubeObject> objects(String apiVersion, String kind) {
        ServedTypes.TypeStore s = types.store(type(apiVersion, kind));
        List<KubeObject> out = new ArrayList<>();
        for (byte[] b : s.objects.values()) {
            out.add(new KubeObject(decode(b)));
        }
        return out;
    }

    /** Number of objects of every type. */
    public long size() {
        return types.size();
    }

    /** Creates, patches and deletes done so far, including the initial namespaces. */
    public long writes() {
        return writes.get();
    }

    /** Sets a pod's {@code Ready} condition and every container's {@code ready} flag, as a kubelet would. */
    public void setPodReady(String namespace, String pod, boolean ready) {
        KubeObject p = get(ServedTypes.PODS, namespace, pod).orElseThrow(() -> new NotFoundException("no pod " + namespace + "/" + pod));
        writes.decrementAndGet();
        mergePatch(ServedTypes.PODS, namespace, pod, Map.of("status", PodRuntime.readyStatus(p, ready)));
    }

    /** Makes every later exec run {@code handler}. The default succeeds with exit code 0 and no output. */
    public void onExec(ExecHandler handler) {
        pods.onExec(handler);
    }

    /** Every exec request received, in order. */
    public List<ExecRequest> execCalls() {
        return pods.execCalls();
    }

    /**
     * Makes operations fail: every {@code verb} ({@code list}, {@code get}, {@code create},
     * {@code patch}, {@code delete}) on the given plural (or any type when {@code null}), namespace and
     * name ({@code null} = any) throws {@code error}.
     */
    public void failOn(String verb, String plural, String namespace, String name, AksBackupException error) {
        faults.failOn(verb, plural, namespace, name, error);
    }

    /** Removes every injected failure. */
    public void clearFailures() {
        faults.clear();
    }

    /** Makes the next listing restart after its first page, as after an expired continue token. */
    public void expireNextContinueToken() {
        faults.expireNextListing("");
    }

    /** Makes the next listing of a type (by plural, such as {@code configmaps}) restart after its first page. */
    public void expireNextContinueToken(String plural) {
        faults.expireNextListing(plural);
    }

    // ---- internals ----

    private static Map<String, Object> copy(Map<String, Object> content) {
        return TreeCodec.copy(content);
    }

    private byte[] encode(Map<String, Object> content) {
        return TreeCodec.encode(content, compact);
    }

    private Map<String, Object> decode(byte[] stored) {
        return TreeCodec.decode(stored, compact);
    }

    /** Keys of all objects; for tests that compare whole clusters. */
    public Set<String> keys() {
        return types.keys();
    }
}
