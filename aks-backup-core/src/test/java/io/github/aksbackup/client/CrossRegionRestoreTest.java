package io.github.aksbackup.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.aksbackup.testkit.Fixtures;
import io.github.aksbackup.api.DataStoreType;
import io.github.aksbackup.api.InvalidInputException;
import io.github.aksbackup.api.instance.BackupConfiguration;
import io.github.aksbackup.api.instance.BackupInstance;
import io.github.aksbackup.api.recovery.VolumeSnapshotRecord;
import io.github.aksbackup.api.restore.RestoreConfig;
import io.github.aksbackup.api.restore.StagingLocation;
import io.github.aksbackup.restore.RestoreResult;
import io.github.aksbackup.spi.ObjectInfo;
import io.github.aksbackup.spi.ObjectStore;
import io.github.aksbackup.spi.RestoredVolume;
import io.github.aksbackup.spi.SnapshotRequest;
import io.github.aksbackup.spi.SnapshotStatus;
import io.github.aksbackup.spi.VaultVolumeCopier;
import io.github.aksbackup.spi.VolumeRestoreRequest;
import io.github.aksbackup.spi.VolumeSnapshotter;
import io.github.aksbackup.testkit.FakeVolumeSnapshotter;
import io.github.aksbackup.testkit.InMemoryCluster;
import io.github.aksbackup.testkit.InMemoryObjectStore;
import io.github.aksbackup.testkit.ManualClock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Vault-tier restores: hydration into the restore's staging location, and a cross-region restore
 * from another region's replica of the vault tier while the primary vault is out of reach.
 */
class CrossRegionRestoreTest {
    static final StagingLocation STAGING = new StagingLocation("/subscriptions/s/resourceGroups/rg-staging",
            "/subscriptions/s/resourceGroups/rg-staging/providers/Microsoft.Storage/storageAccounts/staging");

    final ManualClock clock = new ManualClock(Instant.parse("2026-05-04T09:00:00Z"));
    final InMemoryCluster source = new InMemoryCluster(clock);
    final FakeVolumeSnapshotter fake = new FakeVolumeSnapshotter(clock);
    final StagingRecorder volumes = new StagingRecorder(fake);
    final InMemoryObjectStore primaryVault = new InMemoryObjectStore(clock);
    final InMemoryObjectStore primaryVaultTier = new InMemoryObjectStore(clock);

    CrossRegionRestoreTest() {
        Fixtures.seedApp(source, fake);
    }

    /** Records where each import was staged; everything else is the fake snapshotter. */
    static final class StagingRecorder implements VolumeSnapshotter, VaultVolumeCopier {
        final FakeVolumeSnapshotter delegate;
        final List<StagingLocation> stagedInto = new CopyOnWriteArrayList<>();
        final List<VolumeSnapshotRecord> deleted = new CopyOnWriteArrayList<>();

        StagingRecorder(FakeVolumeSnapshotter delegate) {
            this.delegate = delegate;
        }

        @Override
        public boolean supports(String csiDriver) {
            return delegate.supports(csiDriver);
        }

        @Override
        public VolumeSnapshotRecord snapshot(SnapshotRequest request) {
            return delegate.snapshot(request);
        }

        @Override
        public SnapshotStatus status(VolumeSnapshotRecord snapshot) {
            return delegate.status(snapshot);
        }

        @Override
        public void delete(VolumeSnapshotRecord snapshot) {
            deleted.add(snapshot);
            delegate.delete(snapshot);
        }

        @Override
        public RestoredVolume restore(VolumeSnapshotRecord snapshot, VolumeRestoreRequest request) {
            return delegate.restore(snapshot, request);
        }

        @Override
        public void exportTo(VolumeSnapshotRecord snapshot, ObjectStore vault, String key) {
            delegate.exportTo(snapshot, vault, key);
        }

        @Override
        public VolumeSnapshotRecord importFrom(ObjectStore vault, String key, VolumeSnapshotRecord original,
                StagingLocation staging) {
            stagedInto.add(staging);
            return delegate.importFrom(vault, key, original, staging);
        }

        @Override
        public RestoredVolume restoreImported(VolumeSnapshotRecord imported, VolumeRestoreRequest request,
                StagingLocation staging) {
            return delegate.restoreImported(imported, request, staging);
        }

