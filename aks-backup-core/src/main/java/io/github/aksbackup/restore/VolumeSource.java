package io.github.aksbackup.restore;

import io.github.aksbackup.api.AksBackupException;
import io.github.aksbackup.api.ErrorCode;
import io.github.aksbackup.api.recovery.VolumeSnapshotRecord;
import io.github.aksbackup.api.restore.StagingLocation;
import io.github.aksbackup.spi.ObjectStore;
import io.github.aksbackup.spi.RestoredVolume;
import io.github.aksbackup.spi.VaultVolumeCopier;
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
     * ({@link VaultVolumeCopier#importFrom}), restored from it by {@code snapshotter}, and the staging
     * snapshots are deleted by {@link #cleanUp()}.
     *
     * @param copier imports the exported data, or {@code null} when none is configured (restores of
     *     volumes then fail, naming what is missing)
     * @param keyOf the vault key under which a snapshot's data was exported
     * @param stagingLocation where to stage, or {@code null} for the copier's default
     */
    static VolumeSource vault(VolumeSnapshotter snapshotter, VaultVolumeCopier copier, ObjectStore vault,
            Function<VolumeSnapshotRecord, String> keyOf, StagingLocation stagingLocation) {
        Objects.requireNonNull(snapshotter, "snapshotter");
        Objects.requireNonNull(vault, "vault");
        List<VolumeSnapshotRecord> staged = new ArrayList<>();
        return new VolumeSource() {
            @Override
            public RestoredVolume restore(VolumeSnapshotRecord snapshot, VolumeRestoreRequest request) {
                if (copier == null) {
                    throw new AksBackupException(ErrorCode.NO_SNAPSHOTTER, "no vault volume copier is configured to restore"
                            + " the volume of PVC " + snapshot.pvcNamespace() + "/" + snapshot.pvcName() + " from the vault tier",
                            "Give the client builder a vault volume copier, such as the Azure disk snapshotter (aks-backup-azure).",
                            null);
                }
                VolumeSnapshotRecord staging = copier.importFrom(vault, keyOf.apply(snapshot), snapshot, stagingLocation);
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
