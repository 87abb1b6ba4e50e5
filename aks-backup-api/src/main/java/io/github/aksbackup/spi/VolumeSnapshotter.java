package io.github.aksbackup.spi;

import io.github.aksbackup.api.recovery.VolumeSnapshotRecord;

/**
 * Takes, restores and removes snapshots of persistent volumes (the operational tier). Implemented with
 * CSI VolumeSnapshots (Kubernetes), Azure managed-disk snapshots (Azure Resource Manager), and in
 * memory for tests. Copying snapshots to and from the vault tier is a {@link VaultVolumeCopier}'s job.
 *
 * <p>Implementations are thread-safe and make each request once. Errors surface as
 * {@link io.github.aksbackup.api.AksBackupException}s whose code says what failed; the engine
 * retries transient ones, so calls are idempotent: a repeated snapshot of the same request finds
 * the snapshot an earlier try made.
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
}
