package io.github.aksbackup.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.aksbackup.api.ConflictException;
import io.github.aksbackup.api.DataStoreType;
import io.github.aksbackup.api.InvalidInputException;
import io.github.aksbackup.api.instance.BackupConfiguration;
import io.github.aksbackup.api.instance.BackupInstance;
import io.github.aksbackup.api.instance.ClusterIdentity;
import io.github.aksbackup.api.instance.ProtectionState;
import io.github.aksbackup.api.job.JobStatus;
import io.github.aksbackup.api.policy.BackupPolicy;
import io.github.aksbackup.api.recovery.RecoveryPoint;
import io.github.aksbackup.api.recovery.RecoveryPointType;
import io.github.aksbackup.policy.PolicyJson;
import io.github.aksbackup.schedule.EngineEvent;
import io.github.aksbackup.testkit.FakeVolumeSnapshotter;
import io.github.aksbackup.testkit.Fixtures;
import io.github.aksbackup.testkit.InMemoryCluster;
import io.github.aksbackup.testkit.InMemoryObjectStore;
import io.github.aksbackup.testkit.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Instances kept in the vault with the identity of their cluster: configure, status, stop, resume, serving one cluster. */
class InstanceOperationsTest {
    final ManualClock clock = new ManualClock(Instant.parse("2026-05-04T09:00:00Z"));
    final InMemoryCluster cluster = new InMemoryCluster(clock);
    final FakeVolumeSnapshotter volumes = new FakeVolumeSnapshotter(clock);
    final InMemoryObjectStore vault = new InMemoryObjectStore(clock);
    final BackupPolicy policy = AksBackupClientTest.policy();
    final ClusterIdentity identity;

    InstanceOperationsTest() {
        Fixtures.seedApp(cluster, volumes);
        identity = ClusterIdentity.of(cluster);
    }

    AksBackupClient client() {
        return AksBackupClientTest.created(AksBackupClient.builder().vault(vault).cluster(cluster).volumeSnapshotter(volumes)
                .clock(clock).buildClient());
    }

    AksBackupClient serving(ClusterIdentity served) {
        return AksBackupClientTest.created(AksBackupClient.builder().vault(vault).cluster(cluster).volumeSnapshotter(volumes)
                .clock(clock).servedCluster(served).buildClient());
    }

    static BackupInstance instance(String name) {
        return new BackupInstance(name, "aks-prod", "", BackupConfiguration.everything(), null, null);
    }

    static BackupPolicy renamed(BackupPolicy p, String name) {
        return PolicyJson.read(PolicyJson.write(p).replace("\"" + p.name() + "\"", "\"" + name + "\""));
    }

    static List<RecoveryPoint> scheduled(AksBackupClient c, String instance) {
        return c.listRecoveryPoints(instance).stream().filter(rp -> rp.type() == RecoveryPointType.Scheduled).toList();
    }

    @Test
    void theIdentityIsTheKubeSystemNamespacesUid() {
        Object uid = cluster.find("v1", "Namespace", null, "kube-system").orElseThrow().at("metadata", "uid");
        assertEquals(uid, identity.uid());
        assertTrue(identity.sameCluster(new ClusterIdentity(identity.uid(), "https://elsewhere")), "the address does not matter");
        assertTrue(!identity.sameCluster(new ClusterIdentity("another-uid", identity.server())));
    }

    @Test
    void twoInstancesOfOneClusterNeedDifferentPoliciesAndBothBackUpAtOneSlotUnderDistinctIds() {
        try (AksBackupClient c = client()) {
            c.configureProtection(instance("shop"), policy, identity);
            InvalidInputException same = assertThrows(InvalidInputException.class,
                    () -> c.configureProtection(instance("blog"), policy, identity));
            assertEquals("policyName", same.problems().get(0).path(), same.getMessage());
            assertTrue(same.getMessage().contains("'shop'"), same.getMessage());
            assertEquals(List.of("shop"), c.listInstances().stream().map(BackupInstance::name).toList(), "nothing written");
            c.configureProtection(instance("blog"), renamed(policy, "other-policy"), identity);
            // Another cluster may use the same policy.
            c.configureProtection(instance("staging"), policy, new ClusterIdentity("other-cluster", "https://staging"));

            clock.set(Instant.parse("2026-05-04T10:00:00Z"));
            assertEquals(3, c.runDue().events(EngineEvent.Kind.BACKUP_SUCCEEDED).size());
            String shop = scheduled(c, "shop").get(0).id();
            String blog = scheduled(c, "blog").get(0).id();
            assertEquals("20260504T100000Z-shop-scheduled", shop);
            assertNotEquals(shop, blog, "recovery point ids are unique in the vault");
        }
    }

    @Test
    void aNameOfAnotherClustersInstanceIsRefusedUntilItsDataIsDeleted() {
        try (AksBackupClient c = client()) {
            ClusterIdentity other = new ClusterIdentity("other-cluster", "https://other");
            c.configureProtection(instance("prod"), policy, other);
            InvalidInputException e = assertThrows(InvalidInputException.class,
                    () -> c.configureProtection(instance("prod"), policy, identity));
            assertEquals("name", e.problems().get(0).path());
            c.stopProtection("prod", true);
            c.configureProtection(instance("prod"), policy, identity);
            assertEquals(identity, c.instanceStatus("prod").cluster());
        }
    }

