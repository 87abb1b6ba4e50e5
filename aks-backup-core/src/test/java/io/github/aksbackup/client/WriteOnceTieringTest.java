package io.github.aksbackup.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.aksbackup.testkit.Fixtures;
import io.github.aksbackup.api.DataStoreType;
import io.github.aksbackup.api.instance.BackupConfiguration;
import io.github.aksbackup.api.instance.BackupInstance;
import io.github.aksbackup.api.job.JobStatus;
import io.github.aksbackup.api.job.Operation;
import io.github.aksbackup.api.recovery.DataStoreDetail;
import io.github.aksbackup.api.recovery.DataStoreState;
import io.github.aksbackup.api.recovery.RecoveryPoint;
import io.github.aksbackup.api.restore.RestoreConfig;
import io.github.aksbackup.restore.RestoreResult;
import io.github.aksbackup.schedule.EngineEvent;
import io.github.aksbackup.schedule.RunReport;
import io.github.aksbackup.testkit.FakeVolumeSnapshotter;
import io.github.aksbackup.testkit.InMemoryCluster;
import io.github.aksbackup.testkit.InMemoryObjectStore;
import io.github.aksbackup.testkit.ManualClock;
import io.github.aksbackup.testkit.WriteOnceObjectStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Ten days of scheduled backups, vault copies, expiry and garbage collection with both tiers on
 * write-once stores whose retention period (eight days) outlasts the operational retention (seven):
 * every backup and copy succeeds, expired copies are deleted as soon as the period lets go of them
 * (the attempts before are retried, not lost), and the vault stays intact and restorable.
 */
class WriteOnceTieringTest {
    static final Duration PERIOD = Duration.ofDays(8);
    static final int DAYS = 10;

    final ManualClock clock = new ManualClock(Instant.parse("2026-05-04T09:00:00Z"));
    final InMemoryCluster cluster = new InMemoryCluster(clock);
    final FakeVolumeSnapshotter volumes = new FakeVolumeSnapshotter(clock);
    final WriteOnceObjectStore operational = new WriteOnceObjectStore(new InMemoryObjectStore(clock), PERIOD, clock);
    final WriteOnceObjectStore vaultTier = new WriteOnceObjectStore(new InMemoryObjectStore(clock), PERIOD, clock);

    @Test
    void tieringAndExpiryWorkOnWriteOnceStores() {
        Fixtures.seedApp(cluster, volumes);
        List<EngineEvent> events = new ArrayList<>();
        try (AksBackupClient c = AksBackupClient.builder().vault(operational).vaultTier(vaultTier).cluster(cluster)
                .volumeSnapshotter(volumes).clock(clock).buildClient()) {
            c.createVault();
            c.configureProtection(new BackupInstance("prod", "aks-prod", "", BackupConfiguration.everything(), null, null),
                    AksBackupClientTest.policy());
            Instant end = clock.instant().plus(Duration.ofDays(DAYS));
            while (clock.instant().isBefore(end)) {
                clock.advance(Duration.ofHours(4));
                RunReport report = c.runDue();
                events.addAll(report.events());
            }
            assertTrue(kinds(events, EngineEvent.Kind.BACKUP_FAILED).isEmpty(), kinds(events, EngineEvent.Kind.BACKUP_FAILED).toString());
            assertTrue(kinds(events, EngineEvent.Kind.ERROR).isEmpty(), kinds(events, EngineEvent.Kind.ERROR).toString());
            // Every four hours from 10:00 on the first day to 06:00 on the last.
            assertEquals(6 * DAYS - 1, kinds(events, EngineEvent.Kind.BACKUP_SUCCEEDED).size());
            assertEquals(DAYS + 1, kinds(events, EngineEvent.Kind.VAULT_COPIED).size(), "each day's first, and the last day's");
            // Deletions met the policy first, were retried, and went through once it let go.
            List<EngineEvent> deferred = kinds(events, EngineEvent.Kind.TIERING_FAILED);
            assertFalse(deferred.isEmpty());
            assertTrue(deferred.stream().allMatch(e -> e.detail().contains("immutable until")), deferred.toString());
            assertFalse(kinds(events, EngineEvent.Kind.COPY_DELETED).isEmpty());

            Instant unlockedBefore = clock.instant().minus(PERIOD).minus(Duration.ofHours(4));
            for (RecoveryPoint rp : c.listRecoveryPoints("prod")) {
                DataStoreDetail op = rp.store(DataStoreType.OperationalStore).orElseThrow();
                if (op.expiry().isBefore(unlockedBefore) && rp.time().isBefore(unlockedBefore)) {
                    assertEquals(DataStoreState.Deleted, op.state(), rp.id() + " expired and unlocked long ago");
                }
            }
            assertTrue(c.listJobs().stream().filter(j -> j.operation() == Operation.GarbageCollection)
                    .noneMatch(j -> j.status() == JobStatus.Failed));
            assertTrue(c.verifyVault().ok(), c.verifyVault().toString());

            RecoveryPoint oldestInVault = c.listRecoveryPoints("prod").stream()
                    .filter(rp -> rp.store(DataStoreType.VaultStore).map(d -> d.state() == DataStoreState.Available).orElse(false))
                    .findFirst().orElseThrow();
            InMemoryCluster elsewhere = new InMemoryCluster(clock);
            AksBackupClient other = AksBackupClient.builder().vault(operational).vaultTier(vaultTier).cluster(elsewhere)
                    .volumeSnapshotter(volumes).clock(clock).buildClient();
            RestoreResult r = other.restore(RestoreConfig.builder().recoveryPointId(oldestInVault.id())
                    .sourceDataStore(DataStoreType.VaultStore).build());
            assertEquals(0, r.job().counts().failed(), r.job().errors().toString());
        }
    }

    static List<EngineEvent> kinds(List<EngineEvent> events, EngineEvent.Kind kind) {
        return events.stream().filter(e -> e.kind() == kind).toList();
    }
}
