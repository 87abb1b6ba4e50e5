package io.github.aksbackup.testkit;

import io.github.aksbackup.api.AksBackupException;
import io.github.aksbackup.api.ConflictException;
import io.github.aksbackup.api.ErrorCode;
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
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
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
 */
public final class InMemoryCluster implements ClusterClient {
    /** Namespaces every cluster starts with. */
    public static final List<String> INITIAL_NAMESPACES = List.of("default", "kube-system", "kube-public", "kube-node-lease");
    private static final String CRD_GROUP = "apiextensions.k8s.io";

    private final Clock clock;
    private final boolean compact;
    private final String name;
    private final Map<String, TypeStore> types = new ConcurrentHashMap<>();
    private final AtomicLong resourceVersion = new AtomicLong(1000);
    private final AtomicLong writes = new AtomicLong();
    private final Set<String> usedClusterIps = ConcurrentHashMap.newKeySet();
    private final AtomicInteger nextIp = new AtomicInteger(10);
    private final List<Fault> faults = new CopyOnWriteArrayList<>();
    private final List<ExecRequest> execCalls = new CopyOnWriteArrayList<>();
    private final java.util.concurrent.atomic.AtomicReference<String> expireNextListing = new java.util.concurrent.atomic.AtomicReference<>();
    private final Object readiness = new Object();
    /** Draws uids and generated names; seeded, two clusters filled alike hold the same objects. */
    private final java.util.Random ids;
    private final ExecutorService execThreads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "in-memory-exec");
        t.setDaemon(true);
        return t;
    });
    private volatile ExecHandler execHandler = request -> new ExecResult(0, "", "", false);

    /** One served type and its objects, keyed {@code namespace/name} or {@code name}. */
    private static final class TypeStore {
        final ResourceType type;
        final boolean custom;
        final boolean statusSubresource;
        final ConcurrentSkipListMap<String, byte[]> objects = new ConcurrentSkipListMap<>();

        TypeStore(ResourceType type, boolean custom, boolean statusSubresource) {
            this.type = type;
            this.custom = custom;
            this.statusSubresource = statusSubresource;
        }
    }

    /** An injected failure: operations matching it throw its error. */
    private record Fault(String verb, String plural, String namespace, String name, AksBackupException error) {
        boolean matches(String v, ResourceType t, String ns, String n) {
            return verb.equals(v) && (plural == null || plural.equals(t.plural()))
                    && (namespace == null || namespace.equals(ns)) && (name == null || name.equals(n));
        }
    }

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
        for (ResourceType t : BuiltInTypes.all()) {
            types.put(key(t.group(), t.plural()), new TypeStore(t, false, true));
        }
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

    private static String key(String group, String plural) {
        return group + "/" + plural;
    }

    private static String objectKey(String namespace, String name) {
        return namespace == null ? name : namespace + "/" + name;
    }

    // ---- ClusterClient ----

    @Override
    public List<ResourceType> discover() {
        List<ResourceType> out = new ArrayList<>();
        for (TypeStore s : types.values()) {
            out.add(s.type);
        }
        out.sort((a, b) -> a.displayName().compareTo(b.displayName()));
        return out;
    }

    @Override
    public Iterable<Page> list(ResourceType type, ListOptions options) {
        TypeStore store = store(type);
        fault("list", type, options.namespace(), null);
        LabelSelector selector = options.labelSelector() == null ? LabelSelector.EVERYTHING : LabelSelector.parse(options.labelSelector());
        String expiring = expireNextListing.get();
        boolean expire = expiring != null && (expiring.isEmpty() || expiring.equals(type.plural()))
                && expireNextListing.compareAndSet(expiring, null);
        return () -> new Iterator<>() {
            private String lastKey;
            private boolean done;
            private boolean restartPending = expire;
            private boolean restarted;
            private int pages;

            @Override
            public boolean hasNext() {
                return !done;
            }

            @Override
            public Page next() {
                if (done) {
                    throw new NoSuchElementException();
                }
                if (restartPending && pages == 1) {
                    // The continue token "expired": start over, as a client does after HTTP 410.
                    restartPending = false;
                    restarted = true;
                    lastKey = null;
                }
                NavigableMap<String, byte[]> view = store.objects;
                if (options.namespace() != null && type.namespaced()) {
                    view = view.subMap(options.namespace() + "/", true, options.namespace() + "0", false);
                }
                if (lastKey != null) {
                    view = view.tailMap(lastKey, false);
                }
                List<KubeObject> items = new ArrayList<>();
                Iterator<Map.Entry<String, byte[]>> it = view.entrySet().iterator();
                while (items.size() < options.pageSize() && it.hasNext()) {
                    Map.Entry<String, byte[]> e = it.next();
                    lastKey = e.getKey();
                    KubeObject o = new KubeObject(decode(e.getValue()));
                    if (selector.matches(o.labels())) {
                        items.add(o);
                    }
                }
                done = !it.hasNext() && !(restartPending && pages == 0);
                pages++;
                Page p = new Page(items, restarted);
                restarted = false;
                return p;
            }
        };
    }

    @Override
    public Optional<KubeObject> get(ResourceType type, String namespace, String name) {
        TypeStore store = store(type);
        fault("get", type, namespace, name);
        byte[] b = store.objects.get(objectKey(type.namespaced() ? namespace : null, name));
        return b == null ? Optional.empty() : Optional.of(new KubeObject(decode(b)));
    }

    @Override
    public KubeObject create(ResourceType type, KubeObject object) {
        TypeStore store = store(type);
        Map<String, Object> content = copy(object.content());
        Map<String, Object> md = mutableMap(content, "metadata");
        String ns = type.namespaced() ? (String) md.get("namespace") : null;
        fault("create", type, ns, (String) md.get("name"));
        String n = (String) md.get("name");
        if (n == null && md.get("generateName") instanceof String g) {
            n = g + newUid().substring(0, 5);
            md.put("name", n);
        }
        if (n == null || n.isEmpty()) {
            throw invalid(type, "?", "metadata.name: Required value");
        }
        checkKind(type, content, n);
        String badName = NameRules.problem(type, n);
        if (badName != null) {
            throw invalid(type, n, "metadata.name: Invalid value: \"" + n + "\": " + badName);
        }
        if (type.namespaced()) {
            if (ns == null || ns.isEmpty()) {
                throw invalid(type, n, "metadata.namespace: Required value");
            }
            if (!store(Types.NAMESPACES).objects.containsKey(ns)) {
                throw new NotFoundException("namespaces \"" + ns + "\" not found");
            }
        } else {
            md.remove("namespace");
        }
        Object rv = md.get("resourceVersion");
        if (rv != null && !rv.toString().isEmpty()) {
            throw invalid(type, n, "metadata.resourceVersion: resourceVersion should not be set on objects to be created");
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
            serverDefaults(type, content, n);
            bytes = encode(content);
            store.objects.put(k, bytes);
        }
        writes.incrementAndGet();
        if (type.group().equals(CRD_GROUP) && type.kind().equals("CustomResourceDefinition")) {
            registerCrd(content);
        }
        return new KubeObject(decode(bytes));
    }

    @Override
    public KubeObject mergePatch(ResourceType type, String namespace, String name, Map<String, Object> patch) {
        TypeStore store = store(type);
        String ns = type.namespaced() ? namespace : null;
        fault("patch", type, ns, name);
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
            Map<String, Object> merged = (Map<String, Object>) mergePatchValue(content, copy(patch));
            Map<String, Object> md = mutableMap(merged, "metadata");
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
        synchronized (readiness) {
            readiness.notifyAll();
        }
        return new KubeObject(decode(result));
    }

    @Override
    public boolean delete(ResourceType type, String namespace, String name) {
        TypeStore store = store(type);
        String ns = type.namespaced() ? namespace : null;
        fault("delete", type, ns, name);
        byte[] removed = store.objects.remove(objectKey(ns, name));
        if (removed == null) {
            return false;
        }
        writes.incrementAndGet();
        if (type.plural().equals("namespaces") && type.group().isEmpty()) {
            for (TypeStore s : types.values()) {
                if (s.type.namespaced()) {
                    s.objects.subMap(name + "/", true, name + "0", false).clear();
                }
            }
        } else if (type.group().equals(CRD_GROUP) && type.kind().equals("CustomResourceDefinition")) {
            Map<String, Object> crd = decode(removed);
            types.remove(key(str(crd, "spec", "group"), str(crd, "spec", "names", "plural")));
        }
        return true;
    }

    @Override
    public ExecResult exec(ExecRequest request) {
        KubeObject pod = get(Types.PODS, request.namespace(), request.pod())
                .orElseThrow(() -> new NotFoundException("pods \"" + request.pod() + "\" not found in namespace " + request.namespace()));
        if (request.container() != null && !containerNames(pod).contains(request.container())) {
            throw new NotFoundException("container " + request.container() + " is not valid for pod " + request.pod());
        }
        execCalls.add(request);
        ExecHandler handler = execHandler;
        Instant deadline = clock.instant().plus(request.timeout());
        Future<ExecResult> f = execThreads.submit(() -> handler.exec(request));
        while (true) {
            try {
                return f.get(10, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                if (!clock.instant().isBefore(deadline)) {
                    f.cancel(true);
                    return new ExecResult(null, "", "", true);
                }
            } catch (InterruptedException e) {
                f.cancel(true);
                Thread.currentThread().interrupt();
                return new ExecResult(null, "", "interrupted", false);
            } catch (ExecutionException e) {
                throw new AksBackupException(ErrorCode.EXEC_FAILED, "exec in pod " + request.namespace() + "/" + request.pod()
                        + " failed: " + e.getCause(), null, e.getCause());
            }
        }
    }

    @Override
    public boolean waitForPodReady(String namespace, String pod, String container, Duration timeout) {
        Instant deadline = clock.instant().plus(timeout);
        synchronized (readiness) {
            while (true) {
                Optional<KubeObject> p = get(Types.PODS, namespace, pod);
                if (p.isPresent() && isReady(p.get(), container)) {
                    return true;
                }
                if (!clock.instant().isBefore(deadline)) {
                    return false;
                }
                try {
                    readiness.wait(10);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
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
        String group = apiVersion == null || !apiVersion.contains("/") ? "" : apiVersion.substring(0, apiVersion.indexOf('/'));
        for (TypeStore s : types.values()) {
            if (s.type.group().equals(group) && s.type.kind().equals(kind)) {
                return s.type;
            }
        }
        throw new NotFoundException("the cluster serves no type " + apiVersion + "/" + kind);
    }

    /** The object, if it exists. */
    public Optional<KubeObject> find(String apiVersion, String kind, String namespace, String name) {
        return get(type(apiVersion, kind), namespace, name);
    }

    /** Every object of a type, in key order. */
    public List<KubeObject> objects(String apiVersion, String kind) {
        TypeStore s = store(type(apiVersion, kind));
        List<KubeObject> out = new ArrayList<>();
        for (byte[] b : s.objects.values()) {
            out.add(new KubeObject(decode(b)));
        }
        return out;
    }

    /** Number of objects of every type. */
    public long size() {
        long n = 0;
        for (TypeStore s : types.values()) {
            n += s.objects.size();
        }
        return n;
    }

    /** Creates, patches and deletes done so far, including the initial namespaces. */
    public long writes() {
        return writes.get();
    }

    /** Sets a pod's {@code Ready} condition and every container's {@code ready} flag, as a kubelet would. */
    public void setPodReady(String namespace, String pod, boolean ready) {
        KubeObject p = get(Types.PODS, namespace, pod).orElseThrow(() -> new NotFoundException("no pod " + namespace + "/" + pod));
        List<Object> statuses = new ArrayList<>();
        for (String c : containerNames(p)) {
            statuses.add(Map.of("name", c, "ready", ready));
        }
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("phase", ready ? "Running" : "Pending");
        status.put("conditions", List.of(Map.of("type", "Ready", "status", ready ? "True" : "False")));
        status.put("containerStatuses", statuses);
        writes.decrementAndGet();
        mergePatch(Types.PODS, namespace, pod, Map.of("status", status));
    }

    /** Makes every later exec run {@code handler}. The default succeeds with exit code 0 and no output. */
    public void onExec(ExecHandler handler) {
        this.execHandler = Objects.requireNonNull(handler, "handler");
    }

    /** Every exec request received, in order. */
    public List<ExecRequest> execCalls() {
        return Collections.unmodifiableList(new ArrayList<>(execCalls));
    }

    /**
     * Makes operations fail: every {@code verb} ({@code list}, {@code get}, {@code create},
     * {@code patch}, {@code delete}) on the given plural (or any type when {@code null}), namespace and
     * name ({@code null} = any) throws {@code error}.
     */
    public void failOn(String verb, String plural, String namespace, String name, AksBackupException error) {
        faults.add(new Fault(verb, plural, namespace, name, error));
    }

    /** Removes every injected failure. */
    public void clearFailures() {
        faults.clear();
    }

    /** Makes the next listing restart after its first page, as after an expired continue token. */
    public void expireNextContinueToken() {
        expireNextListing.set("");
    }

    /** Makes the next listing of a type (by plural, such as {@code configmaps}) restart after its first page. */
    public void expireNextContinueToken(String plural) {
        expireNextListing.set(plural);
    }

    // ---- internals ----

    private void fault(String verb, ResourceType type, String namespace, String name) {
        for (Fault f : faults) {
            if (f.matches(verb, type, namespace, name)) {
                throw f.error();
            }
        }
    }

    private TypeStore store(ResourceType type) {
        TypeStore s = types.get(key(type.group(), type.plural()));
        if (s == null) {
            throw new NotFoundException("the server could not find the requested resource " + type.groupResource());
        }
        return s;
    }

    private static AksBackupException invalid(ResourceType type, String name, String detail) {
        return new AksBackupException(ErrorCode.INVALID, type.kind() + " \"" + name + "\" is invalid: " + detail);
    }

    private static void checkKind(ResourceType type, Map<String, Object> content, String name) {
        Object kind = content.get("kind");
        Object apiVersion = content.get("apiVersion");
        if (!type.kind().equals(kind)) {
            throw invalid(type, name, "kind: must be " + type.kind() + ", was " + kind);
        }
        String group = apiVersion instanceof String s && s.contains("/") ? s.substring(0, s.indexOf('/')) : "";
        if (!(apiVersion instanceof String) || !group.equals(type.group())) {
            throw invalid(type, name, "apiVersion: must be in group '" + type.group() + "', was " + apiVersion);
        }
    }

    @SuppressWarnings("unchecked")
    private void serverDefaults(ResourceType type, Map<String, Object> content, String name) {
        if (type.group().isEmpty() && type.kind().equals("Service")) {
            Map<String, Object> spec = mutableMap(content, "spec");
            Object ip = spec.get("clusterIP");
            if (ip == null || "".equals(ip)) {
                String allocated;
                do {
                    int n = nextIp.getAndIncrement();
                    allocated = "10.0." + (n / 250) % 250 + "." + (n % 250 + 1);
                } while (!usedClusterIps.add(allocated));
                spec.put("clusterIP", allocated);
                spec.put("clusterIPs", List.of(allocated));
            } else if (!"None".equals(ip)) {
                if (!usedClusterIps.add((String) ip)) {
                    throw invalid(type, name, "spec.clusterIPs: Invalid value: [\"" + ip + "\"]: failed to allocate IP " + ip
                            + ": provided IP is already allocated");
                }
                spec.put("clusterIPs", List.of(ip));
            }
        } else if (type.group().isEmpty() && type.kind().equals("Namespace")) {
            content.put("status", Map.of("phase", "Active"));
            Map<String, Object> labels = mutableMap(mutableMap(content, "metadata"), "labels");
            labels.put("kubernetes.io/metadata.name", name);
        } else if (type.group().isEmpty() && type.kind().equals("Pod")) {
            content.put("status", Map.of("phase", "Pending", "conditions", List.of(Map.of("type", "Ready", "status", "False"))));
        } else if (type.group().isEmpty() && type.kind().equals("PersistentVolumeClaim")) {
            Object volume = content.get("spec") instanceof Map<?, ?> spec ? spec.get("volumeName") : null;
            content.put("status", Map.of("phase", volume == null ? "Pending" : "Bound"));
        }
    }

    @SuppressWarnings("unchecked")
    private void registerCrd(Map<String, Object> crd) {
        String group = str(crd, "spec", "group");
        String plural = str(crd, "spec", "names", "plural");
        String kind = str(crd, "spec", "names", "kind");
        String scope = str(crd, "spec", "scope");
        String version = null;
        boolean status = false;
        Object versions = ((Map<String, Object>) crd.getOrDefault("spec", Map.of())).get("versions");
        if (versions instanceof List<?> vs) {
            for (Object o : vs) {
                Map<String, Object> v = (Map<String, Object>) o;
                if (version == null && !Boolean.FALSE.equals(v.get("served")) || Boolean.TRUE.equals(v.get("storage"))) {
                    version = (String) v.get("name");
                    status = v.get("subresources") instanceof Map<?, ?> sub && sub.containsKey("status");
                }
            }
        }
        if (group == null || plural == null || kind == null || version == null) {
            return;
        }
        ResourceType t = new ResourceType(group, version, kind, plural, !"Cluster".equals(scope), BuiltInTypes.VERBS);
        types.putIfAbsent(key(group, plural), new TypeStore(t, true, status));
    }

    private static boolean isReady(KubeObject pod, String container) {
        Object conditions = pod.at("status", "conditions");
        boolean podReady = conditions instanceof List<?> l && l.stream().anyMatch(c -> c instanceof Map<?, ?> m
                && "Ready".equals(m.get("type")) && "True".equals(m.get("status")));
        if (container == null) {
            return podReady;
        }
        Object statuses = pod.at("status", "containerStatuses");
        return statuses instanceof List<?> l && l.stream().anyMatch(c -> c instanceof Map<?, ?> m
                && container.equals(m.get("name")) && Boolean.TRUE.equals(m.get("ready")));
    }

    private static List<String> containerNames(KubeObject pod) {
        List<String> names = new ArrayList<>();
        if (pod.at("spec", "containers") instanceof List<?> cs) {
            for (Object c : cs) {
                if (c instanceof Map<?, ?> m && m.get("name") instanceof String s) {
                    names.add(s);
                }
            }
        }
        return names;
    }

    private static String str(Map<String, Object> m, String... path) {
        Object v = new KubeObject(m).at(path);
        return v instanceof String s ? s : null;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> mutableMap(Map<String, Object> parent, String key) {
        Object v = parent.get(key);
        if (v instanceof Map<?, ?> m && !(v instanceof LinkedHashMap<?, ?>)) {
            v = new LinkedHashMap<>((Map<String, Object>) m);
            parent.put(key, v);
        } else if (!(v instanceof Map<?, ?>)) {
            v = new LinkedHashMap<String, Object>();
            parent.put(key, v);
        }
        return (Map<String, Object>) v;
    }

    /** RFC 7386: maps merge recursively, {@code null} removes, anything else replaces. */
    @SuppressWarnings("unchecked")
    static Object mergePatchValue(Object target, Object patch) {
        if (!(patch instanceof Map<?, ?> p)) {
            return patch;
        }
        Map<String, Object> result = target instanceof Map<?, ?> t ? new LinkedHashMap<>((Map<String, Object>) t) : new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : ((Map<String, Object>) p).entrySet()) {
            if (e.getValue() == null) {
                result.remove(e.getKey());
            } else {
                result.put(e.getKey(), mergePatchValue(result.get(e.getKey()), e.getValue()));
            }
        }
        return result;
    }

    private static Map<String, Object> copy(Map<String, Object> content) {
        return TreeCodec.copy(content);
    }

    private byte[] encode(Map<String, Object> content) {
        return TreeCodec.encode(content, compact);
    }

    private Map<String, Object> decode(byte[] stored) {
        return TreeCodec.decode(stored, compact);
    }

    /** The built-in types the cluster itself needs. */
    private static final class Types {
        static final ResourceType NAMESPACES = new ResourceType("", "v1", "Namespace", "namespaces", false, BuiltInTypes.VERBS);
        static final ResourceType PODS = new ResourceType("", "v1", "Pod", "pods", true, BuiltInTypes.VERBS);
    }

    /** Keys of all objects; for tests that compare whole clusters. */
    public Set<String> keys() {
        Set<String> out = new HashSet<>();
        for (TypeStore s : types.values()) {
            for (String k : s.objects.keySet()) {
                out.add(s.type.displayName() + " " + k);
            }
        }
        return out;
    }
}