    @Test
    void statusShowsStateNextSlotLastBackupAndRecoveryPointsPerTier() {
        try (AksBackupClient c = client()) {
            c.configureProtection(instance("prod"), policy, identity);
            InstanceStatus fresh = c.instanceStatus("prod");
            assertEquals(ProtectionState.ProtectionConfigured, fresh.instance().protectionState());
            assertEquals(Instant.parse("2026-05-04T10:00:00Z"), fresh.nextSlot());
            assertNull(fresh.lastBackup());
            assertEquals(0, fresh.recoveryPoints(DataStoreType.OperationalStore));

            clock.set(Instant.parse("2026-05-04T10:00:00Z"));
            c.runDue();
            InstanceStatus after = c.instanceStatus("prod");
            assertEquals(Instant.parse("2026-05-04T14:00:00Z"), after.nextSlot());
            assertEquals(JobStatus.CompletedWithWarnings, after.lastBackup().status());
            assertEquals(after.lastBackup().end(), after.lastSuccessfulBackup());
            assertEquals(1, after.recoveryPoints(DataStoreType.OperationalStore));
            assertEquals(1, after.recoveryPoints(DataStoreType.VaultStore), "the first of the day goes to the vault at once");
            assertEquals(List.of(after), c.instanceStatuses());
        }
    }

    @Test
    void stopRetainingDataKeepsRecoveryPointsAndResumeStartsWithTheNextSlot() {
        try (AksBackupClient c = client()) {
            c.configureProtection(instance("prod"), policy, identity);
            clock.set(Instant.parse("2026-05-04T10:00:00Z"));
            c.runDue();
            c.stopProtection("prod", false);
            assertNull(c.instanceStatus("prod").nextSlot());
            clock.set(Instant.parse("2026-05-04T18:30:00Z"));
            assertTrue(c.runDue().events(EngineEvent.Kind.BACKUP_SUCCEEDED).isEmpty(), "no backups while stopped");
            assertEquals(1, c.listRecoveryPoints("prod").size(), "kept");

            BackupInstance resumed = c.resumeProtection("prod");
            assertEquals(ProtectionState.ProtectionConfigured, resumed.protectionState());
            assertEquals(Instant.parse("2026-05-04T22:00:00Z"), c.instanceStatus("prod").nextSlot());
            assertTrue(c.runDue().events(EngineEvent.Kind.BACKUP_SUCCEEDED).isEmpty(), "the slots missed while stopped are not owed");
            clock.set(Instant.parse("2026-05-04T22:00:00Z"));
            assertEquals(1, c.runDue().events(EngineEvent.Kind.BACKUP_SUCCEEDED).size());
            assertEquals(2, scheduled(c, "prod").size());
        }
    }

    @Test
    void stopDeletingDataRemovesEveryRecoveryPointAndCannotBeResumed() {
        try (AksBackupClient c = client()) {
            c.configureProtection(instance("prod"), policy, identity);
            c.backupNow("prod");
            clock.set(Instant.parse("2026-05-04T10:00:00Z"));
            c.runDue();
            assertEquals(2, c.listRecoveryPoints("prod").size());
            assertEquals(JobStatus.Completed, c.stopProtection("prod", true).status());
            assertTrue(c.listRecoveryPoints("prod").isEmpty());
            assertEquals(ProtectionState.ProtectionDeleted, c.getInstance("prod").protectionState());
            assertThrows(ConflictException.class, () -> c.resumeProtection("prod"));
        }
    }

    @Test
    void aClientServingOneClusterLeavesOtherClustersAndUnidentifiedInstancesAlone() {
        try (AksBackupClient c = client()) {
            c.configureProtection(instance("mine"), policy, identity);
            c.configureProtection(instance("theirs"), renamed(policy, "p2"), new ClusterIdentity("other-cluster", "https://other"));
            c.configureProtection(instance("legacy"), renamed(policy, "p3"));
        }
        clock.set(Instant.parse("2026-05-04T10:00:00Z"));
        try (AksBackupClient served = serving(identity)) {
            List<EngineEvent> done = served.runDue().events(EngineEvent.Kind.BACKUP_SUCCEEDED);
            assertEquals(List.of("mine"), done.stream().map(EngineEvent::instanceName).toList());
        }
        clock.advance(Duration.ofMinutes(1));
        try (AksBackupClient all = client()) {
            // The legacy instance had no schedule mark: seen first now, its 10:00 slot is passed over.
            List<EngineEvent> rest = all.runDue().events(EngineEvent.Kind.BACKUP_SUCCEEDED);
            assertEquals(List.of("theirs"), rest.stream().map(EngineEvent::instanceName).toList(), "an unfiltered client serves the rest");
        }
    }
}
