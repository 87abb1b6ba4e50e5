package io.github.aksbackup.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.aksbackup.api.AksBackupException;
import io.github.aksbackup.api.ConflictException;
import io.github.aksbackup.api.NotFoundException;
import io.github.aksbackup.spi.ClusterClient;
import io.github.aksbackup.spi.KubeObject;
import io.github.aksbackup.spi.ListOptions;
import io.github.aksbackup.spi.Page;
import io.github.aksbackup.spi.ResourceType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ClusterClient} must do the way a real Kubernetes API server does it, as a JUnit 5
 * test class to extend: the project runs it against the in-memory cluster and against a real
 * kube-apiserver, so the fake the engine's tests use is held to the real server's behaviour. A subclass
 * supplies the client; each test works in namespaces of its own (fresh names, because a server without
 * a controller-manager never finishes deleting a namespace), so one cluster can serve every test.
 *
 * <p>Covered: discovery (built-in kinds, scope, verbs, no subresources, custom types once their CRD is
 * established); create (server-set fields, conflicts, a missing namespace, invalid names, a client-set
 * {@code resourceVersion}); get; JSON merge patch (maps merge, {@code null} removes, lists are
 * replaced, a missing object); delete; paged listing (page sizes, every object once, continue across
 * pages, a namespace or all of them); server-side label selectors in the full syntax. The read-only
 * calls a restore's dry run makes (discover, list, get) never change what the server holds.
 */
public abstract class ClusterClientContract {
    private static final AtomicLong SEQUENCE = new AtomicLong();
    private List<ResourceType> discovered;

    /** The client under test; may return the same client to every test. */
    protected abstract ClusterClient client();

    /**
     * A prefix that makes this run's names unique on a server that outlives it (a real server keeps the
     * namespaces of earlier runs). Default: a random one.
     */
    protected String runPrefix() {
        return RUN_PREFIX;
    }

    private static final String RUN_PREFIX = "c" + Long.toString(System.nanoTime() & 0xffffffL, 36);

    /** How long a custom type may take to appear in discovery after its CRD is created. */
    protected Duration discoveryTimeout() {
        return Duration.ofSeconds(30);
    }

    /** Waits before polling discovery again; a manual clock's implementation may do nothing. */
    protected void pause() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    // ---- discovery ----

    @Test
    void discoveryReportsBuiltInKindsWithTheirScopeAndVerbsAndNoSubresources() {
        List<ResourceType> types = client().discover();
        ResourceType cm = type(types, "", "ConfigMap");
        assertEquals("v1", cm.version());
        assertEquals("configmaps", cm.plural());
        assertTrue(cm.namespaced());
        for (String verb : List.of("list", "get", "create", "patch", "delete")) {
            assertTrue(cm.allows(verb), "configmaps allow " + verb);
        }
        assertFalse(type(types, "", "Namespace").namespaced());
        assertFalse(type(types, "rbac.authorization.k8s.io", "ClusterRole").namespaced());
        assertTrue(type(types, "apps", "Deployment").namespaced());
        assertEquals("persistentvolumeclaims", type(types, "", "PersistentVolumeClaim").plural());
        assertTrue(types.stream().noneMatch(t -> t.plural().contains("/")), "no subresources: " + types);
        assertEquals(types.size(), types.stream().map(ResourceType::groupResource).distinct().count(),
                "each group/resource once");
    }

    @Test
    void aCustomTypeIsDiscoveredOnceItsDefinitionIsCreatedAndItsObjectsRoundTrip() {
        String plural = unique("gizmo").replace("-", "") + "s";
        String group = "contract.aksbackup.io";
        ResourceType crds = type(client().discover(), "apiextensions.k8s.io", "CustomResourceDefinition");
        String kind = "G" + plural.substring(1, plural.length() - 1);
        client().create(crds, new KubeObject(Fixtures.crd(group, kind, plural)));
        ResourceType gizmos = awaitType(group, plural);
        assertTrue(gizmos.namespaced());
        assertEquals("v1", gizmos.version());
        String ns = newNamespace();
        KubeObject g = new KubeObject(Fixtures.obj(gizmos.apiVersion(), gizmos.kind(), ns, "g1", Map.of("app", "g"),
                Map.of("spec", Map.of("size", 3L, "tags", List.of("a", "b")))));
        client().create(gizmos, g);
        KubeObject got = client().get(gizmos, ns, "g1").orElseThrow();
        assertEquals(gizmos.apiVersion(), got.apiVersion());
        assertEquals(gizmos.kind(), got.kind());
        assertEquals(Map.of("size", 3L, "tags", List.of("a", "b")), got.content().get("spec"));
        assertEquals(List.of("g1"), names(listAll(gizmos, new ListOptions(ns, "app=g", 10))));
    }

