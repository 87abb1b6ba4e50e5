package io.github.aksbackup.k8s;

import static io.github.aksbackup.k8s.TestCluster.CONFIG_MAPS;
import static io.github.aksbackup.k8s.TestCluster.configMap;
import static io.github.aksbackup.k8s.TestCluster.names;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.aksbackup.api.AksBackupException;
import io.github.aksbackup.api.ConflictException;
import io.github.aksbackup.api.NotFoundException;
import io.github.aksbackup.spi.KubeObject;
import io.github.aksbackup.spi.ListOptions;
import io.github.aksbackup.spi.Page;
import io.github.aksbackup.spi.ResourceType;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@link KubernetesClusterClient} against a real kube-apiserver. */
class KubernetesClusterClientIT {
    private static KubernetesClusterClient client;

    @BeforeAll
    static void connect() {
        client = TestCluster.client();
    }

    @AfterAll
    static void close() {
        if (client != null) {
            client.close();
        }
    }

    @Test
    void discoversServedTypesInPreferredVersionsWithoutSubresourcesOrUncreatableTypes() {
        List<ResourceType> types = client.discover();
        ResourceType cm = find(types, "", "configmaps");
        assertEquals("v1", cm.version());
        assertEquals("ConfigMap", cm.kind());
        assertTrue(cm.namespaced());
        assertTrue(cm.allows("list") && cm.allows("create") && cm.allows("patch"));
        ResourceType deployments = find(types, "apps", "deployments");
        assertEquals("v1", deployments.version());
        ResourceType clusterRoles = find(types, "rbac.authorization.k8s.io", "clusterroles");
        assertFalse(clusterRoles.namespaced());
        assertTrue(types.stream().noneMatch(t -> t.plural().contains("/")), "no subresources");
        // bindings and tokenreviews cannot be listed; componentstatuses cannot be created
        assertTrue(types.stream().noneMatch(t -> List.of("bindings", "tokenreviews", "componentstatuses",
                "selfsubjectaccessreviews").contains(t.plural())));
        // the same stored objects under a legacy second name would be backed up twice
        assertTrue(types.stream().noneMatch(t -> t.group().equals("extensions")));
        assertTrue(types.stream().noneMatch(t -> t.group().equals("events.k8s.io")));
        assertEquals(1, types.stream().filter(t -> t.plural().equals("ingresses")).count());
        assertEquals(types.size(), types.stream().map(ResourceType::groupResource).distinct().count());
    }

    @Test
    void discoversCustomResourceTypesOnceEstablished() {
        String plural = TestCluster.unique("gadgets").replace("-", "") + "s";
        ResourceType installed = Crds.installWidgets(client, plural);
        ResourceType found = find(client.discover(), "example.aksbackup.io", plural);
        assertEquals(installed.kind(), found.kind());
        assertEquals("v1", found.version());
        assertTrue(found.namespaced());
    }

    @Test
    void discoversTypesThatOnlyANonPreferredVersionOfTheirGroupServes() {
        // The group's preferred version is v2, which only the first kind has; the second kind is
        // served in v1 alone (as Kubernetes 1.20 serves CronJobs only in batch/v1beta1).
        String group = TestCluster.unique("versions") + ".example.aksbackup.io";
        Crds.install(client, versionedCrd(group, "Sprocket", List.of("v1", "v2")), java.time.Duration.ofSeconds(60));
        Crds.install(client, versionedCrd(group, "Cog", List.of("v1")), java.time.Duration.ofSeconds(60));
        List<ResourceType> types = client.discover();
        assertEquals("v2", find(types, group, "sprockets").version());
        ResourceType cogs = find(types, group, "cogs");
        assertEquals("v1", cogs.version());
        assertEquals("Cog", cogs.kind());
        assertEquals(1, types.stream().filter(t -> t.group().equals(group) && t.plural().equals("sprockets")).count());
    }

    private static Map<String, Object> versionedCrd(String group, String kind, List<String> versions) {
        String plural = kind.toLowerCase(java.util.Locale.ROOT) + "s";
        List<Map<String, Object>> served = new ArrayList<>();
        for (String v : versions) {
            served.add(Map.of("name", v, "served", true, "storage", v.equals(versions.get(versions.size() - 1)),
                    "schema", Map.of("openAPIV3Schema", Map.of("type", "object", "x-kubernetes-preserve-unknown-fields", true))));
        }
        return new LinkedHashMap<>(Map.of("apiVersion", "apiextensions.k8s.io/v1", "kind", "CustomResourceDefinition",
                "metadata", Map.of("name", plural + "." + group),
                "spec", Map.of("group", group, "scope", "Namespaced", "versions", served,
                        "names", Map.of("plural", plural, "singular", kind.toLowerCase(java.util.Locale.ROOT), "kind", kind))));
    }