        @Override
        public void deleteImported(VolumeSnapshotRecord imported) {
            deleted.add(imported);
            delegate.deleteImported(imported);
        }
    }

    /** A backup with an immediate vault copy, made in the primary region. */
    String backupToVault() {
        try (AksBackupClient primary = AksBackupClient.builder().vault(primaryVault).vaultTier(primaryVaultTier)
                .cluster(source).volumeSnapshotter(volumes).clock(clock).buildClient()) {
            primary.createVault();
            primary.configureProtection(new BackupInstance("prod", "aks-prod", "",
                    BackupConfiguration.everything(), null, null), AksBackupClientTest.policy());
            return primary.backupNow("prod", BackupJobOptions.defaults().withRetentionTag("Daily")).recoveryPointId();
        }
    }

    /** What geo-replication gives the secondary region: the same objects. */
    static InMemoryObjectStore replicate(ObjectStore from) {
        InMemoryObjectStore to = new InMemoryObjectStore();
        for (ObjectInfo o : from.list("")) {
            to.putIfAbsent(o.key(), from.getBytes(o.key()));
        }
        return to;
    }

    @Test
    void aCrossRegionRestoreReadsTheReplicaAndStagesVolumesWhereTheRestoreSays() {
        String rpId = backupToVault();
        InMemoryObjectStore replica = replicate(primaryVaultTier);
        InMemoryCluster target = new InMemoryCluster(clock);
        try (AksBackupClient secondary = secondaryClient(target)) {
            RestoreResult result = secondary.restore(RestoreConfig.builder().recoveryPointId(rpId)
                    .sourceDataStore(DataStoreType.VaultStore).stagingLocation(STAGING).build(),
                    RestoreJobOptions.defaults().fromCrossRegionVault(replica));

            assertTrue(result.job().counts().succeeded() > 10, result.job().toString());
            assertFalse(target.objects("v1", "ConfigMap").isEmpty());
            assertEquals(List.of(STAGING), volumes.stagedInto, "each volume hydrates into the restore's staging location");
            assertEquals(1, volumes.deleted.size(), "staging is cleaned up when the restore ends");
        }
    }

    @Test
    void aRestoreThatKeepsStagingLeavesTheStagedSnapshotAndNamesItInTheJob() {
        String rpId = backupToVault();
        InMemoryCluster target = new InMemoryCluster(clock);
        try (AksBackupClient secondary = secondaryClient(target)) {
            RestoreResult result = secondary.restore(RestoreConfig.builder().recoveryPointId(rpId)
                    .sourceDataStore(DataStoreType.VaultStore).stagingLocation(STAGING).build(),
                    RestoreJobOptions.defaults().fromCrossRegionVault(replicate(primaryVaultTier)).keepingStaging());

            assertEquals(List.of(STAGING), volumes.stagedInto);
            assertEquals(List.of(), volumes.deleted, "nothing staged is deleted");
            assertTrue(result.job().warnings().stream().anyMatch(w -> w.contains("is kept")), result.job().warnings().toString());
        }
    }

    @Test
    void onlyTheVaultTierCanBeTheSourceOfACrossRegionRestore() {
        String rpId = backupToVault();
        try (AksBackupClient secondary = AksBackupClient.builder().vault(new InMemoryObjectStore(clock))
                .cluster(new InMemoryCluster(clock)).clock(clock).buildClient()) {
            secondary.createVault();
            InvalidInputException e = assertThrows(InvalidInputException.class, () -> secondary.restore(
                    RestoreConfig.builder().recoveryPointId(rpId).build(),
                    RestoreJobOptions.defaults().fromCrossRegionVault(replicate(primaryVaultTier))));
            assertEquals("sourceDataStore", e.problems().get(0).path());
        }
    }

    /** A client in the secondary region, on a new vault of its own, restoring into {@code target}. */
    private AksBackupClient secondaryClient(InMemoryCluster target) {
        AksBackupClient secondary = AksBackupClient.builder().vault(new InMemoryObjectStore(clock))
                .cluster(target).volumeSnapshotter(volumes).clock(clock).buildClient();
        secondary.createVault();
        return secondary;
    }
}