    // ---- create, get, patch, delete ----

    @Test
    void createSetsServerFieldsAndGetReturnsWhatWasStored() {
        String ns = newNamespace();
        KubeObject created = client().create(configMaps(), configMap(ns, "settings", Map.of("app", "web"), Map.of("k", "v")));
        assertEquals("settings", created.name());
        assertEquals(ns, created.namespace());
        assertNotNull(created.metadata().get("uid"), "uid");
        assertNotNull(created.metadata().get("resourceVersion"), "resourceVersion");
        assertNotNull(created.metadata().get("creationTimestamp"), "creationTimestamp");
        assertEquals("v1", created.apiVersion());
        assertEquals("ConfigMap", created.kind());
        KubeObject got = client().get(configMaps(), ns, "settings").orElseThrow();
        assertEquals(created.metadata().get("uid"), got.metadata().get("uid"));
        assertEquals(Map.of("k", "v"), got.content().get("data"));
        assertEquals(Map.of("app", "web"), got.labels());
    }

    @Test
    void createOfAnExistingNameIsAConflictNamingItAndChangesNothing() {
        String ns = newNamespace();
        client().create(configMaps(), configMap(ns, "once", Map.of(), Map.of("k", "first")));
        ConflictException e = assertThrows(ConflictException.class,
                () -> client().create(configMaps(), configMap(ns, "once", Map.of(), Map.of("k", "second"))));
        assertTrue(e.getMessage().contains("once"), e.getMessage());
        assertEquals(Map.of("k", "first"), client().get(configMaps(), ns, "once").orElseThrow().content().get("data"));
    }

    @Test
    void createInANamespaceThatDoesNotExistIsNotFound() {
        assertThrows(NotFoundException.class,
                () -> client().create(configMaps(), configMap(unique("absent"), "x", Map.of(), Map.of())));
    }

    @Test
    void createOfANameTheServerDoesNotAcceptIsInvalidAndNamesIt() {
        String ns = newNamespace();
        AksBackupException e = assertThrows(AksBackupException.class,
                () -> client().create(configMaps(), configMap(ns, "Not_A_DNS_Name", Map.of(), Map.of())));
        assertEquals("Invalid", e.code());
        assertTrue(e.getMessage().contains("Not_A_DNS_Name"), e.getMessage());
        assertEquals(Optional.empty(), client().get(configMaps(), ns, "Not_A_DNS_Name"));
    }

    @Test
    void createOfAnObjectCarryingAResourceVersionIsRefusedAndCreatesNothing() {
        String ns = newNamespace();
        KubeObject o = configMap(ns, "versioned", Map.of(), Map.of());
        o.metadata().put("resourceVersion", "12345");
        assertThrows(AksBackupException.class, () -> client().create(configMaps(), o));
        assertEquals(Optional.empty(), client().get(configMaps(), ns, "versioned"));
    }

    @Test
    void getOfAMissingObjectOrNamespaceIsEmpty() {
        String ns = newNamespace();
        assertEquals(Optional.empty(), client().get(configMaps(), ns, "missing"));
        assertEquals(Optional.empty(), client().get(configMaps(), unique("absent"), "missing"));
        assertEquals(Optional.empty(), client().get(namespaces(), null, unique("absent")));
    }

