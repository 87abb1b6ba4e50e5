package io.github.aksbackup.backup;

import static io.github.aksbackup.testkit.Fixtures.configMap;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.aksbackup.api.ErrorCode;
import io.github.aksbackup.testkit.Fixtures;
import io.github.aksbackup.api.AksBackupException;
import io.github.aksbackup.api.DataStoreType;
import io.github.aksbackup.api.instance.BackupConfiguration;
import io.github.aksbackup.api.instance.BackupInstance;
import io.github.aksbackup.api.job.ItemAction;
import io.github.aksbackup.api.job.Job;
import io.github.aksbackup.api.job.JobStatus;
import io.github.aksbackup.api.job.Operation;
import io.github.aksbackup.api.recovery.DataStoreDetail;
import io.github.aksbackup.api.recovery.DataStoreState;
import io.github.aksbackup.api.recovery.RecoveryPointStatus;
import io.github.aksbackup.api.recovery.RecoveryPointType;
import io.github.aksbackup.hook.BackupHookContext;
import io.github.aksbackup.hook.BackupHooks;
import io.github.aksbackup.hook.HookOutcome;
import io.github.aksbackup.hook.HookRunner;
import io.github.aksbackup.hook.RestoreHookContext;
import io.github.aksbackup.hook.RestoreHooks;
import io.github.aksbackup.job.JobRecorder;
import io.github.aksbackup.job.Progress;
import io.github.aksbackup.repository.Manifest;
import io.github.aksbackup.repository.ManifestEntry;
import io.github.aksbackup.repository.RecoveryPointReader;
import io.github.aksbackup.repository.Repository;
import io.github.aksbackup.repository.RepositoryOptions;
import io.github.aksbackup.repository.TypeSection;
import io.github.aksbackup.spi.KubeObject;
import io.github.aksbackup.spi.ObjectInfo;
import io.github.aksbackup.spi.ObjectStore;
import io.github.aksbackup.spi.SnapshotRequest;
import io.github.aksbackup.testkit.FakeVolumeSnapshotter;
import io.github.aksbackup.testkit.InMemoryCluster;
import io.github.aksbackup.testkit.InMemoryObjectStore;
import io.github.aksbackup.testkit.ManualClock;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class BackupEngineTest {
    final ManualClock clock = new ManualClock(Instant.parse("2026-05-04T09:00:00Z"));
    final InMemoryCluster cluster = new InMemoryCluster(clock);
    final FakeVolumeSnapshotter volumes = new FakeVolumeSnapshotter(clock);
    final InMemoryObjectStore store = new InMemoryObjectStore(clock);
    Repository repo = Repository.open(store, clock);
    HookRunner hooks = HookRunner.NONE;
    int rp;

    BackupEngineTest() {
        Fixtures.seedApp(cluster, volumes);
    }

    BackupResult backup(Consumer<BackupConfiguration.Builder> config) {
        return backup(config, repo);
    }

    BackupResult backup(Consumer<BackupConfiguration.Builder> config, Repository r) {
        BackupConfiguration.Builder b = BackupConfiguration.builder();
        config.accept(b);
        BackupInstance instance = new BackupInstance("prod", "aks-prod", "daily", b.build(), null, null);
        String id = "rp-" + (++rp);
        BackupSpec spec = new BackupSpec(instance, id, clock.instant(), RecoveryPointType.OnDemand, "Default",
                List.of(new DataStoreDetail(DataStoreType.OperationalStore, clock.instant(), clock.instant().plus(Duration.ofDays(7)),
                        DataStoreState.Available)));
        JobRecorder job = new JobRecorder(Operation.Backup, "prod", id, clock, null);
        return new BackupEngine(r, cluster, volumes, hooks, clock, new BackupOptions(3, Duration.ofSeconds(5), Duration.ofMillis(1)),
                BackupThreads.PREFETCH)
                .run(spec, job);
    }

    Set<String> contents(Manifest m) {
        Set<String> out = new TreeSet<>();
        RecoveryPointReader reader = repo.openReader();
        for (TypeSection s : m.types()) {
            for (ManifestEntry e : reader.entries(s)) {
                out.add(s.type().kind() + " " + e.qualifiedName());
            }
        }
        return out;
    }

    static Set<String> ofKind(Set<String> all, String kind) {
        Set<String> out = new TreeSet<>();
        for (String s : all) {
            if (s.startsWith(kind + " ")) {
                out.add(s.substring(kind.length() + 1));
            }
        }
        return out;
    }

    @Test
    void backsUpEveryNamespaceButTheSystemOnesWithTheirClusterScopedObjects() {
        BackupResult r = backup(b -> { });
        Set<String> all = contents(r.manifest());
        assertEquals(Set.of("blog", "default", "shop"), ofKind(all, "Namespace"));
        assertTrue(all.stream().noneMatch(s -> s.contains("kube-system") || s.contains("coredns")), all.toString());
        assertEquals(Set.of("blog/settings", "blog/feature-flags", "shop/settings", "shop/feature-flags"), ofKind(all, "ConfigMap"));
        assertEquals(Set.of("view", "unrelated"), ofKind(all, "ClusterRole"));
        assertEquals(Set.of("pvc-data", "pvc-files", "pvc-other"), ofKind(all, "PersistentVolume"));
        assertEquals(Set.of("widgets.example.com", "gadgets.example.com"), ofKind(all, "CustomResourceDefinition"));
        assertEquals(Set.of("shop/w1"), ofKind(all, "Widget"));
        Job job = r.job();
        assertEquals(all.size(), r.manifest().recoveryPoint().objectCount());
        assertEquals(job.counts().succeeded(), r.manifest().recoveryPoint().objectCount());
        assertTrue(job.counts().bytesNew() > 0);
        assertTrue(job.counts().bytesTotal() > 0);
    }

    @Test
    void includedNamespacesLimitTheBackupAndTheirAbsenceIsAWarning() {
        BackupResult r = backup(b -> b.includedNamespaces("shop", "kube-system", "ghost").includeClusterScopeResources(false));
        Set<String> all = contents(r.manifest());
        assertEquals(Set.of("shop"), ofKind(all, "Namespace"));
        assertEquals(Set.of("shop/settings", "shop/feature-flags"), ofKind(all, "ConfigMap"));
        assertTrue(r.job().warnings().contains("included namespace ghost does not exist in the cluster"), r.job().warnings().toString());
        assertEquals(JobStatus.CompletedWithWarnings, r.job().status());
    }

    @Test
    void excludedNamespacesAreLeftOut() {
        Set<String> all = contents(backup(b -> b.excludedNamespaces("blog")).manifest());
        assertEquals(Set.of("default", "shop"), ofKind(all, "Namespace"));
        assertTrue(all.stream().noneMatch(s -> s.contains("blog/")));
    }

    @Test
    void includedAndExcludedTypesFilterTypes() {
        Set<String> only = contents(backup(b -> b.includedResourceTypes("configmaps", "apps/Deployment")
                .includeClusterScopeResources(false)).manifest());
        Set<String> kinds = new TreeSet<>();
        only.forEach(s -> kinds.add(s.substring(0, s.indexOf(' '))));
        assertEquals(Set.of("ConfigMap", "Deployment", "Namespace"), kinds);

        Set<String> without = contents(backup(b -> b.excludedResourceTypes("Secret", "v1/Namespace")).manifest());
        assertTrue(ofKind(without, "Secret").isEmpty());
        assertTrue(ofKind(without, "Namespace").isEmpty(), "an explicitly excluded Namespace type is left out");
        assertFalse(ofKind(without, "ConfigMap").isEmpty());
    }

    @Test
    void aTypePatternThatNamesNoServedTypeIsAWarning() {
        BackupResult r = backup(b -> b.includedResourceTypes("cm", "Deployment").excludedResourceTypes("sec"));
        List<String> warnings = r.job().warnings();
        assertTrue(warnings.stream().anyMatch(w -> w.startsWith("includedResourceTypes 'cm' names no resource type")), warnings::toString);
        assertTrue(warnings.stream().anyMatch(w -> w.startsWith("excludedResourceTypes 'sec' names no resource type")), warnings::toString);
        assertTrue(warnings.stream().noneMatch(w -> w.contains("'Deployment'")), warnings::toString);
    }

    @Test
    void typesOfBuiltInGroupsNeedNoCustomResourceDefinition() {
        BackupResult r = backup(b -> b.includedNamespaces("shop").includeClusterScopeResources(false));
        assertTrue(r.job().warnings().stream().noneMatch(w -> w.contains("CustomResourceDefinition")), r.job().warnings()::toString);
    }

    @Test
    void oneLabelSelectorOrSeveralSelectObjectsMatchingAnyOfThem() {
        Set<String> web = contents(backup(b -> b.labelSelectors("app=web").includeClusterScopeResources(false)).manifest());
        assertEquals(Set.of("blog/settings", "blog/feature-flags", "shop/settings", "shop/feature-flags"), ofKind(web, "ConfigMap"));
        assertTrue(ofKind(web, "Secret").isEmpty());
        assertEquals(Set.of("shop/w1"), ofKind(web, "Widget"));

        Set<String> either = contents(backup(b -> b.labelSelectors("tier=canary", "app=db").includeClusterScopeResources(false)).manifest());
        assertEquals(Set.of("blog/feature-flags", "shop/feature-flags"), ofKind(either, "ConfigMap"));
        assertEquals(Set.of("shop/data-db-0", "shop/uploads"), ofKind(either, "PersistentVolumeClaim"));
        assertEquals(Set.of("shop/db-0"), ofKind(either, "Pod"));
    }

    @Test
    void withoutClusterScopeOnlyTheClusterScopedObjectsSelectedOnesNeedComeAlong() {
        Set<String> all = contents(backup(b -> b.includedNamespaces("shop").includeClusterScopeResources(false)).manifest());
        assertEquals(Set.of("pvc-data", "pvc-files"), ofKind(all, "PersistentVolume"));
        assertEquals(Set.of("managed-csi", "azurefile-csi"), ofKind(all, "StorageClass"));
        assertEquals(Set.of("widgets.example.com"), ofKind(all, "CustomResourceDefinition"));
        assertEquals(Set.of("view"), ofKind(all, "ClusterRole"));
        assertTrue(ofKind(all, "Node").isEmpty());
    }

    @Test
    void clusterScopedObjectsObeyLabelSelectorsButDependenciesComeAnyway() {
        cluster.add(Fixtures.obj("rbac.authorization.k8s.io/v1", "ClusterRole", null, "web-admin", Map.of("app", "web"),
                Map.of("rules", List.of())));
        cluster.add(Fixtures.obj("rbac.authorization.k8s.io/v1", "RoleBinding", "shop", "web-views", Map.of("app", "web"), Map.of(
                "roleRef", Map.of("apiGroup", "rbac.authorization.k8s.io", "kind", "ClusterRole", "name", "view"),
                "subjects", List.of(Map.of("kind", "ServiceAccount", "name", "app", "namespace", "shop")))));
        Set<String> all = contents(backup(b -> b.labelSelectors("app=web")).manifest());
        assertEquals(Set.of("view", "web-admin"), ofKind(all, "ClusterRole"), "view is needed by a selected RoleBinding");
    }

    @Test
    void excludeAnnotationSkipsTheObjectAndSaysSo() {
        cluster.add(Fixtures.obj("v1", "ConfigMap", "shop", "scratch", Map.of(), Map.of("metadata", Map.of("name", "scratch",
                "namespace", "shop", "annotations", Map.of("velero.io/exclude-from-backup", "true")))));
        BackupResult r = backup(b -> b.includedNamespaces("shop"));
        assertFalse(ofKind(contents(r.manifest()), "ConfigMap").contains("shop/scratch"));
        assertTrue(r.job().items().stream().anyMatch(i -> i.name().equals("scratch") && i.action() == ItemAction.Skipped
                && i.message().contains("velero.io/exclude-from-backup")));
        assertEquals(1, r.job().counts().skipped());
    }

    @Test
    void excludeLabelSkipsTheObjectAsTheAnnotationDoesAndSaysSo() {
        cluster.add(configMap("shop", "scratch", Map.of("velero.io/exclude-from-backup", "true")));
        cluster.add(configMap("shop", "kept", Map.of("velero.io/exclude-from-backup", "false")));
        cluster.add(Fixtures.obj("rbac.authorization.k8s.io/v1", "ClusterRole", null, "temporary",
                Map.of("velero.io/exclude-from-backup", "True"), Map.of("rules", List.of())));
        BackupResult r = backup(b -> { });
        Set<String> all = contents(r.manifest());
        assertFalse(ofKind(all, "ConfigMap").contains("shop/scratch"), all.toString());
        assertTrue(ofKind(all, "ConfigMap").contains("shop/kept"), "only the value true excludes");
        assertFalse(ofKind(all, "ClusterRole").contains("temporary"), "cluster-scoped objects too, the value ignoring case");
        assertTrue(r.job().items().stream().anyMatch(i -> i.name().equals("scratch") && i.namespace().equals("shop")
                && i.action() == ItemAction.Skipped && i.message().equals("labelled velero.io/exclude-from-backup=true")),
                r.job().items().toString());
        assertTrue(r.job().items().stream().anyMatch(i -> i.name().equals("temporary") && i.action() == ItemAction.Skipped));
        assertEquals(2, r.job().counts().skipped());
    }

    @Test
    void snapshotsAzureDisksAndSkipsOtherDriversWithAWarningNamingClaimAndDriver() {
        BackupResult r = backup(b -> b.includedNamespaces("shop"));
        assertEquals(1, r.manifest().recoveryPoint().volumeSnapshots().size());
        assertEquals("data-db-0", r.manifest().recoveryPoint().volumeSnapshots().get(0).pvcName());
        assertEquals(1, r.job().counts().volumes());
        assertTrue(r.job().warnings().stream().anyMatch(w -> w.contains("PVC shop/uploads") && w.contains("file.csi.azure.com")),
                r.job().warnings().toString());
        assertEquals(RecoveryPointStatus.Completed, r.manifest().recoveryPoint().status());
        assertEquals(JobStatus.CompletedWithWarnings, r.job().status());
        assertEquals(1, volumes.snapshotCount());
    }

    @Test
    void noSnapshotsWhenSnapshotVolumesIsOff() {
        BackupResult r = backup(b -> b.includedNamespaces("shop").snapshotVolumes(false));
        assertTrue(r.manifest().recoveryPoint().volumeSnapshots().isEmpty());
        assertEquals(0, volumes.snapshotCount());
    }

    @Test
    void aFailedSnapshotMakesThePointPartial() {
        volumes.failSnapshotsOf("/subscriptions/s/resourceGroups/mc/providers/Microsoft.Compute/disks/pvc-data");
        BackupResult r = backup(b -> b.includedNamespaces("shop"));
        assertEquals(RecoveryPointStatus.Partial, r.manifest().recoveryPoint().status());
        assertEquals(JobStatus.CompletedWithWarnings, r.job().status());
        assertEquals(1, r.job().counts().failed());
        assertTrue(r.job().items().stream().anyMatch(i -> i.action() == ItemAction.Failed && i.name().equals("data-db-0")
                && i.message().contains("quota")));
        assertEquals("SnapshotFailed", r.job().errors().get(0).code());
    }

    @Test
    void aTypeThatCannotBeListedIsAFailedItemAndThePointIsPartial() {
        cluster.failOn("list", "secrets", null, null, new AksBackupException(ErrorCode.FORBIDDEN, "secrets is forbidden for the backup identity"));
        BackupResult r = backup(b -> { });
        assertEquals(RecoveryPointStatus.Partial, r.manifest().recoveryPoint().status());
        assertTrue(ofKind(contents(r.manifest()), "Secret").isEmpty());
        assertTrue(r.job().items().stream().anyMatch(i -> i.resource().equals("v1/Secret") && i.action() == ItemAction.Failed));
        assertEquals("Forbidden", r.job().errors().get(0).code());
    }

    @Test
    void aRestartedListingTakesTheTypeAgainWithoutDuplicates() {
        for (int i = 0; i < 10; i++) {
            cluster.add(configMap("shop", "cm-" + i, Map.of()));
        }
        cluster.expireNextContinueToken("configmaps");
        BackupResult r = backup(b -> b.includedNamespaces("shop").includedResourceTypes("configmaps"));
        assertEquals(12, ofKind(contents(r.manifest()), "ConfigMap").size());
        assertEquals(13, r.job().counts().seen(), "12 config maps and their namespace");
        assertEquals(13, r.job().counts().succeeded());
    }

    @Test
    void hooksRunAroundEachPodsSnapshotsAlsoWhenTheyFail() {
        List<String> events = new ArrayList<>();
        hooks = recordingHooks(events, "shop/db-0-nothing");
        backup(b -> b.includedNamespaces("shop", "blog"));
        assertEquals(List.of("pre blog/web-1", "post blog/web-1 NotSnapshotted", "pre shop/db-0", "post shop/db-0 Snapshotted"), events);

        events.clear();
        volumes.failSnapshotsOf("/subscriptions/s/resourceGroups/mc/providers/Microsoft.Compute/disks/pvc-data");
        backup(b -> b.includedNamespaces("shop"));
        assertEquals(List.of("pre shop/db-0", "post shop/db-0 SnapshotFailed"), events);
    }

    @Test
    void aFailingPreHookPreventsThatPodsSnapshotsAndFailsThePod() {
        List<String> events = new ArrayList<>();
        hooks = recordingHooks(events, "shop/db-0");
        BackupResult r = backup(b -> b.includedNamespaces("shop"));
        assertEquals(List.of("pre shop/db-0", "post shop/db-0 NotSnapshotted"), events);
        assertEquals(0, volumes.snapshotCount(), "the claim used by the pod is not snapshotted after its pre hook failed");
        assertEquals(RecoveryPointStatus.Partial, r.manifest().recoveryPoint().status());
        assertTrue(r.job().items().stream().anyMatch(i -> i.name().equals("db-0") && i.action() == ItemAction.Failed
                && i.message().contains("freeze failed")));
    }

    HookRunner recordingHooks(List<String> events, String failPreOf) {
        return new HookRunner() {
            @Override
            public BackupHooks backupHooks(BackupHookContext context) {
                return new BackupHooks() {
                    @Override
                    public HookOutcome beforePodVolumes(KubeObject pod) {
                        events.add("pre " + pod.qualifiedName());
                        return pod.qualifiedName().equals(failPreOf) ? new HookOutcome(List.of(), true, "freeze failed", List.of())
                                : HookOutcome.NOTHING;
                    }

                    @Override
                    public HookOutcome afterPodVolumes(KubeObject pod, PodVolumes v) {
                        events.add("post " + pod.qualifiedName() + " " + v);
                        return HookOutcome.NOTHING;
                    }
                };
            }

            @Override
            public RestoreHooks restoreHooks(RestoreHookContext context) {
                return RestoreHooks.NONE;
            }
        };
    }

    @Test
    void theSecondBackupOfAnUnchangedClusterWritesOnlyItsManifest() {
        BackupResult first = backup(b -> { });
        long before = store.bytesWritten();
        BackupResult second = backup(b -> b.snapshotVolumes(false));
        long manifest = store.getBytes(Manifest.key("prod", second.manifest().id())).length;
        assertEquals(manifest, second.job().counts().bytesNew());
        assertTrue(store.bytesWritten() - before < manifest + 200, "only the manifest and a session marker");
        assertEquals(first.job().counts().bytesTotal(), second.job().counts().bytesTotal());
        assertTrue(second.job().counts().bytesNew() * 3 < first.job().counts().bytesNew(),
                second.job().counts().bytesNew() + " vs " + first.job().counts().bytesNew());
    }

    @Test
    void reportsProgressWithCountsAndBytes() {
        List<Progress> seen = new ArrayList<>();
        BackupConfiguration c = BackupConfiguration.everything();
        BackupInstance instance = new BackupInstance("prod", "aks", "p", c, null, null);
        JobRecorder job = new JobRecorder(Operation.Backup, "prod", "rp-x", clock, seen::add);
        new BackupEngine(repo, cluster, volumes, null, clock, null,
                BackupThreads.PREFETCH).run(new BackupSpec(instance, "rp-x", clock.instant(),
                RecoveryPointType.OnDemand, "Default", List.of()), job);
        assertTrue(seen.size() > 5);
        Progress last = seen.get(seen.size() - 1);
        assertEquals(JobStatus.CompletedWithWarnings, last.status());
        assertTrue(last.counts().bytesTotal() > 0 && last.counts().succeeded() > 10);
        assertTrue(seen.stream().anyMatch(p -> p.phase().startsWith("listing ")));
    }

    @Test
    void aBackupKilledAfterAnyPackWriteLeavesNoRecoveryPointAndCollectionReclaimsItsPacks() {
        for (int i = 0; i < 400; i++) {
            cluster.add(configMap("shop", "bulk-" + i, Map.of("n", "v" + i)));
        }
        RepositoryOptions tiny = RepositoryOptions.DEFAULTS.withPackTargetBytes(2048);
        int packsOfAFullBackup;
        {
            InMemoryObjectStore full = new InMemoryObjectStore(clock);
            BackupResult ok = backup(b -> { }, Repository.open(full, clock, tiny));
            assertEquals(JobStatus.CompletedWithWarnings, ok.job().status());
            packsOfAFullBackup = (int) full.keys().stream().filter(k -> k.startsWith("packs/")).count();
        }
        assertTrue(packsOfAFullBackup >= 5, "enough packs to kill the backup at several points: " + packsOfAFullBackup);
        for (int killAfter = 1; killAfter < packsOfAFullBackup; killAfter++) {
            InMemoryObjectStore disk = new InMemoryObjectStore(clock);
            DyingStore dying = new DyingStore(disk, killAfter);
            BackupResult r = backup(b -> { }, Repository.open(dying, clock, tiny));
            assertEquals(JobStatus.Failed, r.job().status(), "killed after pack " + killAfter);
            assertNull(r.manifest());

            Repository after = Repository.open(disk, clock, tiny);
            assertEquals(List.of(), after.instancesWithRecoveryPoints(), "no visible recovery point after pack " + killAfter);
            assertTrue(disk.keys().stream().anyMatch(k -> k.startsWith("packs/")));
            assertTrue(after.collectGarbage().deferred(), "the dead session still looks alive");
            clock.advance(Duration.ofHours(7));
            after.collectGarbage();
            assertEquals(List.of("config.json"), disk.keys(), "after pack " + killAfter);
        }
    }

    /** A store whose process dies right after its n-th pack was written: nothing reaches the store afterwards. */
    static final class DyingStore implements ObjectStore {
        final ObjectStore inner;
        final int killAfter;
        final AtomicInteger packs = new AtomicInteger();
        volatile boolean dead;

        DyingStore(ObjectStore inner, int killAfter) {
            this.inner = inner;
            this.killAfter = killAfter;
        }

        void check() {
            if (dead) {
                throw new AksBackupException(ErrorCode.INTERNAL, "the process is dead");
            }
        }

        @Override
        public boolean putIfAbsent(String key, InputStream data, long length) {
            check();
            boolean written = inner.putIfAbsent(key, data, length);
            if (key.startsWith("packs/") && packs.incrementAndGet() == killAfter) {
                dead = true;
            }
            return written;
        }

        @Override
        public InputStream get(String key) {
            check();
            return inner.get(key);
        }

        @Override
        public Iterable<ObjectInfo> list(String prefix) {
            check();
            return inner.list(prefix);
        }

        @Override
        public Optional<ObjectInfo> stat(String key) {
            check();
            return inner.stat(key);
        }

        @Override
        public boolean delete(String key) {
            check();
            return inner.delete(key);
        }

        @Override
        public String describe() {
            return "dying store";
        }
    }

    @Test
    void theSnapshotRequestCarriesTheVolumeAndTagsOfTheRecoveryPoint() {
        List<SnapshotRequest> requests = new ArrayList<>();
        FakeVolumeSnapshotter inner = volumes;
        io.github.aksbackup.spi.VolumeSnapshotter spy = new io.github.aksbackup.spi.VolumeSnapshotter() {
            public boolean supports(String d) { return inner.supports(d); }
            public io.github.aksbackup.api.recovery.VolumeSnapshotRecord snapshot(SnapshotRequest r) { requests.add(r); return inner.snapshot(r); }
            public io.github.aksbackup.spi.SnapshotStatus status(io.github.aksbackup.api.recovery.VolumeSnapshotRecord s) { return inner.status(s); }
            public void delete(io.github.aksbackup.api.recovery.VolumeSnapshotRecord s) { inner.delete(s); }
            public io.github.aksbackup.spi.RestoredVolume restore(io.github.aksbackup.api.recovery.VolumeSnapshotRecord s,
                    io.github.aksbackup.spi.VolumeRestoreRequest r) { return inner.restore(s, r); }
        };
        BackupInstance instance = new BackupInstance("prod", "aks", "p", BackupConfiguration.everything(), null, null);
        new BackupEngine(repo, cluster, spy, null, clock, null,
                BackupThreads.PREFETCH).run(new BackupSpec(instance, "rp-t", clock.instant(),
                RecoveryPointType.OnDemand, "Default", List.of()), new JobRecorder(Operation.Backup, "prod", "rp-t", clock, null));
        assertEquals(1, requests.size());
        SnapshotRequest r = requests.get(0);
        assertEquals("pvc-data", r.pvName());
        assertEquals(1L << 30, r.sizeBytes());
        assertEquals("Premium_LRS", r.volumeAttributes().get("skuName"));
        assertEquals(Map.of("aks-backup/instance", "prod", "aks-backup/recovery-point", "rp-t"), r.tags());
    }
}
