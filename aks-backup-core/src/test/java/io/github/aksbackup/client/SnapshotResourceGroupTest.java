package io.github.aksbackup.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.aksbackup.api.InvalidInputException;
import io.github.aksbackup.api.instance.BackupConfiguration;
import io.github.aksbackup.api.instance.BackupInstance;
import io.github.aksbackup.api.instance.SnapshotLocation;
import io.github.aksbackup.spi.SnapshotRequest;
import io.github.aksbackup.testkit.FakeVolumeSnapshotter;
import io.github.aksbackup.testkit.Fixtures;
import io.github.aksbackup.testkit.InMemoryCluster;
import io.github.aksbackup.testkit.InMemoryObjectStore;
import io.github.aksbackup.testkit.ManualClock;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The snapshot resource group a backup instance names reaches every snapshot request of its backups. */
class SnapshotResourceGroupTest {
    static final String GROUP = "/subscriptions/s/resourceGroups/rg-aks-snapshots";

    final ManualClock clock = new ManualClock(Instant.parse("2026-05-04T09:00:00Z"));
    final InMemoryCluster cluster = new InMemoryCluster(clock);
    final FakeVolumeSnapshotter fake = new FakeVolumeSnapshotter(clock);
    List<SnapshotRequest> backUp(SnapshotLocation location) {
        Fixtures.seedApp(cluster, fake);
        try (AksBackupClient client = AksBackupClient.builder().vault(new InMemoryObjectStore(clock)).cluster(cluster)
                .volumeSnapshotter(fake).clock(clock).buildClient()) {
            client.createVault();
            client.configureProtection(new BackupInstance("prod", "aks-prod", "", BackupConfiguration.everything(),
                    location, null), AksBackupClientTest.policy());
            client.backupNow("prod");
        }
        return fake.requests();
    }

    @Test
    void snapshotRequestsNameTheInstancesSnapshotResourceGroup() {
        List<SnapshotRequest> made = backUp(new SnapshotLocation(GROUP, null, null));
        assertFalse(made.isEmpty(), "the app has volumes");
        made.forEach(r -> assertEquals(GROUP, r.snapshotResourceGroupId(), r.toString()));
    }

    @Test
    void aStorageAccountInTheInstanceIsRefusedNotIgnored() {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> backUp(new SnapshotLocation(GROUP,
                "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/other", null)));
        assertTrue(e.getMessage().contains("snapshotLocation.storageAccountId"), e.getMessage());
        assertTrue(fake.requests().isEmpty(), "nothing was backed up");
        InvalidInputException container = assertThrows(InvalidInputException.class,
                () -> InstanceOperations.requireNoStoreLocation(new SnapshotLocation(null, null, "other-container")));
        assertTrue(container.getMessage().contains("snapshotLocation.containerName"), container.getMessage());
    }

    @Test
    void anInstanceWithoutAGroupLeavesTheChoiceToTheSnapshotter() {
        List<SnapshotRequest> made = backUp(null);
        assertFalse(made.isEmpty());
        made.forEach(r -> assertEquals(null, r.snapshotResourceGroupId()));
    }
}
