package io.github.aksbackup.spi;

import io.github.aksbackup.api.recovery.VolumeSnapshotRecord;
import io.github.aksbackup.api.restore.StagingLocation;

/**
 * Takes, restores, exports and removes snapshots of persistent volumes. Implemented with CSI
 * VolumeSnapshots (Kubernetes), Azure managed-disk snapshots (Azure Resource Manager), and in memory
 * for tests.
 *
 * <p>Implementations are thread-safe. Errors surface as
 * {@link io.github.aksbackup.api.AksBackupException}s whose code says what failed.
 */
public interface VolumeSnapshotter {

    /** True when this snapshotter can snapshot volumes of the given CSI driver. */
    boolean supports(String csiDriver);

    /** Starts a snapshot; it may not be ready yet ({@link #status}). */
    VolumeSnapshotRecord snapshot(SnapshotRequest request);

    /** Readiness of a snapshot. */
    SnapshotStatus status(VolumeSnapshotRecord snapshot);

    /** Deletes a snapshot; a snapshot that is already gone is not an error. */
    void delete(VolumeSnapshotRecord snapshot);

    /** Makes a new volume with the snapshot's data and says how a claim binds to it. */
    RestoredVolume restore(VolumeSnapshotRecord snapshot, VolumeRestoreRequest request);

    /**
     * Copies the snapshot's data into {@code vault} under {@code key} (vault tier). Implementations
     * may copy server-side when the store allows it.
     */
    void exportTo(VolumeSnapshotRecord snapshot, ObjectStore vault, String key);

    /**
     * Makes a snapshot (in the staging location) from data exported with {@link #exportTo}, for a
     * restore from the vault tier.
     *
     * @param original the record of the exported snapshot, for its size and attributes
     */
    VolumeSnapshotRecord importFrom(ObjectStore vault, String key, VolumeSnapshotRecord original);

    /**
     * {@link #importFrom(ObjectStore, String, VolumeSnapshotRecord)} into the restore's staging
     * location (for Azure, {@code staging.resourceGroupId()}); snapshotters without a notion of
     * staging ignore it.
     *
     * @param staging the restore's staging location, or {@code null} for the snapshotter's default
     */
    default VolumeSnapshotRecord importFrom(ObjectStore vault, String key, VolumeSnapshotRecord original,
            StagingLocation staging) {
        return importFrom(vault, key, original);
    }
}