    @Test
    void mergePatchMergesMapsRemovesNullsReplacesListsAndChangesTheResourceVersion() {
        String ns = newNamespace();
        KubeObject created = client().create(configMaps(), configMap(ns, "patched", Map.of("a", "1", "keep", "yes"),
                Map.of("k", "v")));
        Map<String, Object> labels = new LinkedHashMap<>();
        labels.put("a", null);
        labels.put("b", "2");
        Map<String, Object> annotations = new LinkedHashMap<>();
        annotations.put("list", "[1,2]");
        KubeObject patched = client().mergePatch(configMaps(), ns, "patched",
                Map.of("metadata", Map.of("labels", labels, "annotations", annotations), "data", Map.of("k2", "v2")));
        assertEquals(Map.of("b", "2", "keep", "yes"), patched.labels());
        assertEquals(Map.of("k", "v", "k2", "v2"), patched.content().get("data"));
        assertNotEquals(created.metadata().get("resourceVersion"), patched.metadata().get("resourceVersion"));
        assertEquals(created.metadata().get("uid"), patched.metadata().get("uid"));
        assertEquals(patched.content(), client().get(configMaps(), ns, "patched").orElseThrow().content());

        String sa = "patched-account";
        client().create(serviceAccounts(), new KubeObject(Fixtures.obj("v1", "ServiceAccount", ns, sa, Map.of(),
                Map.of("imagePullSecrets", List.of(Map.of("name", "one"), Map.of("name", "two"))))));
        KubeObject replaced = client().mergePatch(serviceAccounts(), ns, sa,
                Map.of("imagePullSecrets", List.of(Map.of("name", "three"))));
        assertEquals(List.of(Map.of("name", "three")), replaced.content().get("imagePullSecrets"),
                "a merge patch replaces lists whole");
    }

    @Test
    void mergePatchOfAMissingObjectIsNotFound() {
        String ns = newNamespace();
        assertThrows(NotFoundException.class,
                () -> client().mergePatch(configMaps(), ns, "missing", Map.of("data", Map.of("k", "v"))));
        assertEquals(Optional.empty(), client().get(configMaps(), ns, "missing"), "a failed patch creates nothing");
    }

    @Test
    void deleteSaysWhetherTheObjectExisted() {
        String ns = newNamespace();
        client().create(configMaps(), configMap(ns, "doomed", Map.of(), Map.of()));
        assertTrue(client().delete(configMaps(), ns, "doomed"));
        assertEquals(Optional.empty(), client().get(configMaps(), ns, "doomed"));
        assertFalse(client().delete(configMaps(), ns, "doomed"));
        assertFalse(client().delete(configMaps(), unique("absent"), "doomed"));
    }

    @Test
    void clusterScopedObjectsHaveNoNamespace() {
        String name = unique("scoped");
        KubeObject created = client().create(namespaces(), new KubeObject(Fixtures.obj("v1", "Namespace", null, name,
                Map.of("x", "y"), Map.of())));
        assertEquals(name, created.name());
        assertNull(created.namespace());
        assertEquals("y", client().get(namespaces(), null, name).orElseThrow().labels().get("x"));
    }

    // ---- listing ----

    @Test
    void listingReturnsEveryObjectOnceInPagesOfAtMostThePageSize() {
        String ns = newNamespace();
        Set<String> expected = new TreeSet<>();
        for (int i = 0; i < 23; i++) {
            String name = String.format("cm-%02d", i);
            client().create(configMaps(), configMap(ns, name, Map.of(), Map.of("i", Integer.toString(i))));
            expected.add(name);
        }
        List<Page> pages = new ArrayList<>();
        client().list(configMaps(), new ListOptions(ns, null, 5)).forEach(pages::add);
        assertTrue(pages.size() >= 5, "23 objects in pages of 5 take at least 5 pages, got " + pages.size());
        List<KubeObject> all = new ArrayList<>();
        for (Page p : pages) {
            assertTrue(p.items().size() <= 5, "page of " + p.items().size());
            assertFalse(p.restarted());
            all.addAll(p.items());
        }
        assertEquals(new ArrayList<>(expected), names(all));
        for (KubeObject o : all) {
            assertEquals("v1", o.apiVersion());
            assertEquals("ConfigMap", o.kind());
            assertEquals(ns, o.namespace());
        }
    }

    @Test
    void listingWithoutANamespaceCoversEveryNamespace() {
        String a = newNamespace();
        String b = newNamespace();
        String label = unique("everywhere");
        client().create(configMaps(), configMap(a, "in-a", Map.of("run", label), Map.of()));
        client().create(configMaps(), configMap(b, "in-b", Map.of("run", label), Map.of()));
        List<KubeObject> all = listAll(configMaps(), new ListOptions(null, "run=" + label, 1));
        Set<String> found = new HashSet<>();
        all.forEach(o -> found.add(o.qualifiedName()));
        assertEquals(Set.of(a + "/in-a", b + "/in-b"), found);
        assertEquals(List.of("in-a"), names(listAll(configMaps(), new ListOptions(a, null, 500))));
    }