    @Test
    void listsAcrossPagesWithContinueTokens() {
        String ns = TestCluster.newNamespace(client, "paging");
        IntStream.range(0, 25).forEach(i -> client.create(CONFIG_MAPS,
                configMap(ns, "cm-" + i, Map.of("n", Integer.toString(i)), Map.of("k", "v" + i))));
        List<Integer> pageSizes = new ArrayList<>();
        List<KubeObject> all = new ArrayList<>();
        for (Page page : client.list(CONFIG_MAPS, new ListOptions(ns, null, 10))) {
            assertFalse(page.restarted());
            pageSizes.add(page.items().size());
            all.addAll(page.items());
        }
        assertEquals(List.of(10, 10, 5), pageSizes);
        assertEquals(IntStream.range(0, 25).mapToObj(i -> "cm-" + i).sorted().toList(), names(all));
        for (KubeObject o : all) {
            assertEquals("v1", o.apiVersion());
            assertEquals("ConfigMap", o.kind());
            assertEquals(ns, o.namespace());
            assertNotNull(o.metadata().get("uid"));
            assertNotNull(o.metadata().get("creationTimestamp"));
            assertEquals(null, o.metadata().get("managedFields"), "field bookkeeping no backup keeps is not parsed");
            assertEquals("v" + o.labels().get("n"), ((Map<?, ?>) o.content().get("data")).get("k"));
        }
    }

    @Test
    void listsAllNamespacesWhenNoneIsGiven() {
        String a = TestCluster.newNamespace(client, "all-a");
        String b = TestCluster.newNamespace(client, "all-b");
        String marker = TestCluster.unique("m");
        client.create(CONFIG_MAPS, configMap(a, "x", Map.of("marker", marker), Map.of()));
        client.create(CONFIG_MAPS, configMap(b, "y", Map.of("marker", marker), Map.of()));
        List<KubeObject> found = collect(client.list(CONFIG_MAPS, new ListOptions(null, "marker=" + marker, 1)));
        assertEquals(List.of(a + "/x", b + "/y"), found.stream().map(KubeObject::qualifiedName).sorted().toList());
    }

    @Test
    void selectsByLabelOnTheServer() {
        String ns = TestCluster.newNamespace(client, "labels");
        client.create(CONFIG_MAPS, configMap(ns, "web-prod", Map.of("app", "web", "env", "prod"), Map.of()));
        client.create(CONFIG_MAPS, configMap(ns, "web-dev", Map.of("app", "web", "env", "dev"), Map.of()));
        client.create(CONFIG_MAPS, configMap(ns, "db-prod", Map.of("app", "db", "env", "prod"), Map.of()));
        client.create(CONFIG_MAPS, configMap(ns, "plain", Map.of(), Map.of()));
        assertEquals(List.of("web-dev", "web-prod"), names(collect(client.list(CONFIG_MAPS, new ListOptions(ns, "app=web", 500)))));
        assertEquals(List.of("web-prod"), names(collect(client.list(CONFIG_MAPS, new ListOptions(ns, "app=web,env!=dev", 500)))));
        assertEquals(List.of("db-prod", "web-dev", "web-prod"),
                names(collect(client.list(CONFIG_MAPS, new ListOptions(ns, "app in (web,db)", 500)))));
        assertEquals(List.of("plain"), names(collect(client.list(CONFIG_MAPS, new ListOptions(ns, "!app", 500)))));
    }

    @Test
    void restartsTheListingWhenTheContinueTokenHasExpired() throws Exception {
        String ns = TestCluster.newNamespace(client, "expired");
        IntStream.range(0, 6).forEach(i -> client.create(CONFIG_MAPS, configMap(ns, "cm-" + i, Map.of(), Map.of())));
        // Without prefetching the second page is fetched only when asked for, after the compaction.
        try (KubernetesClusterClient noPrefetch = TestCluster.builder().prefetch(false).build()) {
            Iterator<Page> pages = noPrefetch.list(CONFIG_MAPS, new ListOptions(ns, null, 2)).iterator();
            Page first = pages.next();
            assertEquals(2, first.items().size());
            // A write after the first page, then compacting etcd up to now, expires the continue token.
            client.create(CONFIG_MAPS, configMap(ns, "cm-late", Map.of(), Map.of()));
            compactEtcd();
            Page second = pages.next();
            assertTrue(second.restarted(), "the page after the expired token says the listing restarted");
            List<KubeObject> afterRestart = new ArrayList<>(second.items());
            pages.forEachRemaining(p -> {
                assertFalse(p.restarted());
                afterRestart.addAll(p.items());
            });
            assertEquals(List.of("cm-0", "cm-1", "cm-2", "cm-3", "cm-4", "cm-5", "cm-late"), names(afterRestart));
        }
    }

