package io.github.aksbackup.restore;

import io.github.aksbackup.api.recovery.VolumeSnapshotRecord;
import io.github.aksbackup.api.restore.StagingLocation;
import io.github.aksbackup.spi.ObjectStore;
import io.github.aksbackup.spi.RestoredVolume;
import io.github.aksbackup.spi.VolumeRestoreRequest;
import io.github.aksbackup.spi.VolumeSnapshotter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Where a restore gets volumes from: the operational tier's snapshots directly, or the vault tier,
 * whose exported data is first imported into a staging snapshot that {@link #cleanUp()} deletes when
 * the restore ends, also after a failure. Thread-safe.
 */
public interface VolumeSource {

    /** Makes a new volume with a snapshot's data. */
    RestoredVolume restore(VolumeSnapshotRecord snapshot, VolumeRestoreRequest request);

    /** Removes what the restore staged; called once at the end. */
    void cleanUp();

    /** Volumes restored from the operational tier's snapshots. */
    static VolumeSource operational(VolumeSnapshotter snapshotter) {
        Objects.requireNonNull(snapshotter, "snapshotter");
        return new VolumeSource() {
            @Override
            public RestoredVolume restore(VolumeSnapshotRecord snapshot, VolumeRestoreRequest request) {
                return snapshotter.restore(snapshot, request);
            }

            @Override
            public void cleanUp() {
                // Operational snapshots belong to their recovery point and stay.
            }
        };
    }

    /**
     * Volumes restored from data exported to the vault tier: each is imported into a staging snapshot
     * ({@link VolumeSnapshotter#importFrom}), restored from it, and the staging snapshots are deleted by
     * {@link #cleanUp()}.
     *
     * @param keyOf the vault key under which a snapshot's data was exported
     */
    static VolumeSource vault(VolumeSnapshotter snapshotter, ObjectStore vault, Function<VolumeSnapshotRecord, String> keyOf) {
        return vault(snapshotter, vault, keyOf, null);
    }

    /**
     * {@link #vault(VolumeSnapshotter, ObjectStore, Function)} staging into the restore's staging
     * location ({@code null}: the snapshotter's default).
     */
    static VolumeSource vault(VolumeSnapshotter snapshotter, ObjectStore vault, Function<VolumeSnapshotRecord, String> keyOf,
            StagingLocation stagingLocation) {
        Objects.requireNonNull(snapshotter, "snapshotter");
        Objects.requireNonNull(vault, "vault");
        List<VolumeSnapshotRecord> staged = new ArrayList<>();
        return new VolumeSource() {
            @Override
            public RestoredVolume restore(VolumeSnapshotRecord snapshot, VolumeRestoreRequest request) {
                VolumeSnapshotRecord staging = snapshotter.importFrom(vault, keyOf.apply(snapshot), snapshot, stagingLocation);
                synchronized (staged) {
                    staged.add(staging);
                }
                return snapshotter.restore(staging, request);
            }

            @Override
            public void cleanUp() {
                synchronized (staged) {
                    for (VolumeSnapshotRecord s : staged) {
                        snapshotter.delete(s);
                    }
                    staged.clear();
                }
            }
        };
    }

    /** Tags for cloud resources a restore creates. */
    static Map<String, String> tags(String jobId) {
        return Map.of("aks-backup/restore-job", jobId);
    }
}
