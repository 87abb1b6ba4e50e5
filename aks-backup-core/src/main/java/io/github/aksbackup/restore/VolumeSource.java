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
 * the restore ends, also after a failure (unless the restore keeps it). Thread-safe.
 */
public interface VolumeSource {

    /** Makes a new volume with a snapshot's data. */
    RestoredVolume restore(VolumeSnapshotRecord snapshot, VolumeRestoreRequest request);

    /**
     * Removes what the restore staged; called once at the end.
     *
     * @return what was staged and kept instead (as the restore's options asked), one line each, for the job
     */
    List<String> cleanUp();

    /** Volumes restored from the operational tier's snapshots. */
    static VolumeSource operational(VolumeSnapshotter snapshotter) {
        Objects.requireNonNull(snapshotter, "snapshotter");
        return new VolumeSource() {
            @Override
            public RestoredVolume restore(VolumeSnapshotRecord snapshot, VolumeRestoreRequest request) {
                return snapshotter.restore(snapshot, request);
            }

            @Override
            public List<String> cleanUp() {
                // Operational snapshots belong to their recovery point and stay.
                return List.of();
            }
        };
    }

    /**
     * Volumes restored from data exported to the vault tier: each is imported into a staging snapshot
     * ({@link VaultVolumeCopier#importFrom}) and made into a volume by the copier
     * ({@link VaultVolumeCopier#restoreImported}); {@link #cleanUp()} deletes what was staged
     * ({@link VaultVolumeCopier#deleteImported}) unless {@code keepStaged}.
     *
     * @param copier imports the exported data, or {@code null} when none is configured (restores of
     *     volumes then fail, naming what is missing)
     * @param keyOf the vault key under which a snapshot's data was exported
     * @param stagingLocation where to stage, or {@code null} for the copier's default
     * @param keepStaged leave the staged data and snapshots in place (for inspection); {@link #cleanUp()}
     *     then names them instead
     */
    static VolumeSource vault(VaultVolumeCopier copier, ObjectStore vault, Function<VolumeSnapshotRecord, String> keyOf,
            StagingLocation stagingLocation, boolean keepStaged) {
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
                return copier.restoreImported(staging, request, stagingLocation);
            }

            @Override
            public List<String> cleanUp() {
                synchronized (staged) {
                    List<String> kept = new ArrayList<>();
                    for (VolumeSnapshotRecord s : staged) {
                        if (keepStaged) {
                            kept.add("staged snapshot " + s.snapshotHandle() + " of PVC " + s.pvcNamespace() + "/" + s.pvcName()
                                    + " is kept, as the restore options ask; delete it (and its staged data) when done");
                        } else {
                            copier.deleteImported(s);
                        }
                    }
                    staged.clear();
                    return kept;
                }
            }
        };
    }

    /** Tags for cloud resources a restore creates. */
    static Map<String, String> tags(String jobId) {
        return Map.of("aks-backup/restore-job", jobId);
    }
}