    @Test
    void createsPatchesAndDeletesWithConflictAndNotFoundMapped() {
        String ns = TestCluster.newNamespace(client, "crud");
        KubeObject created = client.create(CONFIG_MAPS, configMap(ns, "settings", Map.of("a", "1"), Map.of("k", "v")));
        assertNotNull(created.metadata().get("uid"));
        assertNotNull(created.metadata().get("resourceVersion"));
        assertEquals("v", ((Map<?, ?>) created.content().get("data")).get("k"));

        ConflictException conflict = assertThrows(ConflictException.class,
                () -> client.create(CONFIG_MAPS, configMap(ns, "settings", Map.of(), Map.of())));
        assertTrue(conflict.getMessage().contains("settings"), conflict.getMessage());

        Map<String, Object> labels = new LinkedHashMap<>();
        labels.put("a", null);
        labels.put("b", "2");
        KubeObject patched = client.mergePatch(CONFIG_MAPS, ns, "settings",
                Map.of("metadata", Map.of("labels", labels), "data", Map.of("k2", "v2")));
        assertEquals(Map.of("b", "2"), patched.labels());
        assertEquals(Map.of("k", "v", "k2", "v2"), patched.content().get("data"));
        assertEquals(patched.content(), client.get(CONFIG_MAPS, ns, "settings").orElseThrow().content());

        assertThrows(NotFoundException.class, () -> client.mergePatch(CONFIG_MAPS, ns, "missing", Map.of("data", Map.of())));
        assertTrue(client.delete(CONFIG_MAPS, ns, "settings"));
        assertFalse(client.delete(CONFIG_MAPS, ns, "settings"));
        assertEquals(Optional.empty(), client.get(CONFIG_MAPS, ns, "settings"));
    }

    @Test
    void createsClusterScopedObjects() {
        String name = TestCluster.unique("cluster-scoped");
        KubeObject ns = client.create(TestCluster.NAMESPACES, TestCluster.object("v1", "Namespace", null, name, Map.of("x", "y")));
        assertEquals(name, ns.name());
        assertEquals(null, ns.namespace());
        assertEquals("y", client.get(TestCluster.NAMESPACES, null, name).orElseThrow().labels().get("x"));
    }

    @Test
    void reportsObjectsTheServerRejectsAsInvalid() {
        String ns = TestCluster.newNamespace(client, "invalid");
        AksBackupException e = assertThrows(AksBackupException.class,
                () -> client.create(CONFIG_MAPS, configMap(ns, "Not_A_DNS_Name", Map.of(), Map.of())));
        assertEquals("Invalid", e.code());
        assertTrue(e.getMessage().contains("Not_A_DNS_Name"), e.getMessage());
    }

    @Test
    void reportsAMissingNamespaceAsNotFound() {
        assertThrows(NotFoundException.class,
                () -> client.create(CONFIG_MAPS, configMap(TestCluster.unique("absent"), "x", Map.of(), Map.of())));
    }

    @Test
    void customResourcesRoundTripAsRawJsonWithNumbersAsLongDoubleOrBigDecimal() {
        String plural = TestCluster.unique("widgets").replace("-", "") + "s";
        ResourceType widgets = Crds.installWidgets(client, plural);
        String ns = TestCluster.newNamespace(client, "widgets");
        KubeObject w = TestCluster.object(widgets.apiVersion(), widgets.kind(), ns, "w1", Map.of("app", "w"));
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("replicas", 3L);
        spec.put("ratio", 0.25);
        spec.put("big", 9_007_199_254_740_993L); // not exactly representable as a double
        spec.put("enabled", true);
        spec.put("tags", List.of("a", "b"));
        spec.put("extra", Map.of("huge", new BigDecimal("123456789012345678901234567890"),
                "precise", new BigDecimal("0.1000000000000000000001")));
        w.content().put("spec", spec);
        client.create(widgets, w);

        List<KubeObject> listed = collect(client.list(widgets, new ListOptions(ns, "app=w", 500)));
        assertEquals(1, listed.size());
        for (KubeObject got : List.of(listed.get(0), client.get(widgets, ns, "w1").orElseThrow())) {
            assertEquals(widgets.apiVersion(), got.apiVersion());
            assertEquals(widgets.kind(), got.kind());
            Map<?, ?> s = (Map<?, ?>) got.content().get("spec");
            assertEquals(3L, s.get("replicas"));
            assertEquals(0.25, s.get("ratio"));
            assertEquals(9_007_199_254_740_993L, s.get("big"));
            assertEquals(Boolean.TRUE, s.get("enabled"));
            assertEquals(List.of("a", "b"), s.get("tags"));
            // The API server keeps unknown fields as float64: what comes back is what it stored.
            Map<?, ?> extra = (Map<?, ?>) s.get("extra");
            assertEquals(1.2345678901234568E29, ((Number) extra.get("huge")).doubleValue());
            assertEquals(0.1, ((Number) extra.get("precise")).doubleValue());
        }
        KubeObject patched = client.mergePatch(widgets, ns, "w1", Map.of("spec", Map.of("replicas", 5L)));
        assertEquals(5L, ((Map<?, ?>) patched.content().get("spec")).get("replicas"));
        assertThrows(ConflictException.class, () -> client.create(widgets, w));
        assertTrue(client.delete(widgets, ns, "w1"));
    }

