package io.github.aksbackup.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.aksbackup.api.instance.BackupConfiguration;
import io.github.aksbackup.api.instance.BackupInstance;
import io.github.aksbackup.api.instance.ClusterIdentity;
import io.github.aksbackup.api.job.Job;
import io.github.aksbackup.api.job.JobStatus;
import io.github.aksbackup.api.job.Operation;
import io.github.aksbackup.repository.GcResult;
import io.github.aksbackup.schedule.RunReport;
import io.github.aksbackup.spi.ClusterClient;
import io.github.aksbackup.testkit.FakeVolumeSnapshotter;
import io.github.aksbackup.testkit.Fixtures;
import io.github.aksbackup.testkit.InMemoryCluster;
import io.github.aksbackup.testkit.InMemoryObjectStore;
import io.github.aksbackup.testkit.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * The service on a manual clock and a short real poll interval: it picks up instances configured
 * while it runs, backs up at the slot, collects garbage, and at shutdown abandons a backup that
 * outlives the grace period without a recovery point.
 */
class ProtectionServiceTest {
    final ManualClock clock = new ManualClock(Instant.parse("2026-05-04T09:00:00Z"));
    final InMemoryCluster cluster = new InMemoryCluster(clock);
    final FakeVolumeSnapshotter volumes = new FakeVolumeSnapshotter(clock);
    final InMemoryObjectStore vault = new InMemoryObjectStore(clock);
    final ClusterIdentity identity;
    final List<Job> ended = new CopyOnWriteArrayList<>();

    ProtectionServiceTest() {
        Fixtures.seedApp(cluster, volumes);
        identity = ClusterIdentity.of(cluster);
    }

    AksBackupClient client(ClusterClient c) {
        return AksBackupClientTest.created(AksBackupClient.builder().vault(vault).cluster(c).volumeSnapshotter(volumes).clock(clock)
                .servedCluster(identity).jobListener(ended::add).buildClient());
    }

    static void await(BooleanSupplier condition, String what) throws InterruptedException {
        for (int i = 0; i < 300; i++) {
            if (condition.getAsBoolean()) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("not within 15 s: " + what);
    }

    static BackupInstance prod() {
        return new BackupInstance("prod", "aks-prod", "", BackupConfiguration.everything(), null, null);
    }

    @Test
    void picksUpAnInstanceConfiguredWhileRunningBacksUpAtItsSlotAndCollectsGarbage() throws Exception {
        List<RunReport> passes = new CopyOnWriteArrayList<>();
        List<List<GcResult>> collections = new CopyOnWriteArrayList<>();
        try (AksBackupClient c = client(cluster)) {
            ProtectionService service = ProtectionService.builder(c).pollInterval(Duration.ofMillis(100))
                    .gcInterval(Duration.ofHours(1)).listener(new ProtectionService.Listener() {
                        @Override
                        public void passFinished(RunReport report) {
                            passes.add(report);
                        }

                        @Override
                        public void garbageCollected(List<GcResult> results) {
                            collections.add(results);
                        }
                    }).build();
            service.start();
            await(() -> passes.size() >= 2, "passes without instances");
            // Configured by another process (a second client on the vault) while the service runs.
            try (AksBackupClient other = client(cluster)) {
                other.configureProtection(prod(), AksBackupClientTest.policy(), identity);
            }
            clock.set(Instant.parse("2026-05-04T10:00:00Z"));
            await(() -> c.listRecoveryPoints("prod").size() == 1, "the 10:00 backup");
            assertEquals("20260504T100000Z-prod-scheduled", c.listRecoveryPoints("prod").get(0).id());
            assertTrue(ended.stream().anyMatch(j -> j.operation() == Operation.Backup && j.status() != JobStatus.Failed));
            clock.set(Instant.parse("2026-05-04T11:00:00Z"));
            await(() -> !collections.isEmpty(), "a collection after the GC interval");
            assertTrue(service.shutdown(Duration.ofSeconds(10)), "nothing left running");
            assertEquals(1, c.listRecoveryPoints("prod").size(), "one point for the one slot, however many passes ran");
        }
    }

    @Test
    void aBackupOutlivingTheShutdownGraceIsAbandonedWithoutARecoveryPoint() throws Exception {
        ScaleOutTest.GatedCluster slow = new ScaleOutTest.GatedCluster(cluster);
        CountDownLatch never = new CountDownLatch(1);
        try (AksBackupClient c = client(slow)) {
            c.configureProtection(prod(), AksBackupClientTest.policy(), identity);
            slow.passFinished = never;
            ProtectionService service = ProtectionService.builder(c).pollInterval(Duration.ofMillis(100)).build();
            service.start();
            clock.set(Instant.parse("2026-05-04T10:00:00Z"));
            await(() -> c.listJobs().stream().anyMatch(j -> j.operation() == Operation.Backup), "the backup to start");
            assertTrue(service.busy());
            // The backup waits in the cluster until released: it cannot finish within the grace.
            Thread thread = new Thread(() -> {
                try {
                    Thread.sleep(1500);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                never.countDown();
            });
            thread.start();
            assertFalse(service.shutdown(Duration.ofMillis(300)), "abandoned");
            thread.join();
            await(() -> !service.busy(), "the abandoned backup to end");
            assertTrue(c.listRecoveryPoints("prod").isEmpty());
            Job job = c.listJobs().stream().filter(j -> j.operation() == Operation.Backup).findFirst().orElseThrow();
            assertEquals(JobStatus.Failed, job.status());
            assertEquals("Cancelled", c.getJob(job.id()).errors().get(0).code());
            assertThrows(IllegalStateException.class, () -> {
                c.close();
                c.runDue();
            });
        }
    }
}
