package io.github.aksbackup.client;

import io.github.aksbackup.api.AksBackupException;
import io.github.aksbackup.api.DataStoreType;
import io.github.aksbackup.api.ErrorCode;
import io.github.aksbackup.api.job.Job;
import io.github.aksbackup.api.job.JobStatus;
import io.github.aksbackup.api.job.Operation;
import io.github.aksbackup.api.recovery.RecoveryPoint;
import io.github.aksbackup.api.recovery.VolumeSnapshotRecord;
import io.github.aksbackup.catalog.VaultCatalog;
import io.github.aksbackup.job.JobRecorder;
import io.github.aksbackup.repository.Manifest;
import io.github.aksbackup.repository.ManifestEntry;
import io.github.aksbackup.repository.RecoveryPointReader;
import io.github.aksbackup.repository.RecoveryPointWriter;
import io.github.aksbackup.repository.Repository;
import io.github.aksbackup.repository.TypeSection;
import io.github.aksbackup.resilience.RetryingObjectStore;
import io.github.aksbackup.spi.ObjectInfo;
import io.github.aksbackup.spi.VaultVolumeCopier;
import io.github.aksbackup.spi.VolumeSnapshotter;
import io.github.aksbackup.tiering.TieringActions;
import java.time.Clock;

/**
 * Moves recovery-point data between tiers for the protection engine: a vault copy is the recovery
 * point's objects written into the vault-tier repository (deduplicated there too) plus its volume
 * snapshots exported into the vault-tier store; deleting a copy deletes that tier's manifest (and
 * snapshots or exported volumes), leaving the data to garbage collection. Both are idempotent. Each
 * run is recorded as a job.
 */
final class VaultTiering implements TieringActions {
    /** Azure's limit for volumes in the vault tier. */
    static final long MAX_VAULT_VOLUME_BYTES = 1L << 40;

    private final Repository operational;
    private final Repository vault;
    private final VolumeSnapshotter snapshotter;
    private final VaultVolumeCopier copier;
    private final VaultCatalog catalog;
    private final Clock clock;

    /**
     * @param snapshotter deletes operational snapshots, or {@code null}
     * @param copier exports volumes into the vault tier, or {@code null}
     */
    VaultTiering(Repository operational, Repository vault, VolumeSnapshotter snapshotter, VaultVolumeCopier copier,
            VaultCatalog catalog, Clock clock) {
        this.operational = operational;
        this.vault = vault;
        this.snapshotter = snapshotter;
        this.copier = copier;
        this.catalog = catalog;
        this.clock = clock;
    }

    /** Where an exported volume lives in the vault-tier store. */
    static String volumeKey(String instance, String rpId, VolumeSnapshotRecord s) {
        return volumePrefix(instance, rpId) + s.pvcNamespace() + "/" + s.pvcName();
    }

    private static String volumePrefix(String instance, String rpId) {
        return "volumes/" + instance + "/" + rpId + "/";
    }

    @Override
    public void copyToVault(RecoveryPoint rp) {
        String inst = rp.instanceName();
        if (vault.exists(inst, rp.id())) {
            return;
        }
        JobRecorder job = new JobRecorder(Operation.VaultCopy, inst, rp.id(), clock, null);
        catalog.jobStarted(job.snapshot());
        try {
            Manifest m = operational.readManifest(inst, rp.id());
            RecoveryPointReader reader = operational.openReader();
            try (RecoveryPointWriter w = vault.startRecoveryPoint(inst, rp.id())) {
                for (TypeSection s : m.types()) {
                    job.phase("copying " + s.type().displayName());
                    w.beginType(s.type());
                    for (ManifestEntry e : reader.entries(s)) {
                        w.add(e.namespace(), e.name(), reader.readObject(e));
                        job.seen(1);
                        job.succeeded(1);
                    }
                    w.endType();
                }
                for (VolumeSnapshotRecord s : m.recoveryPoint().volumeSnapshots()) {
                    exportVolume(inst, rp.id(), s, job);
                }
                w.commit(m.recoveryPoint(), m.jobId(), m.clusterRef(), m.policyName(), m.configuration());
                job.bytes(w.bytesWritten(), w.totalBytes());
            }
            catalog.jobEnded(job.finish(job.outcome()));
        } catch (RuntimeException e) {
            job.error(e, null);
            catalog.jobEnded(job.finish(JobStatus.Failed));
            throw e;
        }
    }

    private void exportVolume(String inst, String rpId, VolumeSnapshotRecord s, JobRecorder job) {
        String key = volumeKey(inst, rpId, s);
        if (s.sizeBytes() > MAX_VAULT_VOLUME_BYTES) {
            job.warning("volume of PVC " + s.pvcNamespace() + "/" + s.pvcName() + " is larger than 1 TiB and stays in the operational tier only");
            return;
        }
        if (vault.store().exists(key)) {
            return;
        }
        if (copier == null) {
            throw new AksBackupException(ErrorCode.NO_SNAPSHOTTER, "no vault volume copier is configured to export the volume of"
                    + " PVC " + s.pvcNamespace() + "/" + s.pvcName() + " (driver " + s.driver() + ") to the vault tier",
                    "Give the client builder a vault volume copier, such as the Azure disk snapshotter (aks-backup-azure);"
                            + " CSI snapshots cannot leave their storage system.", null);
        }
        job.phase("exporting the volume of PVC " + s.pvcNamespace() + "/" + s.pvcName());
        // The copier is retried as a whole; its store calls must not be retried once more inside.
        copier.exportTo(s, RetryingObjectStore.unwrap(vault.store()), key);
        job.volumes(1);
    }

    @Override
    public void deleteCopy(RecoveryPoint rp, DataStoreType store) {
        JobRecorder job = new JobRecorder(Operation.Expiry, rp.instanceName(), rp.id(), clock, null);
        job.phase("deleting the " + store + " copy");
        try {
            job.volumes(deleteCopyData(rp, store));
            record(job.finish(JobStatus.Completed));
        } catch (RuntimeException e) {
            job.error(e, null);
            record(job.finish(JobStatus.Failed));
            throw e;
        }
    }

    private void record(Job done) {
        catalog.jobStarted(done);
        catalog.jobEnded(done);
    }

    /** Deletes one tier's copy of a recovery point without a job record; returns the volumes removed. */
    int deleteCopyData(RecoveryPoint rp, DataStoreType store) {
        String inst = rp.instanceName();
        int volumes = 0;
        if (store == DataStoreType.OperationalStore) {
            operational.deleteRecoveryPoint(inst, rp.id());
            if (snapshotter != null) {
                for (VolumeSnapshotRecord s : rp.volumeSnapshots()) {
                    snapshotter.delete(s);
                    volumes++;
                }
            }
        } else {
            vault.deleteRecoveryPoint(inst, rp.id());
            for (ObjectInfo o : vault.store().list(volumePrefix(inst, rp.id()))) {
                vault.store().delete(o.key());
                volumes++;
            }
        }
        return volumes;
    }
}
