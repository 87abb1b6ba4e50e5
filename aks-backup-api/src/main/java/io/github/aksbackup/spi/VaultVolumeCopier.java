package io.github.aksbackup.spi;

import io.github.aksbackup.api.recovery.VolumeSnapshotRecord;
import io.github.aksbackup.api.restore.StagingLocation;

/**
 * Copies volume snapshots to and from the vault tier: {@link #exportTo} copies a snapshot's data into
 * the vault-tier store, {@link #importFrom} hydrates such an export back into a (staging) snapshot,
 * {@link #restoreImported} makes a volume of it and {@link #deleteImported} removes what was staged when
 * the restore is done. Implemented for Azure managed disks (the Azure adapter's disk snapshotter, which
 * also exports the Azure snapshots a CSI VolumeSnapshot of an Azure Disk volume names by its snapshot
 * handle) and in memory for tests.
 *
 * <p>The copier, not the cluster's {@link VolumeSnapshotter}, restores what it imported: a staging
 * snapshot is a resource of the copier's backend (an Azure snapshot in the staging resource group),
 * which a CSI snapshotter of the target cluster knows nothing of.
 *
 * <p>A copier may copy server-side when the store offers a way to, which it finds through
 * {@link ObjectStore#capability}, never through the store's class. Implementations are thread-safe and
 * idempotent: an export whose key exists is complete (or resumed), so a repeated call does no harm.
 * Errors surface as {@link io.github.aksbackup.api.AksBackupException}s whose code says what failed.
 */
public interface VaultVolumeCopier {

    /** Copies the snapshot's data into {@code vault} under {@code key}, unless the key holds it already. */
    void exportTo(VolumeSnapshotRecord snapshot, ObjectStore vault, String key);

    /**
     * Makes a snapshot from data exported with {@link #exportTo}, for a restore from the vault tier.
     *
     * @param original the record of the exported snapshot, for its size and attributes
     * @param staging where to hydrate (for Azure, {@code staging.resourceGroupId()}), or {@code null} for
     *     the copier's default; copiers without a notion of staging ignore it
     */
    VolumeSnapshotRecord importFrom(ObjectStore vault, String key, VolumeSnapshotRecord original, StagingLocation staging);

    /** {@link #importFrom(ObjectStore, String, VolumeSnapshotRecord, StagingLocation)} into the copier's default staging. */
    default VolumeSnapshotRecord importFrom(ObjectStore vault, String key, VolumeSnapshotRecord original) {
        return importFrom(vault, key, original, null);
    }

    /**
     * Makes a new volume from a snapshot {@link #importFrom} made, and says how a claim binds to it.
     *
     * @param staging the staging location the snapshot was imported into (for Azure, the new disk goes
     *     into {@code staging.resourceGroupId()}), or {@code null} for the copier's default
     */
    RestoredVolume restoreImported(VolumeSnapshotRecord imported, VolumeRestoreRequest request, StagingLocation staging);

    /**
     * Removes what {@link #importFrom} staged for {@code imported} (the staging snapshot and any data
     * staged in the staging storage account); volumes made by {@link #restoreImported} stay. What is
     * already gone is not an error.
     */
    void deleteImported(VolumeSnapshotRecord imported);
}