    @Test
    void labelSelectorsAreEvaluatedWithTheFullSyntax() {
        String ns = newNamespace();
        client().create(configMaps(), configMap(ns, "web-prod", Map.of("app", "web", "env", "prod"), Map.of()));
        client().create(configMaps(), configMap(ns, "web-test", Map.of("app", "web", "env", "test"), Map.of()));
        client().create(configMaps(), configMap(ns, "db-prod", Map.of("app", "db", "env", "prod", "tier", "data"), Map.of()));
        client().create(configMaps(), configMap(ns, "plain", Map.of(), Map.of()));
        assertEquals(List.of("web-prod", "web-test"), selected(ns, "app=web"));
        assertEquals(List.of("plain", "web-test"), selected(ns, "env!=prod"));
        assertEquals(List.of("db-prod", "web-prod"), selected(ns, "env in (prod,staging)"));
        assertEquals(List.of("db-prod", "plain"), selected(ns, "app notin (web)"));
        assertEquals(List.of("db-prod"), selected(ns, "app,app notin (web)"));
        assertEquals(List.of("db-prod"), selected(ns, "tier"));
        assertEquals(List.of("plain", "web-prod", "web-test"), selected(ns, "!tier"));
        assertEquals(List.of("web-prod"), selected(ns, "app=web,env=prod"));
        assertEquals(List.of(), selected(ns, "app=none"));
    }

    @Test
    void readsNeverChangeWhatTheServerHolds() {
        String ns = newNamespace();
        KubeObject created = client().create(configMaps(), configMap(ns, "still", Map.of(), Map.of("k", "v")));
        client().discover();
        listAll(configMaps(), new ListOptions(ns, null, 1));
        client().get(configMaps(), ns, "still");
        client().get(configMaps(), ns, "absent");
        KubeObject after = client().get(configMaps(), ns, "still").orElseThrow();
        assertEquals(created.metadata().get("resourceVersion"), after.metadata().get("resourceVersion"));
        assertEquals(List.of("still"), names(listAll(configMaps(), new ListOptions(ns, null, 500))));
    }

    // ---- helpers for subclasses and tests ----

    /** A fresh, unique name with the given prefix. */
    protected final String unique(String prefix) {
        return prefix + "-" + runPrefix() + "-" + SEQUENCE.incrementAndGet();
    }

    /** Creates a namespace with a fresh name and returns the name. */
    protected final String newNamespace() {
        String name = unique("contract");
        client().create(namespaces(), new KubeObject(Fixtures.namespace(name)));
        return name;
    }

    private List<String> selected(String ns, String selector) {
        return names(listAll(configMaps(), new ListOptions(ns, selector, 500)));
    }

    private ResourceType configMaps() {
        return type(builtIns(), "", "ConfigMap");
    }

    private ResourceType namespaces() {
        return type(builtIns(), "", "Namespace");
    }

    private ResourceType serviceAccounts() {
        return type(builtIns(), "", "ServiceAccount");
    }

    /** Discovery once per test: built-in kinds do not come and go. */
    private List<ResourceType> builtIns() {
        if (discovered == null) {
            discovered = client().discover();
        }
        return discovered;
    }

    private ResourceType awaitType(String group, String plural) {
        long deadline = System.nanoTime() + discoveryTimeout().toNanos();
        while (true) {
            Optional<ResourceType> t = client().discover().stream()
                    .filter(r -> r.group().equals(group) && r.plural().equals(plural)).findFirst();
            if (t.isPresent()) {
                return t.get();
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(plural + "." + group + " was not discovered within " + discoveryTimeout());
            }
            pause();
        }
    }

    private List<KubeObject> listAll(ResourceType type, ListOptions options) {
        List<KubeObject> all = new ArrayList<>();
        client().list(type, options).forEach(p -> all.addAll(p.items()));
        return all;
    }

    private static ResourceType type(List<ResourceType> types, String group, String kind) {
        return types.stream().filter(t -> t.group().equals(group) && t.kind().equals(kind)).findFirst()
                .orElseThrow(() -> new AssertionError("discovery lacks " + kind + " of group '" + group + "'"));
    }

    private static KubeObject configMap(String ns, String name, Map<String, String> labels, Map<String, String> data) {
        return new KubeObject(Fixtures.obj("v1", "ConfigMap", ns, name, labels, Map.of("data", new LinkedHashMap<>(data))));
    }

    private static List<String> names(List<KubeObject> objects) {
        return objects.stream().map(KubeObject::name).sorted().toList();
    }
}
