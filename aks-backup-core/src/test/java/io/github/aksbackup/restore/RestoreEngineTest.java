package io.github.aksbackup.restore;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.aksbackup.testkit.Fixtures;
import io.github.aksbackup.api.instance.BackupConfiguration;
import io.github.aksbackup.api.instance.BackupInstance;
import io.github.aksbackup.api.job.ItemAction;
import io.github.aksbackup.api.job.ItemResult;
import io.github.aksbackup.api.job.JobStatus;
import io.github.aksbackup.api.job.Operation;
import io.github.aksbackup.api.recovery.RecoveryPointType;
import io.github.aksbackup.api.restore.ConflictPolicy;
import io.github.aksbackup.api.restore.PersistentVolumeRestoreMode;
import io.github.aksbackup.api.restore.RestoreConfig;
import io.github.aksbackup.backup.BackupEngine;
import io.github.aksbackup.backup.BackupThreads;
import io.github.aksbackup.backup.BackupResult;
import io.github.aksbackup.backup.BackupSpec;
import io.github.aksbackup.hook.BackupHookContext;
import io.github.aksbackup.hook.BackupHooks;
import io.github.aksbackup.hook.HookOutcome;
import io.github.aksbackup.hook.HookRunner;
import io.github.aksbackup.hook.RestoreHookContext;
import io.github.aksbackup.hook.RestoreHooks;
import io.github.aksbackup.job.JobRecorder;
import io.github.aksbackup.repository.Manifest;
import io.github.aksbackup.repository.Repository;
import io.github.aksbackup.repository.RepositoryOptions;
import io.github.aksbackup.spi.KubeObject;
import io.github.aksbackup.testkit.FakeVolumeSnapshotter;
import io.github.aksbackup.testkit.InMemoryCluster;
import io.github.aksbackup.testkit.InMemoryObjectStore;
import io.github.aksbackup.testkit.ManualClock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class RestoreEngineTest {
    final ManualClock clock = new ManualClock(Instant.parse("2026-05-04T09:00:00Z"));
    final InMemoryCluster source = new InMemoryCluster(clock);
    final FakeVolumeSnapshotter volumes = new FakeVolumeSnapshotter(clock);
    final InMemoryObjectStore store = new InMemoryObjectStore(clock);
    final Repository repo = Repository.open(store, clock, RepositoryOptions.DEFAULTS.withPackTargetBytes(4096));
    final Manifest manifest;
    HookRunner hooks = HookRunner.NONE;

    @SuppressWarnings("unchecked")
    RestoreEngineTest() {
        Fixtures.seedApp(source, volumes);
        source.add(Fixtures.obj("apps/v1", "ReplicaSet", "shop", "web-abc", Map.of("app", "web"), Map.of(
                "metadata", Map.of("name", "web-abc", "namespace", "shop", "ownerReferences", List.of(Map.of("apiVersion", "apps/v1",
                        "kind", "Deployment", "name", "web", "controller", true,
                        "uid", source.find("apps/v1", "Deployment", "shop", "web").orElseThrow().metadata().get("uid")))),
                "spec", Map.of("replicas", 1))));
        source.add(Fixtures.obj("v1", "ConfigMap", "shop", "orphan", Map.of(), Map.of("metadata", Map.of("name", "orphan",
                "namespace", "shop", "ownerReferences", List.of(Map.of("apiVersion", "v1", "kind", "Node", "name", "n1",
                        "uid", "0000-node"))))));
        source.add(Fixtures.obj("v1", "Secret", "shop", "app-token", Map.of(), Map.of(
                "metadata", Map.of("name", "app-token", "namespace", "shop", "annotations", Map.of(
                        "kubernetes.io/service-account.name", "app",
                        "kubernetes.io/service-account.uid", source.find("v1", "ServiceAccount", "shop", "app").orElseThrow().metadata().get("uid"))),
                "type", "kubernetes.io/service-account-token",
                "data", Map.of("token", "b2xk", "ca.crt", "Y2E=", "namespace", "c2hvcA==", "extra", "a2VlcA=="))));
        source.add(Fixtures.obj("v1", "ServiceAccount", "shop", "widget-operator", Map.of(), Map.of("metadata", Map.of("name", "widget-operator",
                "namespace", "shop", "ownerReferences", List.of(Map.of("apiVersion", "example.com/v1", "kind", "Widget", "name", "w1",
                        "controller", true, "uid", source.find("example.com/v1", "Widget", "shop", "w1").orElseThrow().metadata().get("uid")))))));
        Map<String, Object> kept = Fixtures.pv("pv-kept", "example.com/nfs", "nfs://kept", "managed-csi", "shop", "kept");
        Map<String, Object> keptSpec = new java.util.LinkedHashMap<>((Map<String, Object>) kept.get("spec"));
        keptSpec.put("persistentVolumeReclaimPolicy", "Retain");
        kept.put("spec", keptSpec);
        source.add(kept);
        source.add(Fixtures.pvc("shop", "kept", "pv-kept", "managed-csi"));
        BackupInstance instance = new BackupInstance("prod", "aks", "p", BackupConfiguration.everything(), null, null);
        BackupResult b = new BackupEngine(repo, source, volumes, null, clock, null,
                BackupThreads.PREFETCH).run(new BackupSpec(instance, "rp-1", clock.instant(),
                RecoveryPointType.OnDemand, "Default", List.of()), new JobRecorder(Operation.Backup, "prod", "rp-1", clock, null));
        manifest = b.manifest();
    }

    RestoreResult restore(io.github.aksbackup.spi.ClusterClient target, boolean dryRun, Consumer<RestoreConfig.Builder> config) {
        RestoreConfig.Builder b = RestoreConfig.builder().recoveryPointId("rp-1");
        config.accept(b);
        ExecutorService threads = Executors.newCachedThreadPool();
        try {
            return new RestoreEngine(target, VolumeSource.operational(volumes), hooks, clock, RestoreOptions.DEFAULTS.withParallelism(4),
                    threads).run(b.build(), manifest, repo.openReader(), dryRun, new JobRecorder(Operation.Restore, "prod", "rp-1", clock, null));
        } finally {
            threads.shutdownNow();
        }
    }

    static List<String> actions(RestoreResult r) {
        return r.items().stream().map(i -> i.action() + " " + i.resource() + " " + (i.namespace() == null ? "" : i.namespace() + "/")
                + i.name()).toList();
    }

    @Test
    void restoresIntoAnEmptyClusterWhatWasBackedUpWithoutServerFields() {
        InMemoryCluster target = new InMemoryCluster(clock);
        RestoreResult r = restore(target, false, b -> { });
        assertEquals(JobStatus.Completed, r.job().status(), r.job().errors().toString());
        assertEquals(0, r.job().counts().failed(), r.job().errors().toString());
        for (String kind : List.of("ConfigMap", "Secret", "Deployment", "Service", "ServiceAccount", "Role", "RoleBinding")) {
            String apiVersion = source.type(kind.startsWith("Role") ? "rbac.authorization.k8s.io/v1" : kind.equals("Deployment") ? "apps/v1" : "v1",
                    kind).apiVersion();
            for (KubeObject o : source.objects(apiVersion, kind)) {
                if (o.namespace().startsWith("kube-") || "kubernetes.io/service-account-token".equals(o.content().get("type"))) {
                    continue; // token Secrets: see serviceAccountTokensAreLeftForTheClusterToIssueForTheRestoredAccount
                }
                KubeObject restored = target.find(apiVersion, kind, o.namespace(), o.name()).orElseThrow(() -> new AssertionError(kind + " " + o.qualifiedName()));
                assertEquals(comparable(o), comparable(restored), kind + " " + o.qualifiedName());
                assertNotEquals(o.metadata().get("uid"), restored.metadata().get("uid"));
            }
        }
        KubeObject widget = target.find("example.com/v1", "Widget", "shop", "w1").orElseThrow();
        assertEquals(3L, widget.at("spec", "size"));
        KubeObject pod = target.find("v1", "Pod", "shop", "db-0").orElseThrow();
        assertNull(pod.at("spec", "nodeName"));
        KubeObject svc = target.find("v1", "Service", "shop", "web").orElseThrow();
        assertNotEquals(source.find("v1", "Service", "shop", "web").orElseThrow().at("spec", "clusterIP"), null);
        assertTrue(svc.at("spec", "clusterIP") instanceof String);
        assertTrue(target.find("v1", "ConfigMap", "kube-system", "coredns").isEmpty());
        assertTrue(r.job().warnings().stream().noneMatch(w -> w.contains("Node")));
    }

    /** An object without what the server sets or a restore strips on purpose. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> comparable(KubeObject o) {
        Map<String, Object> c = new java.util.LinkedHashMap<>(o.content());
        Map<String, Object> md = new java.util.LinkedHashMap<>(o.metadata());
        for (String k : List.of("uid", "resourceVersion", "creationTimestamp", "generation", "ownerReferences")) {
            md.remove(k);
        }
        c.put("metadata", md);
        c.remove("status");
        if (o.kind().equals("Service")) {
            Map<String, Object> spec = new java.util.LinkedHashMap<>((Map<String, Object>) c.get("spec"));
            spec.remove("clusterIP");
            spec.remove("clusterIPs");
            c.put("spec", spec);
        }
        return c;
    }

    @Test
    void restoresTierByTierCustomResourcesAfterTheirDefinition() {
        RecordingCluster target = new RecordingCluster(new InMemoryCluster(clock));
        restore(target, false, b -> { });
        List<String> order = new ArrayList<>();
        for (String c : target.creates) {
            String kind = c.substring(0, c.indexOf(' '));
            if (order.isEmpty() || !order.get(order.size() - 1).equals(kind)) {
                order.add(kind);
            }
        }
        List<String> expected = List.of("CustomResourceDefinition", "Namespace", "StorageClass", "PersistentVolume",
                "PersistentVolumeClaim", "ServiceAccount");
        assertEquals(expected, order.subList(0, expected.size()), order.toString());
        assertBefore(order, "RoleBinding", "Secret");
        assertBefore(order, "Secret", "ConfigMap");
        assertBefore(order, "ConfigMap", "Service");
        assertBefore(order, "Service", "Deployment");
        assertBefore(order, "Deployment", "ReplicaSet");
        assertBefore(order, "ReplicaSet", "Pod");
        assertEquals("Widget", order.get(order.size() - 1));
    }

    static void assertBefore(List<String> order, String a, String b) {
        assertTrue(order.lastIndexOf(a) < order.indexOf(b), a + " before " + b + " in " + order);
    }

    @Test
    void ownerReferencesPointAtRestoredOwnersAndOthersAreDropped() {
        InMemoryCluster target = new InMemoryCluster(clock);
        restore(target, false, b -> { });
        KubeObject rs = target.find("apps/v1", "ReplicaSet", "shop", "web-abc").orElseThrow();
        Object newOwner = target.find("apps/v1", "Deployment", "shop", "web").orElseThrow().metadata().get("uid");
        assertEquals(newOwner, ((Map<?, ?>) ((List<?>) rs.metadata().get("ownerReferences")).get(0)).get("uid"));
        assertNull(target.find("v1", "ConfigMap", "shop", "orphan").orElseThrow().metadata().get("ownerReferences"));
    }

    @Test
    void ownersRestoredAfterTheirDependentsAreLinkedOnceRestored() {
        InMemoryCluster target = new InMemoryCluster(clock);
        RestoreResult r = restore(target, false, b -> b.mapNamespace("shop", "shop-copy"));
        assertEquals(0, r.job().counts().failed(), r.job().errors().toString());
        // Custom resources come after service accounts, so the widget's uid is known only at the end.
        Object widget = target.find("example.com/v1", "Widget", "shop-copy", "w1").orElseThrow().metadata().get("uid");
        List<?> refs = (List<?>) target.find("v1", "ServiceAccount", "shop-copy", "widget-operator").orElseThrow().metadata().get("ownerReferences");
        assertEquals(1, refs.size(), "linked to the restored widget");
        assertEquals(widget, ((Map<?, ?>) refs.get(0)).get("uid"));
        assertEquals("Widget", ((Map<?, ?>) refs.get(0)).get("kind"));
    }

    @Test
    void serviceAccountTokensAreLeftForTheClusterToIssueForTheRestoredAccount() {
        InMemoryCluster target = new InMemoryCluster(clock);
        RestoreResult r = restore(target, false, b -> b.includedNamespaces("shop").mapNamespace("shop", "shop-copy"));
        assertEquals(0, r.job().counts().failed(), r.job().errors().toString());
        KubeObject account = target.find("v1", "ServiceAccount", "shop-copy", "app").orElseThrow();
        KubeObject token = target.find("v1", "Secret", "shop-copy", "app-token").orElseThrow();
        assertEquals(account.metadata().get("uid"), token.annotations().get("kubernetes.io/service-account.uid"),
                "the token controller keeps (and fills in) a token Secret only when it names the account's uid");
        assertEquals("app", token.annotations().get("kubernetes.io/service-account.name"));
        assertEquals(Map.of("extra", "a2VlcA=="), token.content().get("data"),
                "the old account's token, CA and namespace are not restored; other keys are");
        KubeObject plain = target.find("v1", "Secret", "shop-copy", "db-password").orElseThrow();
        assertEquals(source.find("v1", "Secret", "shop", "db-password").orElseThrow().content().get("data"), plain.content().get("data"));
    }

    @Test
    void aTypePatternThatNamesNoBackedUpTypeIsAWarning() {
        RestoreResult r = restore(new InMemoryCluster(clock), true, b -> b.includedResourceTypes("cm", "configmaps"));
        assertTrue(r.job().warnings().stream().anyMatch(w -> w.startsWith("includedResourceTypes 'cm' names no resource type")),
                r.job().warnings()::toString);
        assertTrue(r.job().warnings().stream().noneMatch(w -> w.contains("'configmaps'")), r.job().warnings()::toString);
    }

    @Test
    void namespacesAndMappingsThatSelectNothingAreWarnings() {
        RestoreResult r = restore(new InMemoryCluster(clock), true, b -> b.includedNamespaces("shop", "shpo")
                .mapNamespace("ghost", "ghost-copy").mapNamespace("blog", "blog-copy").mapNamespace("shop", "shop-copy"));
        List<String> warnings = r.job().warnings();
        assertTrue(warnings.contains("includedNamespaces 'shpo' is not a namespace the recovery point holds, so nothing of it is restored"),
                warnings::toString);
        assertTrue(warnings.stream().anyMatch(w -> w.startsWith("namespaceMappings 'ghost' is not a namespace the recovery point holds")),
                warnings::toString);
        assertTrue(warnings.stream().anyMatch(w -> w.startsWith("namespaceMappings 'blog' names a namespace the included")),
                warnings::toString);
        assertTrue(warnings.stream().noneMatch(w -> w.contains("'shop'")), warnings::toString);
    }

    @Test
    void filtersApplyToTheSourceObjects() {
        InMemoryCluster target = new InMemoryCluster(clock);
        RestoreResult r = restore(target, false, b -> b.includedNamespaces("blog").excludedResourceTypes("secrets")
                .labelSelectors("app=web").includeClusterScopeResources(false));
        assertTrue(target.find("v1", "ConfigMap", "blog", "settings").isPresent());
        assertTrue(target.find("v1", "Secret", "blog", "db-password").isEmpty());
        assertTrue(target.find("v1", "ServiceAccount", "blog", "app").isEmpty(), "no app=web label");
        assertTrue(target.find("v1", "Namespace", null, "shop").isEmpty());
        assertTrue(target.find("rbac.authorization.k8s.io/v1", "ClusterRole", null, "unrelated").isEmpty());
        assertTrue(r.items().stream().noneMatch(i -> "shop".equals(i.namespace())));
    }

    @Test
    void namespaceMappingRewritesNamespacesClaimReferencesAndBindingSubjects() {
        Fixtures.seedApp(new InMemoryCluster(clock), new FakeVolumeSnapshotter(clock));
        RestoreResult r = restore(source, false, b -> b.includedNamespaces("shop").mapNamespace("shop", "shop-copy")
                .includeClusterScopeResources(false));
        assertEquals(0, r.job().counts().failed(), r.job().errors().toString());
        KubeObject ns = source.find("v1", "Namespace", null, "shop-copy").orElseThrow();
        assertEquals("shop-copy", ns.labels().get("kubernetes.io/metadata.name"));
        KubeObject binding = source.find("rbac.authorization.k8s.io/v1", "RoleBinding", "shop-copy", "app-reads").orElseThrow();
        assertEquals("shop-copy", ((Map<?, ?>) ((List<?>) binding.content().get("subjects")).get(0)).get("namespace"));
        KubeObject claim = source.find("v1", "PersistentVolumeClaim", "shop-copy", "data-db-0").orElseThrow();
        String volume = (String) claim.at("spec", "volumeName");
        assertNotEquals("pvc-data", volume, "the original volume still exists, so the restored one has another name");
        KubeObject pv = source.find("v1", "PersistentVolume", null, volume).orElseThrow();
        assertEquals("shop-copy", pv.at("spec", "claimRef", "namespace"));
        assertEquals("data-db-0", pv.at("spec", "claimRef", "name"));
        assertArrayEquals("database pages".getBytes(), volumes.volume((String) pv.at("spec", "csi", "volumeHandle")));
        assertTrue(source.find("v1", "Service", "shop-copy", "web").isPresent(), "the cluster IP was not reused");
        assertTrue(source.find("v1", "ConfigMap", "shop", "settings").isPresent(), "the source namespace is untouched");
    }

    @Test
    void volumesComeBackWithTheirDataOrAsNewEmptyClaims() {
        InMemoryCluster target = new InMemoryCluster(clock);
        RestoreResult with = restore(target, false, b -> b.includedNamespaces("shop"));
        KubeObject pv = target.find("v1", "PersistentVolume", null, "pvc-data").orElseThrow();
        assertArrayEquals("database pages".getBytes(), volumes.volume((String) pv.at("spec", "csi", "volumeHandle")));
        assertEquals("pvc-data", target.find("v1", "PersistentVolumeClaim", "shop", "data-db-0").orElseThrow().at("spec", "volumeName"));
        assertTrue(target.find("v1", "PersistentVolume", null, "pvc-files").isEmpty());
        assertNull(target.find("v1", "PersistentVolumeClaim", "shop", "uploads").orElseThrow().at("spec", "volumeName"));
        assertTrue(with.items().stream().anyMatch(i -> i.name().equals("pvc-files") && i.action() == ItemAction.Skipped
                && i.message().contains("no snapshot")));
        assertEquals(1, with.job().counts().volumes());

        InMemoryCluster empty = new InMemoryCluster(clock);
        restore(empty, false, b -> b.includedNamespaces("shop").persistentVolumeRestoreMode(PersistentVolumeRestoreMode.RestoreWithoutVolumeData));
        assertTrue(empty.objects("v1", "PersistentVolume").isEmpty());
        assertNull(empty.find("v1", "PersistentVolumeClaim", "shop", "data-db-0").orElseThrow().at("spec", "volumeName"));
    }

    @Test
    void aKeptVolumeBoundToAnotherClaimIsNeitherPatchedNorBoundTo() {
        RestoreResult r = restore(source, false, b -> b.includedNamespaces("shop").mapNamespace("shop", "shop-copy")
                .conflictPolicy(ConflictPolicy.Patch));
        assertEquals(0, r.job().counts().failed(), r.job().errors().toString());
        assertEquals("shop", source.find("v1", "PersistentVolume", null, "pv-kept").orElseThrow().at("spec", "claimRef", "namespace"),
                "the source claim keeps its volume");
        assertNull(source.find("v1", "PersistentVolumeClaim", "shop-copy", "kept").orElseThrow().at("spec", "volumeName"),
                "a claim naming a volume bound to another claim would wait forever");
        assertTrue(r.items().stream().anyMatch(i -> i.name().equals("pv-kept") && i.action() == ItemAction.Skipped
                && i.message().contains("bound to claim shop/kept")), () -> r.items().toString());
    }

    @Test
    void aKeptVolumeItsDeletedClaimReleasedIsBoundToTheRestoredClaim() {
        source.delete(source.type("v1", "PersistentVolumeClaim"), "shop", "kept");
        source.mergePatch(source.type("v1", "PersistentVolume"), null, "pv-kept", Map.of("status", Map.of("phase", "Released")));
        RestoreResult r = restore(source, false, b -> b.includedNamespaces("shop"));
        assertEquals(0, r.job().counts().failed(), r.job().errors().toString());
        KubeObject pv = source.find("v1", "PersistentVolume", null, "pv-kept").orElseThrow();
        assertNull(pv.at("spec", "claimRef", "uid"), "the deleted claim's uid would keep the restored claim from binding");
        assertEquals("kept", pv.at("spec", "claimRef", "name"));
        assertEquals("pv-kept", source.find("v1", "PersistentVolumeClaim", "shop", "kept").orElseThrow().at("spec", "volumeName"));
        assertTrue(r.items().stream().anyMatch(i -> i.name().equals("pv-kept") && i.action() == ItemAction.Patched));
    }

    @Test
    void conflictPolicySkipLeavesExistingObjectsAlone() {
        source.mergePatch(source.type("v1", "ConfigMap"), "shop", "settings", Map.of("data", Map.of("key", "changed")));
        long writes = source.writes();
        RestoreResult r = restore(source, false, b -> b.includedNamespaces("shop").includedResourceTypes("configmaps"));
        assertEquals("changed", source.find("v1", "ConfigMap", "shop", "settings").orElseThrow().at("data", "key"));
        assertTrue(r.items().stream().filter(i -> i.resource().equals("v1/ConfigMap"))
                .allMatch(i -> i.action() == ItemAction.Skipped && i.message().contains("Skip")));
        assertEquals(writes, source.writes());
        assertEquals(4, r.job().counts().skipped(), "three config maps and their namespace");
    }

    @Test
    void conflictPolicyPatchWritesTheBackedUpFields() {
        source.mergePatch(source.type("v1", "ConfigMap"), "shop", "settings", Map.of("data", Map.of("key", "changed", "extra", "x")));
        RestoreResult r = restore(source, false, b -> b.includedNamespaces("shop").includedResourceTypes("configmaps")
                .conflictPolicy(ConflictPolicy.Patch));
        KubeObject cm = source.find("v1", "ConfigMap", "shop", "settings").orElseThrow();
        assertEquals("value of settings", cm.at("data", "key"));
        assertEquals("x", cm.at("data", "extra"), "a merge patch keeps fields the backup does not have");
        assertTrue(r.items().stream().anyMatch(i -> i.name().equals("settings") && i.action() == ItemAction.Patched));
    }

    @Test
    void conflictPolicyRecreateReplacesTheObjectButNeverDeletesANamespace() {
        Object oldUid = source.find("v1", "ConfigMap", "shop", "settings").orElseThrow().metadata().get("uid");
        Object nsUid = source.find("v1", "Namespace", null, "shop").orElseThrow().metadata().get("uid");
        RestoreResult r = restore(source, false, b -> b.includedNamespaces("shop").includedResourceTypes("configmaps", "namespaces")
                .conflictPolicy(ConflictPolicy.Recreate));
        assertNotEquals(oldUid, source.find("v1", "ConfigMap", "shop", "settings").orElseThrow().metadata().get("uid"));
        assertEquals(nsUid, source.find("v1", "Namespace", null, "shop").orElseThrow().metadata().get("uid"));
        assertTrue(r.items().stream().anyMatch(i -> i.name().equals("settings") && i.action() == ItemAction.Recreated));
        assertTrue(r.items().stream().anyMatch(i -> i.name().equals("shop") && i.action() == ItemAction.Patched));
    }

    @Test
    void conflictPolicyFailReportsEachExistingObjectAndRestoresTheRest() {
        source.delete(source.type("v1", "ConfigMap"), "shop", "settings");
        RestoreResult r = restore(source, false, b -> b.includedNamespaces("shop").includedResourceTypes("configmaps")
                .conflictPolicy(ConflictPolicy.Fail));
        assertTrue(source.find("v1", "ConfigMap", "shop", "settings").isPresent());
        assertEquals(2, r.job().counts().failed());
        assertEquals(JobStatus.CompletedWithWarnings, r.job().status());
        assertTrue(r.job().errors().stream().allMatch(e -> e.code().equals("Conflict")));
    }

    @Test
    void theDryRunPlanIsExactlyWhatTheRealRunDoes() {
        InMemoryCluster target = new InMemoryCluster(clock);
        target.add(Fixtures.namespace("shop"));
        target.add(Fixtures.configMap("shop", "settings", Map.of()));
        target.add(Fixtures.secret("shop", "db-password"));
        for (ConflictPolicy policy : ConflictPolicy.values()) {
            InMemoryCluster t = new InMemoryCluster(clock);
            t.add(Fixtures.namespace("shop"));
            t.add(Fixtures.configMap("shop", "settings", Map.of()));
            t.add(Fixtures.secret("shop", "db-password"));
            long writes = t.writes();
            RestoreResult plan = restore(t, true, b -> b.conflictPolicy(policy).mapNamespace("blog", "blog2"));
            assertEquals(writes, t.writes(), "a dry run writes nothing");
            assertTrue(plan.dryRun());
            RestoreResult real = restore(t, false, b -> b.conflictPolicy(policy).mapNamespace("blog", "blog2"));
            assertEquals(actions(plan), actions(real), "policy " + policy);
            assertTrue(actions(plan).contains("Created v1/ConfigMap blog2/settings"));
            assertTrue(actions(plan).contains("Created example.com/v1/Widget shop/w1"), actions(plan).toString());
        }
    }

    @Test
    void aDamagedPackFailsTheObjectsInItByNameAndTheRestIsRestored() {
        List<String> packs = store.keys().stream().filter(k -> k.startsWith("packs/"))
                .sorted(java.util.Comparator.comparingInt((String k) -> store.getBytes(k).length).reversed()).toList();
        boolean namedOne = false;
        // Damage ten bytes at a few places in turn; each hits an object (named) or an entry chunk (its objects are lost).
        for (String victim : packs.subList(0, Math.min(3, packs.size()))) {
            byte[] original = store.getBytes(victim);
            for (int at : new int[] {original.length / 3, original.length / 2, 2 * original.length / 3}) {
                store.tamper(victim, bytes -> {
                    for (int i = at; i < at + 10; i++) {
                        bytes[i] ^= 0x41;
                    }
                    return bytes;
                });
                RestoreResult r = restore(new InMemoryCluster(clock), false, b -> { });
                store.tamper(victim, bytes -> original.clone());
                assertEquals(JobStatus.CompletedWithWarnings, r.job().status(), r.job().errors().toString());
                List<ItemResult> failed = r.items().stream().filter(i -> i.action() == ItemAction.Failed).toList();
                assertFalse(failed.isEmpty(), "damage at " + at + " of " + victim);
                for (ItemResult i : failed) {
                    boolean named = i.message().startsWith("damaged in the vault, not restored: ") && i.message().contains(i.name());
                    boolean lostList = i.name().equals("*") && i.message().contains("objects are lost");
                    boolean lostDefinition = i.message().contains("the target cluster does not serve");
                    assertTrue(named || lostList || lostDefinition, i.message());
                    namedOne |= named;
                }
                assertTrue(r.items().stream().filter(i -> i.action() == ItemAction.Created).count() > 20, "the rest is restored");
                assertTrue(r.job().errors().stream().anyMatch(e -> e.code().equals("DataCorrupted")));
            }
        }
        assertTrue(namedOne, "some damage hit an object, which the restore named");
    }

    @Test
    void restoreHooksRunOnlyForPodsTheRestoreCreated() {
        List<String> hooked = new java.util.concurrent.CopyOnWriteArrayList<>();
        hooks = new HookRunner() {
            @Override
            public BackupHooks backupHooks(BackupHookContext c) {
                return BackupHooks.NONE;
            }

            @Override
            public RestoreHooks restoreHooks(RestoreHookContext c) {
                return (pod, sourceNs) -> {
                    hooked.add(pod.qualifiedName() + " from " + sourceNs);
                    return HookOutcome.NOTHING;
                };
            }
        };
        RestoreResult r = restore(source, false, b -> b.mapNamespace("shop", "shop2"));
        assertEquals(List.of("shop2/db-0 from shop"), hooked, "blog/web-1 exists already and is skipped");
        assertTrue(r.items().stream().anyMatch(i -> i.name().equals("web-1") && i.action() == ItemAction.Skipped));
    }

    @Test
    void createsWithinATierRunConcurrentlyUpToTheBound() throws Exception {
        InMemoryCluster inner = new InMemoryCluster(clock);
        RecordingCluster target = new RecordingCluster(inner);
        CountDownLatch twoAtOnce = new CountDownLatch(2);
        target.duringCreate = () -> {
            twoAtOnce.countDown();
            try {
                twoAtOnce.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        restore(target, false, b -> { });
        assertEquals(0, twoAtOnce.getCount());
        assertTrue(target.maxRunning.get() >= 2);
        assertTrue(target.maxRunning.get() <= 4, "parallelism 4: " + target.maxRunning.get());
    }

    @Test
    void aTypeTheTargetDoesNotServeFailsItsObjects() {
        InMemoryCluster target = new InMemoryCluster(clock);
        RestoreResult r = restore(target, false, b -> b.excludedResourceTypes("customresourcedefinitions").includeClusterScopeResources(false));
        ItemResult w = r.items().stream().filter(i -> i.name().equals("w1")).findFirst().orElseThrow();
        assertEquals(ItemAction.Failed, w.action());
        assertTrue(w.message().contains("does not serve example.com/v1/Widget"), w.message());
    }
}
