package io.github.aksbackup.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.aksbackup.testkit.Fixtures;
import io.github.aksbackup.api.ConflictException;
import io.github.aksbackup.api.DataStoreType;
import io.github.aksbackup.api.InvalidInputException;
import io.github.aksbackup.api.NotFoundException;
import io.github.aksbackup.api.instance.BackupConfiguration;
import io.github.aksbackup.api.instance.BackupInstance;
import io.github.aksbackup.api.instance.ProtectionState;
import io.github.aksbackup.api.job.Job;
import io.github.aksbackup.api.job.JobStatus;
import io.github.aksbackup.api.job.Operation;
import io.github.aksbackup.api.policy.BackupPolicy;
import io.github.aksbackup.api.recovery.DataStoreState;
import io.github.aksbackup.api.recovery.RecoveryPoint;
import io.github.aksbackup.api.recovery.RecoveryPointType;
import io.github.aksbackup.api.restore.RestoreConfig;
import io.github.aksbackup.job.Progress;
import io.github.aksbackup.policy.PolicyJson;
import io.github.aksbackup.restore.RestoreResult;
import io.github.aksbackup.spi.KubeObject;
import io.github.aksbackup.store.DirectoryObjectStore;
import io.github.aksbackup.testkit.FakeVolumeSnapshotter;
import io.github.aksbackup.testkit.InMemoryCluster;
import io.github.aksbackup.testkit.InMemoryObjectStore;
import io.github.aksbackup.testkit.ManualClock;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AksBackupClientTest {
    final ManualClock clock = new ManualClock(Instant.parse("2026-05-04T09:00:00Z"));
    final InMemoryCluster cluster = new InMemoryCluster(clock);
    final FakeVolumeSnapshotter volumes = new FakeVolumeSnapshotter(clock);
    final InMemoryObjectStore vault = new InMemoryObjectStore(clock);
    final BackupPolicy policy = policy();
    final BackupInstance instance = new BackupInstance("prod", "aks-prod", "", BackupConfiguration.everything(), null, null);

    AksBackupClientTest() {
        Fixtures.seedApp(cluster, volumes);
    }

    static BackupPolicy policy() {
        try (InputStream in = AksBackupClientTest.class.getResourceAsStream("/client/aks-daily-to-vault.json")) {
            return PolicyJson.read(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    AksBackupClient client(io.github.aksbackup.spi.ObjectStore store) {
        return created(AksBackupClient.builder().vault(store).cluster(cluster).volumeSnapshotter(volumes).clock(clock).buildClient());
    }

    /** {@code client} after {@link AksBackupClient#createVault()}: for tests that start with an empty vault. */
    static AksBackupClient created(AksBackupClient client) {
        client.createVault();
        return client;
    }

    @Test
    void anOnDemandBackupMakesARecoveryPointWithThePolicysCopies() {
        try (AksBackupClient c = client(vault)) {
            BackupInstance protectedOne = c.configureProtection(instance, policy);
            assertEquals("aks-daily-to-vault", protectedOne.policyName());
            List<Progress> progress = new ArrayList<>();
            Job job = c.backupNow("prod", BackupJobOptions.defaults().withListener(progress::add));
            assertEquals(Operation.Backup, job.operation());
            assertEquals(JobStatus.CompletedWithWarnings, job.status(), job.errors().toString());
            RecoveryPoint rp = c.getRecoveryPoint("prod", job.recoveryPointId());
            assertEquals(RecoveryPointType.OnDemand, rp.type());
            assertEquals("Default", rp.tag());
            assertEquals(clock.instant().plus(Duration.ofDays(7)), rp.store(DataStoreType.OperationalStore).orElseThrow().expiry());
            assertTrue(rp.store(DataStoreType.VaultStore).isEmpty());
            assertEquals(1, rp.volumeSnapshots().size());
            assertFalse(progress.isEmpty());
            Progress last = progress.get(progress.size() - 1);
            assertTrue(last.counts().bytesNew() > 0 && last.counts().succeeded() > 20);
            assertEquals(List.of(rp), c.listRecoveryPoints("prod"));
        }
    }

    @Test
    void aRetentionTagOverrideGivesTheTagsCopies() {
        try (AksBackupClient c = client(vault)) {
            c.configureProtection(instance, policy);
            Job job = c.backupNow("prod", BackupJobOptions.defaults().withRetentionTag("Daily"));
            RecoveryPoint rp = c.getRecoveryPoint("prod", job.recoveryPointId());
            assertEquals("Daily", rp.tag());
            assertEquals(DataStoreState.Available, rp.store(DataStoreType.VaultStore).orElseThrow().state(), "copied immediately");
            assertThrows(InvalidInputException.class, () -> c.backupNow("prod", BackupJobOptions.defaults().withRetentionTag("Nope")));
        }
    }

    @Test
    void everythingLivesInTheVaultSoALaterProcessSeesIt(@TempDir Path dir) {
        String rpId;
        try (AksBackupClient first = client(new DirectoryObjectStore(dir))) {
            first.configureProtection(instance, policy);
            rpId = first.backupNow("prod").recoveryPointId();
        }
        try (AksBackupClient later = client(new DirectoryObjectStore(dir))) {
            assertEquals(List.of("prod"), later.listInstances().stream().map(BackupInstance::name).toList());
            assertEquals(rpId, later.listRecoveryPoints("prod").get(0).id());
            Job job = later.listJobs().get(0);
            assertEquals(Operation.Backup, job.operation());
            assertEquals(rpId, job.recoveryPointId());
            assertTrue(later.getJob(job.id()).items().size() > 0, "items are kept with the job");
            assertTrue(later.verifyVault().ok());
        }
    }

    @Test
    void scheduledBackupsTieringAndExpiryRunOnTheClock() {
        try (AksBackupClient c = client(vault)) {
            c.configureProtection(instance, policy);
            c.runDue();
            assertTrue(c.listRecoveryPoints("prod").isEmpty(), "slots before protection began are passed over");
            clock.set(Instant.parse("2026-05-04T10:00:00Z"));
            c.runDue();
            clock.set(Instant.parse("2026-05-04T14:00:00Z"));
            c.runDue();
            List<RecoveryPoint> rps = c.listRecoveryPoints("prod");
            assertEquals(List.of("Daily", "Default"), rps.stream().map(RecoveryPoint::tag).toList());
            assertEquals(List.of(RecoveryPointType.Scheduled, RecoveryPointType.Scheduled), rps.stream().map(RecoveryPoint::type).toList());
            assertEquals(DataStoreState.Available, rps.get(0).store(DataStoreType.VaultStore).orElseThrow().state());
            String daily = rps.get(0).id();

            clock.advance(Duration.ofDays(8));
            c.runDue();
            List<RecoveryPoint> after = c.listRecoveryPoints("prod");
            RecoveryPoint kept = after.stream().filter(r -> r.id().equals(daily)).findFirst().orElseThrow();
            assertEquals(DataStoreState.Deleted, kept.store(DataStoreType.OperationalStore).orElseThrow().state());
            assertEquals(DataStoreState.Available, kept.store(DataStoreType.VaultStore).orElseThrow().state());
            assertEquals(2, after.size(), "the Daily point from the vault and the backup of the collapsed missed slots");
            assertTrue(c.listJobs().stream().anyMatch(j -> j.operation() == Operation.GarbageCollection));
            assertTrue(c.listJobs().stream().anyMatch(j -> j.operation() == Operation.VaultCopy && j.status() == JobStatus.Completed));

            InMemoryCluster elsewhere = new InMemoryCluster(clock);
            AksBackupClient other = AksBackupClient.builder().vault(vault).cluster(elsewhere).volumeSnapshotter(volumes).clock(clock)
                    .buildClient();
            assertThrows(ConflictException.class, () -> other.restore(RestoreConfig.builder().recoveryPointId(daily).build()),
                    "the operational copy is gone");
            int snapshotsBefore = volumes.snapshotCount();
            RestoreResult r = other.restore(RestoreConfig.builder().recoveryPointId(daily).sourceDataStore(DataStoreType.VaultStore)
                    .includedNamespaces("shop").build());
            assertEquals(0, r.job().counts().failed(), r.job().errors().toString());
            KubeObject pv = elsewhere.find("v1", "PersistentVolume", null, "pvc-data").orElseThrow();
            assertArrayEquals("database pages".getBytes(), volumes.volume((String) pv.at("spec", "csi", "volumeHandle")));
            assertEquals(snapshotsBefore, volumes.snapshotCount(), "staged snapshots are cleaned up");
            assertTrue(c.verifyVault().ok(), c.verifyVault().toString());
        }
    }

    @Test
    void aDryRunIsNotRecordedAndARestoreIs() {
        try (AksBackupClient c = client(vault)) {
            c.configureProtection(instance, policy);
            String rp = c.backupNow("prod").recoveryPointId();
            int jobs = c.listJobs().size();
            RestoreResult plan = c.restore(RestoreConfig.builder().recoveryPointId(rp).mapNamespace("shop", "shop2").build(),
                    RestoreJobOptions.planOnly());
            assertTrue(plan.dryRun());
            assertEquals(jobs, c.listJobs().size());
            RestoreResult real = c.restore(RestoreConfig.builder().recoveryPointId(rp).mapNamespace("shop", "shop2").build());
            assertEquals(jobs + 1, c.listJobs().size());
            assertEquals(plan.items().stream().map(i -> i.action() + " " + i.displayName()).toList(),
                    real.items().stream().map(i -> i.action() + " " + i.displayName()).toList());
            assertEquals(real.items().size(), c.getJob(real.job().id()).items().size());
            assertTrue(cluster.find("v1", "ConfigMap", "shop2", "settings").isPresent());
        }
    }

    @Test
    void stoppingProtectionKeepsOrDeletesTheData() {
        try (AksBackupClient c = client(vault)) {
            c.configureProtection(instance, policy);
            c.backupNow("prod");
            Job stop = c.stopProtection("prod", false);
            assertEquals(Operation.StopProtection, stop.operation());
            assertEquals(ProtectionState.ProtectionStopped, c.getInstance("prod").protectionState());
            assertEquals(1, c.listRecoveryPoints("prod").size());
            assertThrows(ConflictException.class, () -> c.backupNow("prod"));

            c.configureProtection(instance, policy);
            c.backupNow("prod", BackupJobOptions.defaults().withRetentionTag("Daily"));
            c.stopProtection("prod", true);
            assertEquals(ProtectionState.ProtectionDeleted, c.getInstance("prod").protectionState());
            assertTrue(c.listRecoveryPoints("prod").isEmpty());
            assertEquals(0, volumes.snapshotCount());
            assertTrue(vault.keys().stream().noneMatch(k -> k.contains("packs/") || k.startsWith("manifests/")), vault.keys().toString());
        }
    }

    @Test
    void badInputIsRefusedWithItsLocation() {
        try (AksBackupClient c = client(vault)) {
            BackupInstance bad = new BackupInstance("bad", "aks", "",
                    BackupConfiguration.builder().includedResourceTypes("apps/v1/Deployment/x").build(), null, null);
            InvalidInputException e = assertThrows(InvalidInputException.class, () -> c.configureProtection(bad, policy));
            assertTrue(e.problems().get(0).path().startsWith("includedResourceTypes[0]"), e.getMessage());
            assertThrows(NotFoundException.class, () -> c.backupNow("nobody"));
            assertThrows(NotFoundException.class, () -> c.restore(RestoreConfig.builder().recoveryPointId("nope").build()));
            assertThrows(IllegalStateException.class, () -> AksBackupClient.builder().buildClient());
            try (AksBackupClient noCluster = AksBackupClient.builder().vault(new InMemoryObjectStore()).clock(clock).buildClient()) {
                noCluster.createVault();
                assertThrows(InvalidInputException.class, () -> noCluster.configureProtection(instance, policy));
            }
        }
    }

    @Test
    void backupsPrefetchOnTheExecutorGivenOnTheBuilderAndCloseLeavesItRunning() {
        ExecutorService mine = Executors.newSingleThreadExecutor();
        AtomicInteger tasks = new AtomicInteger();
        Executor counting = task -> {
            tasks.incrementAndGet();
            mine.execute(task);
        };
        try (AksBackupClient c = AksBackupClient.builder().vault(vault).cluster(cluster).volumeSnapshotter(volumes).clock(clock)
                .backupExecutor(counting).buildClient()) {
            c.createVault();
            c.configureProtection(instance, policy);
            assertEquals(JobStatus.CompletedWithWarnings, c.backupNow("prod").status());
        }
        assertTrue(tasks.get() > 0, "prefetching tasks run on the given executor");
        assertFalse(mine.isShutdown());
        mine.shutdown();
    }

    @Test
    void closeEndsThePrefetchingThreadsTheClientMade() throws InterruptedException {
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        AksBackupClient c = client(vault);
        c.configureProtection(instance, policy);
        c.backupNow("prod");
        List<Thread> made = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> !before.contains(t) && t.getName().startsWith("backup-page-prefetch-")).toList();
        assertFalse(made.isEmpty());
        c.close();
        for (Thread t : made) {
            t.join(10_000);
            assertFalse(t.isAlive(), t.getName() + " still runs after close()");
        }
    }
}