    private static List<KubeObject> collect(Iterable<Page> pages) {
        List<KubeObject> all = new ArrayList<>();
        pages.forEach(p -> all.addAll(p.items()));
        return all;
    }

    private static ResourceType find(List<ResourceType> types, String group, String plural) {
        return types.stream().filter(t -> t.group().equals(group) && t.plural().equals(plural)).findFirst()
                .orElseThrow(() -> new AssertionError("discovery lacks " + plural + "." + group + ": " + types));
    }

    /** Compacts etcd's history up to its current revision, as the API server does every few minutes. */
    private static void compactEtcd() throws IOException, InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        String etcd = TestCluster.etcdUrl();
        String range = http.send(HttpRequest.newBuilder(URI.create(etcd + "/v3/kv/range"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"key\":\"AA==\"}")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Matcher m = Pattern.compile("\"revision\":\"(\\d+)\"").matcher(range);
        assertTrue(m.find(), "etcd answered " + range);
        HttpResponse<String> compacted = http.send(HttpRequest.newBuilder(URI.create(etcd + "/v3/kv/compaction"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"revision\":\"" + m.group(1) + "\",\"physical\":true}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, compacted.statusCode(), compacted.body());
    }

    @Test
    void closingAClientItMadeClosesItsConnectionsAndLeavesACallersApiClientOpen() throws Exception {
        KubernetesClusterClient own = TestCluster.client();
        own.discover();
        okhttp3.OkHttpClient http = own.apiClient().getHttpClient();
        assertTrue(http.connectionPool().connectionCount() > 0, "discovery left a connection to reuse");
        own.close();
        // An open connection's reader thread would keep the JVM's exit waiting (up to 300 ms).
        assertEquals(0, http.connectionPool().connectionCount());
        assertTrue(http.dispatcher().executorService().isShutdown());

        KubernetesClusterClient made = TestCluster.client();
        try (KubernetesClusterClient borrowing = KubernetesClusterClient.builder().apiClient(made.apiClient()).build()) {
            borrowing.discover();
        }
        okhttp3.OkHttpClient lent = made.apiClient().getHttpClient();
        assertFalse(lent.dispatcher().executorService().isShutdown(), "the caller's HTTP client stays usable");
        assertTrue(lent.connectionPool().connectionCount() > 0);
        made.discover();
        made.close();
    }

    @Test
    void aDiscoveryStartedAheadIsWhatTheNextDiscoverReturnsAndOnlyThatOne() {
        try (KubernetesClusterClient c = TestCluster.client()) {
            List<ResourceType> fresh = c.discover();
            c.discoverAhead();
            c.discoverAhead();
            assertEquals(fresh, c.discover());
            // the discovery ahead is used once: a type served after it is seen by the next discover()
            String plural = TestCluster.unique("ahead").replace("-", "") + "s";
            Crds.installWidgets(c, plural);
            assertFalse(fresh.stream().anyMatch(t -> t.plural().equals(plural)));
            assertTrue(c.discover().stream().anyMatch(t -> t.plural().equals(plural)), "a new discovery after the one started ahead");
        }
    }

    @Test
    void aCreateOfATypeTheServerDoesNotServeIsTypeNotServedAndOneInAMissingNamespaceIsNotFound() {
        try (KubernetesClusterClient c = TestCluster.client()) {
            ResourceType unserved = new ResourceType("example.aksbackup.io", "v1", "Nothing", "nothings", true,
                    java.util.Set.of("create", "list"));
            AksBackupException e = assertThrows(AksBackupException.class,
                    () -> c.create(unserved, new KubeObject(Map.of("apiVersion", "example.aksbackup.io/v1", "kind", "Nothing",
                            "metadata", Map.of("name", "n", "namespace", "default")))));
            assertEquals(io.github.aksbackup.api.ErrorCode.TYPE_NOT_SERVED, e.errorCode(), e.getMessage());
            assertTrue(e.errorCode().isTransient(), "a type a new CRD brings is served a moment later");
            String missing = TestCluster.unique("missing");
            NotFoundException nf = assertThrows(NotFoundException.class,
                    () -> c.create(CONFIG_MAPS, configMap(missing, "x", Map.of(), Map.of())));
            assertTrue(nf.getMessage().contains(missing), nf.getMessage());
        }
    }
}
