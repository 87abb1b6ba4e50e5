package io.github.aksbackup.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.aksbackup.api.instance.BackupConfiguration;
import io.github.aksbackup.api.instance.BackupInstance;
import io.github.aksbackup.api.job.Job;
import io.github.aksbackup.api.job.JobStatus;
import io.github.aksbackup.api.job.Operation;
import io.github.aksbackup.api.recovery.RecoveryPoint;
import io.github.aksbackup.schedule.EngineEvent;
import io.github.aksbackup.schedule.RunReport;
import io.github.aksbackup.spi.ClusterClient;
import io.github.aksbackup.testkit.FakeVolumeSnapshotter;
import io.github.aksbackup.testkit.Fixtures;
import io.github.aksbackup.testkit.InMemoryCluster;
import io.github.aksbackup.testkit.InMemoryLeaseManager;
import io.github.aksbackup.testkit.InMemoryObjectStore;
import io.github.aksbackup.testkit.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * An engine whose lease runs out in the middle of a scheduled backup (it was paused, or too slow to
 * renew): another engine takes the slot over; the first stops at its next cluster call, commits
 * nothing and does not move the schedule back. The slot has exactly one recovery point.
 */
class LeaseLossTest {
    final ManualClock clock = new ManualClock(Instant.parse("2026-05-04T09:00:00Z"));
    final InMemoryCluster cluster = new InMemoryCluster(clock);
    final FakeVolumeSnapshotter volumes = new FakeVolumeSnapshotter(clock);
    final InMemoryObjectStore vault = new InMemoryObjectStore(clock);
    final InMemoryLeaseManager leases = new InMemoryLeaseManager(clock, Duration.ofMinutes(1));

    LeaseLossTest() {
        Fixtures.seedApp(cluster, volumes);
    }

    AksBackupClient engine(String holder, ClusterClient c) {
        return AksBackupClientTest.created(AksBackupClient.builder().vault(vault).cluster(c).volumeSnapshotter(volumes).clock(clock)
                .leaseManager(leases.forHolder(holder)).buildClient());
    }

    @Test
    void aHolderThatLostItsLeaseStopsWritingAndTheSlotHasOneRecoveryPoint() throws Exception {
        ScaleOutTest.GatedCluster paused = new ScaleOutTest.GatedCluster(cluster);
        try (AksBackupClient a = engine("a", paused); AksBackupClient b = engine("b", cluster)) {
            a.configureProtection(new BackupInstance("prod", "aks-prod", "", BackupConfiguration.everything(), null, null),
                    AksBackupClientTest.policy());
            a.runDue();
            clock.set(Instant.parse("2026-05-04T10:00:00Z"));
            CountDownLatch resume = new CountDownLatch(1);
            paused.passFinished = resume;
            CompletableFuture<RunReport> first = CompletableFuture.supplyAsync(a::runDue);
            // a is inside the backup (waiting in discovery) holding the lease; then it sleeps past the lease.
            for (int i = 0; i < 200 && leases.holder("instance/prod").isEmpty(); i++) {
                Thread.sleep(10);
            }
            assertEquals("a", leases.holder("instance/prod").orElseThrow());
            clock.advance(Duration.ofMinutes(2));
            RunReport takeover = b.runDue();
            assertEquals(1, takeover.events(EngineEvent.Kind.BACKUP_SUCCEEDED).size(), "b runs the slot a did not finish");
            resume.countDown();
            RunReport lost = first.get(60, TimeUnit.SECONDS);
            assertTrue(lost.events(EngineEvent.Kind.BACKUP_SUCCEEDED).isEmpty());
            assertEquals("lost the lease during the backup", lost.events(EngineEvent.Kind.ERROR).get(0).detail());

            List<RecoveryPoint> rps = b.listRecoveryPoints("prod");
            assertEquals(List.of(Instant.parse("2026-05-04T10:00:00Z")), rps.stream().map(RecoveryPoint::time).toList());
            List<Job> backups = b.listJobs().stream().filter(j -> j.operation() == Operation.Backup).toList();
            assertEquals(2, backups.size());
            Job aborted = backups.stream().filter(j -> j.status() == JobStatus.Failed).findFirst().orElseThrow();
            // LeaseLost when a's next write or cluster call found the lease gone; Conflict when its first
            // write after waking met the recovery point b had committed: either way a committed nothing.
            assertTrue(List.of("LeaseLost", "Conflict").contains(aborted.errors().get(0).code()),
                    () -> b.getJob(aborted.id()).errors().toString());
            assertTrue(a.runDue().events(EngineEvent.Kind.BACKUP_SUCCEEDED).isEmpty(), "a finds the slot done by b");
            assertTrue(a.verifyVault().ok(), "the aborted backup left only garbage");
        }
    }
}
