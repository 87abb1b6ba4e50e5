package io.github.aksbackup.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.aksbackup.api.AksBackupException;
import io.github.aksbackup.api.ConflictException;
import io.github.aksbackup.api.ErrorCode;
import io.github.aksbackup.api.NotFoundException;
import io.github.aksbackup.api.recovery.VolumeSnapshotRecord;
import io.github.aksbackup.spi.ExecRequest;
import io.github.aksbackup.spi.ExecResult;
import io.github.aksbackup.spi.KubeObject;
import io.github.aksbackup.spi.ListOptions;
import io.github.aksbackup.spi.Page;
import io.github.aksbackup.spi.ResourceType;
import io.github.aksbackup.spi.RestoredVolume;
import io.github.aksbackup.spi.SnapshotRequest;
import io.github.aksbackup.spi.VolumeRestoreRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class InMemoryClusterTest {
    final ManualClock clock = new ManualClock(Instant.parse("2026-03-01T10:00:00.123Z"));
    final InMemoryCluster cluster = new InMemoryCluster(clock);

    static Map<String, Object> configMap(String ns, String name, Map<String, String> labels) {
        return Map.of("apiVersion", "v1", "kind", "ConfigMap",
                "metadata", Map.of("name", name, "namespace", ns, "labels", labels), "data", Map.of("k", "v"));
    }

    static Map<String, Object> pod(String ns, String name) {
        return Map.of("apiVersion", "v1", "kind", "Pod", "metadata", Map.of("name", name, "namespace", ns),
                "spec", Map.of("containers", List.of(Map.of("name", "app", "image", "nginx"), Map.of("name", "side", "image", "busybox"))));
    }

    List<KubeObject> listAll(ResourceType t, ListOptions o) {
        List<KubeObject> out = new ArrayList<>();
        for (Page p : cluster.list(t, o)) {
            out.addAll(p.items());
        }
        return out;
    }

    /**
     * Moves the clock until the call completes: the call reads the clock when it starts, which the
     * test cannot observe, so one advance might come too early. Bounded by the future's own deadline.
     */
    <T> T advanceUntilDone(CompletableFuture<T> f, Duration step) throws Exception {
        for (int i = 0; i < 3000 && !f.isDone(); i++) {
            clock.advance(step);
            try {
                return f.get(10, TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                // not yet
            }
        }
        return f.get(30, TimeUnit.SECONDS);
    }

    @Test
    void setsServerFieldsAndRejectsDuplicatesAndClientResourceVersions() {
        KubeObject created = cluster.add(configMap("default", "a", Map.of()));
        assertNotNull(created.metadata().get("uid"));
        assertNotNull(created.metadata().get("resourceVersion"));
        assertEquals("2026-03-01T10:00:00Z", created.metadata().get("creationTimestamp"));
        assertThrows(ConflictException.class, () -> cluster.add(configMap("default", "a", Map.of())));
        AksBackupException e = assertThrows(AksBackupException.class, () -> cluster.add(Map.of("apiVersion", "v1", "kind", "ConfigMap",
                "metadata", Map.of("name", "b", "namespace", "default", "resourceVersion", "5"))));
        assertEquals("Invalid", e.code());
        assertThrows(NotFoundException.class, () -> cluster.add(configMap("missing", "a", Map.of())));
        KubeObject deploy = cluster.add(Map.of("apiVersion", "apps/v1", "kind", "Deployment",
                "metadata", Map.of("name", "d", "namespace", "default"), "spec", Map.of("replicas", 1),
                "status", Map.of("readyReplicas", 1)));
        assertEquals(1L, deploy.metadata().get("generation"));
        assertNull(deploy.content().get("status"), "status of a create is dropped");
        KubeObject patched = cluster.mergePatch(deploy.content().get("kind").equals("Deployment") ? cluster.type("apps/v1", "Deployment") : null,
                "default", "d", Map.of("spec", Map.of("replicas", 3)));
        assertEquals(2L, patched.metadata().get("generation"));
        assertEquals(3L, patched.at("spec", "replicas"));
    }

    @Test
    void listsPageByPageWithLabelSelectionAndNamespaces() {
        cluster.add(Map.of("apiVersion", "v1", "kind", "Namespace", "metadata", Map.of("name", "a")));
        for (int i = 0; i < 7; i++) {
            cluster.add(configMap(i % 2 == 0 ? "a" : "default", "cm-" + i, Map.of("tier", i < 4 ? "web" : "db")));
        }
        ResourceType cms = cluster.type("v1", "ConfigMap");
        List<Integer> pageSizes = new ArrayList<>();
        for (Page p : cluster.list(cms, new ListOptions(null, null, 2))) {
            pageSizes.add(p.items().size());
        }
        assertEquals(List.of(2, 2, 2, 1), pageSizes);
        assertEquals(4, listAll(cms, new ListOptions("a", null, 3)).size());
        assertEquals(List.of("cm-0", "cm-2"), listAll(cms, new ListOptions("a", "tier=web", 500)).stream().map(KubeObject::name).toList());
        assertEquals(3, listAll(cms, new ListOptions(null, "tier in (db)", 1)).size());
    }

    @Test
    void anExpiredContinueTokenRestartsTheListing() {
        for (int i = 0; i < 5; i++) {
            cluster.add(configMap("default", "cm-" + i, Map.of()));
        }
        cluster.expireNextContinueToken();
        List<Page> pages = new ArrayList<>();
        cluster.list(cluster.type("v1", "ConfigMap"), new ListOptions(null, null, 2)).forEach(pages::add);
        assertFalse(pages.get(0).restarted());
        assertTrue(pages.get(1).restarted());
        assertEquals(List.of("cm-0", "cm-1"), pages.get(1).items().stream().map(KubeObject::name).toList());
        assertEquals(2 + 5, pages.stream().mapToInt(p -> p.items().size()).sum());
    }

    @Test
    void crdsMakeTheirTypeDiscoverableAndDeletingThemRemovesIt() {
        Map<String, Object> crd = Map.of("apiVersion", "apiextensions.k8s.io/v1", "kind", "CustomResourceDefinition",
                "metadata", Map.of("name", "widgets.example.com"),
                "spec", Map.of("group", "example.com", "scope", "Namespaced",
                        "names", Map.of("kind", "Widget", "plural", "widgets", "singular", "widget"),
                        "versions", List.of(Map.of("name", "v1", "served", true, "storage", true))));
        assertTrue(cluster.discover().stream().noneMatch(t -> t.kind().equals("Widget")));
        cluster.add(crd);
        ResourceType widgets = cluster.discover().stream().filter(t -> t.kind().equals("Widget")).findFirst().orElseThrow();
        assertEquals("example.com/v1", widgets.apiVersion());
        assertTrue(widgets.namespaced());
        cluster.add(Map.of("apiVersion", "example.com/v1", "kind", "Widget", "metadata", Map.of("name", "w", "namespace", "default"),
                "spec", Map.of("size", 3), "status", Map.of("ok", true)));
        assertEquals(Map.of("ok", true), cluster.find("example.com/v1", "Widget", "default", "w").orElseThrow().content().get("status"));
        cluster.delete(cluster.type("apiextensions.k8s.io/v1", "CustomResourceDefinition"), null, "widgets.example.com");
        assertTrue(cluster.discover().stream().noneMatch(t -> t.kind().equals("Widget")));
    }

    @Test
    void deletingANamespaceDeletesItsContent() {
        cluster.add(Map.of("apiVersion", "v1", "kind", "Namespace", "metadata", Map.of("name", "shop")));
        cluster.add(configMap("shop", "x", Map.of()));
        cluster.add(configMap("default", "x", Map.of()));
        cluster.delete(cluster.type("v1", "Namespace"), null, "shop");
        assertTrue(cluster.find("v1", "ConfigMap", "shop", "x").isEmpty());
        assertTrue(cluster.find("v1", "ConfigMap", "default", "x").isPresent());
    }

    @Test
    void allocatesClusterIpsAndRefusesOnesInUse() {
        KubeObject a = cluster.add(Map.of("apiVersion", "v1", "kind", "Service", "metadata", Map.of("name", "a", "namespace", "default"),
                "spec", Map.of("ports", List.of(Map.of("port", 80)))));
        String ip = (String) a.at("spec", "clusterIP");
        assertNotNull(ip);
        AksBackupException e = assertThrows(AksBackupException.class, () -> cluster.add(Map.of("apiVersion", "v1", "kind", "Service",
                "metadata", Map.of("name", "b", "namespace", "default"), "spec", Map.of("clusterIP", ip))));
        assertTrue(e.getMessage().contains("already allocated"));
        KubeObject headless = cluster.add(Map.of("apiVersion", "v1", "kind", "Service", "metadata", Map.of("name", "h", "namespace", "default"),
                "spec", Map.of("clusterIP", "None")));
        assertEquals("None", headless.at("spec", "clusterIP"));
    }

    @Test
    void waitsForReadinessATestSetsAndTimesOutOnTheClock() throws Exception {
        cluster.add(pod("default", "p"));
        CompletableFuture<Boolean> waiting = CompletableFuture.supplyAsync(
                () -> cluster.waitForPodReady("default", "p", "app", Duration.ofMinutes(5)));
        cluster.setPodReady("default", "p", true);
        assertTrue(waiting.get(30, TimeUnit.SECONDS));

        cluster.setPodReady("default", "p", false);
        CompletableFuture<Boolean> timingOut = CompletableFuture.supplyAsync(
                () -> cluster.waitForPodReady("default", "p", null, Duration.ofMinutes(5)));
        assertFalse(advanceUntilDone(timingOut, Duration.ofMinutes(6)));
    }

    @Test
    void runsRegisteredExecHandlersAndTimesThemOutOnTheClock() throws Exception {
        cluster.add(pod("default", "p"));
        cluster.onExec(r -> new ExecResult(3, String.join(" ", r.command()), "err", false));
        ExecResult r = cluster.exec(new ExecRequest("default", "p", "side", List.of("echo", "hi"), Duration.ofSeconds(30)));
        assertEquals(3, r.exitCode());
        assertEquals("echo hi", r.stdout());
        assertEquals(1, cluster.execCalls().size());
        assertThrows(NotFoundException.class, () -> cluster.exec(new ExecRequest("default", "p", "nope", List.of("x"), Duration.ofSeconds(1))));
        assertThrows(NotFoundException.class, () -> cluster.exec(new ExecRequest("default", "q", null, List.of("x"), Duration.ofSeconds(1))));

        CountDownLatch entered = new CountDownLatch(1);
        cluster.onExec(req -> {
            entered.countDown();
            new CountDownLatch(1).await();
            return null;
        });
        CompletableFuture<ExecResult> stuck = CompletableFuture.supplyAsync(
                () -> cluster.exec(new ExecRequest("default", "p", null, List.of("sleep"), Duration.ofSeconds(10))));
        assertTrue(entered.await(30, TimeUnit.SECONDS));
        ExecResult timedOut = advanceUntilDone(stuck, Duration.ofSeconds(11));
        assertTrue(timedOut.timedOut());
        assertNull(timedOut.exitCode());
    }

    @Test
    void injectedFailuresHitOnlyWhatTheyName() {
        cluster.add(configMap("default", "a", Map.of()));
        cluster.failOn("get", "configmaps", "default", "a", new AksBackupException(ErrorCode.FORBIDDEN, "denied"));
        assertThrows(AksBackupException.class, () -> cluster.find("v1", "ConfigMap", "default", "a"));
        assertTrue(cluster.find("v1", "Namespace", null, "default").isPresent());
        cluster.clearFailures();
        assertTrue(cluster.find("v1", "ConfigMap", "default", "a").isPresent());
    }

    @Test
    void compactClusterBehavesTheSame() {
        InMemoryCluster c = InMemoryCluster.compact(clock);
        c.add(configMap("default", "a", Map.of("x", "y")));
        assertEquals("v", c.find("v1", "ConfigMap", "default", "a").orElseThrow().at("data", "k"));
    }

    @Test
    void snapshotterKeepsVolumeBytesThroughSnapshotRestoreAndVault() {
        FakeVolumeSnapshotter s = new FakeVolumeSnapshotter(clock);
        s.putVolume("disk-1", new byte[] {1, 2, 3});
        assertTrue(s.supports("disk.csi.azure.com"));
        assertFalse(s.supports("file.csi.azure.com"));
        VolumeSnapshotRecord snap = s.snapshot(new SnapshotRequest("ns", "data", "pv-1", "disk.csi.azure.com", "disk-1", 3,
                Map.of(), Map.of()));
        s.putVolume("disk-1", new byte[] {9});
        RestoredVolume.PreProvisioned restored = (RestoredVolume.PreProvisioned) s.restore(snap,
                new VolumeRestoreRequest("ns2", "data", null, 3, null, Map.of()));
        assertArrayEquals(new byte[] {1, 2, 3}, s.volume(restored.volumeHandle()));
        InMemoryObjectStore vault = new InMemoryObjectStore();
        s.exportTo(snap, vault, "volumes/x");
        VolumeSnapshotRecord imported = s.importFrom(vault, "volumes/x", snap);
        assertEquals(3, imported.sizeBytes());
        s.failSnapshotsOf("disk-1");
        assertThrows(AksBackupException.class, () -> s.snapshot(new SnapshotRequest("ns", "data", "pv-1", "disk.csi.azure.com",
                "disk-1", 3, Map.of(), Map.of())));
    }
}
