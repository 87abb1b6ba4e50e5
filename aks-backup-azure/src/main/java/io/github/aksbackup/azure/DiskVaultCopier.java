package io.github.aksbackup.azure;

import com.azure.resourcemanager.compute.fluent.DisksClient;
import com.azure.resourcemanager.compute.fluent.SnapshotsClient;
import com.azure.resourcemanager.compute.fluent.models.DiskInner;
import com.azure.resourcemanager.compute.fluent.models.SnapshotInner;
import com.azure.resourcemanager.compute.models.AccessLevel;
import com.azure.resourcemanager.compute.models.CreationData;
import com.azure.resourcemanager.compute.models.DiskCreateOption;
import com.azure.resourcemanager.compute.models.DiskSku;
import com.azure.resourcemanager.compute.models.DiskStorageAccountTypes;
import com.azure.resourcemanager.compute.models.GrantAccessData;
import com.azure.storage.blob.models.PageRange;
import com.azure.storage.blob.specialized.PageBlobClient;
import com.azure.storage.blob.specialized.SpecializedBlobClientBuilder;
import io.github.aksbackup.api.AksBackupException;
import io.github.aksbackup.api.ErrorCode;
import io.github.aksbackup.api.NotFoundException;
import io.github.aksbackup.api.recovery.VolumeSnapshotRecord;
import io.github.aksbackup.azure.internal.ArmCalls;
import io.github.aksbackup.azure.internal.ArmId;
import io.github.aksbackup.azure.internal.ArmNames;
import io.github.aksbackup.azure.internal.AzureErrors;
import io.github.aksbackup.spi.ObjectInfo;
import io.github.aksbackup.spi.ObjectStore;
import io.github.aksbackup.spi.SnapshotStatus;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The vault-tier half of {@link AzureDiskSnapshotter}: exports of managed-disk snapshots into a vault
 * store and their hydration back into snapshots in a staging resource group.
 *
 * <p>A vault store that is an Azure blob container — found through its {@link AzureBlob}
 * {@linkplain ObjectStore#capability capability}, however it is wrapped — gets the snapshot copied into a
 * page blob inside the storage service, and hydrates by Azure's import from that blob when the
 * account's resource id is known. Any other store gets the data streamed through this process.
 *
 * <p>A restore that names a staging storage account hydrates through it, as Azure Backup does: the
 * export is copied into a page blob of container {@value AzureDiskSnapshotter#STAGING_CONTAINER} in that
 * account, and the staging snapshot is imported from there; the staged blob is deleted with the staging
 * snapshot ({@link AzureDiskSnapshotter#deleteImported}).
 */
final class DiskVaultCopier {
    private static final Logger LOG = LoggerFactory.getLogger(DiskVaultCopier.class);
    private static final int UPLOAD_CHUNK = 4 * 1024 * 1024;

    private final AzureDiskSnapshotter disks;
    private final ArmCalls calls;
    private final Map<String, String> storageAccountIds;
    private final Duration accessDuration;
    private final Clock clock;
    private final Function<String, AzureBlobObjectStore> stagingAccounts;

    /** @param stagingAccounts the staging container of a storage account, by the account's resource id; or {@code null} */
    DiskVaultCopier(AzureDiskSnapshotter disks, ArmCalls calls, Map<String, String> storageAccountIds,
            Duration accessDuration, Clock clock, Function<String, AzureBlobObjectStore> stagingAccounts) {
        this.disks = disks;
        this.calls = calls;
        this.storageAccountIds = Map.copyOf(storageAccountIds);
        this.accessDuration = accessDuration;
        this.clock = clock;
        this.stagingAccounts = stagingAccounts;
    }

    private SnapshotsClient snapshots() {
        return disks.compute().serviceClient().getSnapshots();
    }

    private DisksClient diskClient() {
        return disks.compute().serviceClient().getDisks();
    }

    void exportTo(VolumeSnapshotRecord snapshot, ObjectStore vault, String key) {
        requireVaultSize(snapshot);
        ArmId id = AzureDiskSnapshotter.snapshotId(snapshot);
        Optional<AzureBlob> blob = vault.capability(AzureBlob.class, key);
        if (blob.isPresent() ? finishedOrResumed(blob.get(), id) : vault.exists(key)) {
            return;
        }
        calls.pollUntilDone("background copy of snapshot " + id.name(), () -> disks.status(snapshot),
                s -> s.state() == SnapshotStatus.State.Pending);
        SnapshotStatus ready = disks.status(snapshot);
        if (ready.state() == SnapshotStatus.State.Failed) {
            throw new AksBackupException(ErrorCode.SNAPSHOT_FAILED, "cannot export snapshot " + id.name() + ": "
                    + ready.message(), "Take a new backup; this recovery point's snapshot is unusable.", null);
        }
        String sas = grantAccess(id, AccessLevel.READ);
        try {
            if (blob.isPresent()) {
                blob.get().startCopyFrom(sas);
                awaitCopy(blob.get(), id);
            } else {
                PageBlobClient source = new SpecializedBlobClientBuilder().endpoint(sas).buildPageBlobClient();
                long size = calls.call("read size of snapshot " + id.name(), AzureDiskSnapshotter.SNAPSHOT_ROLE,
                        () -> source.getProperties().getBlobSize());
                streamInto(vault, key, source, size, id);
            }
            LOG.info("exported snapshot {} into {} as {}", id.name(), vault.describe(), key);
        } finally {
            revokeAccess(id, "snapshot");
        }
    }

    private void streamInto(ObjectStore vault, String key, PageBlobClient source, long size, ArmId id) {
        String operation = "export of snapshot " + id.name() + " into " + vault.describe();
        try (InputStream in = calls.call(operation + ": open", AzureDiskSnapshotter.SNAPSHOT_ROLE, source::openInputStream)) {
            vault.putIfAbsent(key, in, size);
        } catch (IOException e) {
            throw new AksBackupException(ErrorCode.NETWORK_FAILURE, operation + ": " + e.getMessage(), null, e);
        } catch (RuntimeException e) {
            // Reading the snapshot's stream fails inside the store's put; it is Azure's failure, not the store's.
            throw AzureErrors.map(e, operation, AzureDiskSnapshotter.SNAPSHOT_ROLE);
        }
    }

    /**
     * Handles an export blob that already exists: a finished copy is done, a pending one is awaited, a
     * failed one is deleted so the export starts over.
     *
     * @return true when the export is complete
     */
    private boolean finishedOrResumed(AzureBlob blob, ArmId id) {
        if (!blob.exists()) {
            return false;
        }
        AzureBlob.CopyState state = blob.copyState();
        if (state.phase() == AzureBlob.CopyState.Phase.Failed) {
            LOG.warn("earlier export of snapshot {} into {} failed ({}); starting over", id.name(), blob.key(), state.detail());
            blob.delete();
            return false;
        }
        awaitCopy(blob, id);
        return true;
    }

    private void awaitCopy(AzureBlob blob, ArmId id) {
        AzureBlob.CopyState end = calls.pollUntilDone("copy of snapshot " + id.name() + " into " + blob.key(),
                blob::copyState, s -> s.phase() == AzureBlob.CopyState.Phase.Pending);
        if (end.phase() == AzureBlob.CopyState.Phase.Failed) {
            // A failed copy leaves a blob behind under the key; remove it so no one mistakes it for an export.
            blob.delete();
            throw new AksBackupException(ErrorCode.VAULT_COPY_FAILED, "copy of snapshot " + id.name() + " into vault blob '"
                    + blob.key() + "' failed: " + end.detail(), null, null);
        }
    }

    private static void requireVaultSize(VolumeSnapshotRecord snapshot) {
        if (snapshot.sizeBytes() > AzureDiskSnapshotter.MAX_VAULT_DISK_BYTES) {
            throw new AksBackupException(ErrorCode.VOLUME_TOO_LARGE_FOR_VAULT, "PVC " + snapshot.pvcNamespace() + "/"
                    + snapshot.pvcName() + " is " + (snapshot.sizeBytes() >> 30) + " GiB; the vault tier takes volumes"
                    + " up to 1 TiB (1024 GiB)", null, null);
        }
    }

    /**
     * Hydrates the export under {@code key} into a snapshot in {@code staging}, through the staging
     * storage account {@code stagingAccountId} when one is given.
     */
    VolumeSnapshotRecord importFrom(ObjectStore vault, String key, VolumeSnapshotRecord original, ArmId staging,
            String stagingAccountId) {
        ObjectInfo info = vault.stat(key).orElseThrow(() -> new NotFoundException("volume export '" + key
                + "' of PVC " + original.pvcNamespace() + "/" + original.pvcName() + " is missing from "
                + vault.describe()));
        String name = ArmNames.resourceName("aksb-stage-", original.pvcName(), key + "|" + staging);
        String location = original.attributes().get(AzureDiskSnapshotter.ATTR_LOCATION);
        if (location == null) {
            // A CSI VolumeSnapshot's record carries no region, and its snapshot may be gone (the operational copy
            // expired): stage in the staging group's region, which Azure Backup requires to be the cluster's.
            location = calls.call("read staging resource group " + staging.resourceGroup(), AzureDiskSnapshotter.RESTORE_ROLE,
                    () -> disks.compute().resourceManager().resourceGroups().getByName(staging.resourceGroup()).regionName());
        }
        String what = "hydrate PVC " + original.pvcNamespace() + "/" + original.pvcName() + " from vault";
        Optional<AzureBlob> blob = vault.capability(AzureBlob.class, key);
        String storageAccountId = blob.map(b -> storageAccountIds.get(b.accountName())).orElse(null);
        Map<String, String> attributes = new LinkedHashMap<>(original.attributes());
        SnapshotInner created;
        if (stagingAccountId != null) {
            AzureBlob staged = stageInAccount(vault, key, info, stagingAccountId, name, original);
            attributes.put(AzureDiskSnapshotter.ATTR_STAGED_ACCOUNT, stagingAccountId);
            attributes.put(AzureDiskSnapshotter.ATTR_STAGED_BLOB, staged.key());
            created = importSnapshot(staged.url(), stagingAccountId, staging, name, location, original, what);
        } else if (storageAccountId != null) {
            created = importSnapshot(blob.get().url(), storageAccountId, staging, name, location, original, what);
        } else {
            created = uploadThenSnapshot(vault, key, info, staging, name, location, original, what);
        }
        attributes.put("azure.staging", "true");
        if (created.location() != null) {
            attributes.put(AzureDiskSnapshotter.ATTR_LOCATION, created.location());
        }
        return new VolumeSnapshotRecord(original.pvcNamespace(), original.pvcName(), original.pvName(),
                original.driver(), original.sourceVolumeHandle(), created.id() != null ? created.id()
                        : staging.child("Microsoft.Compute/snapshots", name),
                original.sizeBytes(), clock.instant(), attributes);
    }

    private SnapshotInner importSnapshot(String sourceUri, String storageAccountId, ArmId staging, String name,
            String location, VolumeSnapshotRecord original, String what) {
        SnapshotInner body = new SnapshotInner().withCreationData(new CreationData()
                .withCreateOption(DiskCreateOption.IMPORT).withSourceUri(sourceUri)
                .withStorageAccountId(storageAccountId));
        body.withLocation(location);
        body.withTags(Map.of("aksb-staging", "true", "aksb-pvc", original.pvcNamespace() + "/" + original.pvcName()));
        return calls.awaitLro(what + " (import)", AzureDiskSnapshotter.RESTORE_ROLE,
                () -> snapshots().beginCreateOrUpdate(staging.resourceGroup(), name, body));
    }

    /**
     * Copies the export into a page blob of the staging account's staging container, unless an earlier
     * try completed it (marked by metadata written last); a blob an interrupted try left is written again.
     */
    private AzureBlob stageInAccount(ObjectStore vault, String key, ObjectInfo info, String stagingAccountId, String name,
            VolumeSnapshotRecord original) {
        requireSectors(key, info);
        AzureBlobObjectStore container = stagingContainer(stagingAccountId);
        AzureBlob staged = container.capability(AzureBlob.class, "restore/" + name + ".vhd").orElseThrow();
        if (staged.isCompleteStaging()) {
            return staged;
        }
        PageBlobClient target = staged.createPageBlob(info.size());
        uploadPages(vault, key, target);
        staged.markStagingComplete();
        LOG.info("staged the export of PVC {}/{} in {}", original.pvcNamespace(), original.pvcName(), container.describe());
        return staged;
    }

    /** Deletes a blob {@link #stageInAccount} wrote; one that is gone already is not an error. */
    void deleteStaged(String stagingAccountId, String stagedKey) {
        stagingContainer(stagingAccountId).delete(stagedKey);
    }

    private AzureBlobObjectStore stagingContainer(String stagingAccountId) {
        if (stagingAccounts == null) {
            throw new AksBackupException(ErrorCode.NOT_SUPPORTED, "the restore stages volume data in storage account "
                    + ArmId.parse(stagingAccountId, "stagingStorageAccountId").name() + ", and this disk snapshotter has"
                    + " no way to reach storage accounts", "Build the AzureDiskSnapshotter with a credential, or give it"
                    + " stagingStorage(...).", null);
        }
        return stagingAccounts.apply(stagingAccountId);
    }

    private static void requireSectors(String key, ObjectInfo info) {
        if (info.size() % 512 != 0 || info.size() == 0) {
            throw new AksBackupException(ErrorCode.INVALID_VOLUME_EXPORT, "volume export '" + key + "' is " + info.size()
                    + " bytes, not a whole number of 512-byte sectors", null, null);
        }
    }

    private SnapshotInner uploadThenSnapshot(ObjectStore vault, String key, ObjectInfo info, ArmId staging,
            String name, String location, VolumeSnapshotRecord original, String what) {
        requireSectors(key, info);
        String uploadName = name + "-upload";
        DiskInner uploadDisk = new DiskInner()
                .withSku(new DiskSku().withName(DiskStorageAccountTypes.STANDARD_LRS))
                .withCreationData(new CreationData().withCreateOption(DiskCreateOption.UPLOAD)
                        .withUploadSizeBytes(info.size()));
        uploadDisk.withLocation(location);
        uploadDisk.withTags(Map.of("aksb-staging", "true"));
        DiskInner disk = calls.awaitLro(what + " (upload disk)", AzureDiskSnapshotter.RESTORE_ROLE,
                () -> diskClient().beginCreateOrUpdate(staging.resourceGroup(), uploadName, uploadDisk));
        ArmId diskId = ArmId.parse(disk.id() != null ? disk.id() : staging.child("Microsoft.Compute/disks", uploadName),
                "staging disk");
        try {
            String sas = calls.awaitLro(what + ": grant write access", AzureDiskSnapshotter.RESTORE_ROLE,
                    () -> diskClient().beginGrantAccess(staging.resourceGroup(), uploadName, new GrantAccessData()
                            .withAccess(AccessLevel.WRITE).withDurationInSeconds((int) accessDuration.toSeconds())))
                    .accessSas();
            try {
                uploadPages(vault, key, new SpecializedBlobClientBuilder().endpoint(sas).buildPageBlobClient());
            } finally {
                revokeAccess(diskId, "disk");
            }
            SnapshotInner body = new SnapshotInner().withCreationData(new CreationData()
                    .withCreateOption(DiskCreateOption.COPY).withSourceResourceId(diskId.toString()));
            body.withLocation(disk.location());
            body.withTags(Map.of("aksb-staging", "true", "aksb-pvc", original.pvcNamespace() + "/" + original.pvcName()));
            return calls.awaitLro(what + " (snapshot of upload disk)", AzureDiskSnapshotter.RESTORE_ROLE,
                    () -> snapshots().beginCreateOrUpdate(staging.resourceGroup(), name, body));
        } finally {
            try {
                disks.deleteDisk(diskId.toString());
            } catch (RuntimeException e) {
                LOG.warn("could not delete staging upload disk {}: {}", diskId, e.getMessage());
            }
        }
    }

    /** Writes the export into the page blob, skipping all-zero chunks (a fresh upload disk reads as zeros). */
    private void uploadPages(ObjectStore vault, String key, PageBlobClient target) {
        byte[] chunk = new byte[UPLOAD_CHUNK];
        long offset = 0;
        try (InputStream in = vault.get(key)) {
            while (true) {
                int n = in.readNBytes(chunk, 0, chunk.length);
                if (n == 0) {
                    break;
                }
                if (!allZero(chunk, n)) {
                    long start = offset;
                    int len = n;
                    calls.run("upload pages at " + start, AzureDiskSnapshotter.RESTORE_ROLE, () -> target.uploadPages(
                            new PageRange().setStart(start).setEnd(start + len - 1),
                            new ByteArrayInputStream(chunk, 0, len)));
                }
                offset += n;
                if (n < chunk.length) {
                    break;
                }
            }
        } catch (IOException e) {
            throw new AksBackupException(ErrorCode.NETWORK_FAILURE, "read volume export '" + key + "' from "
                    + vault.describe() + ": " + e.getMessage(), null, e);
        }
    }

    private static boolean allZero(byte[] b, int n) {
        for (int i = 0; i < n; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private String grantAccess(ArmId snapshot, AccessLevel level) {
        return calls.awaitLro("grant " + level + " access to snapshot " + snapshot.name(), AzureDiskSnapshotter.SNAPSHOT_ROLE,
                () -> snapshots().beginGrantAccess(snapshot.resourceGroup(), snapshot.name(), new GrantAccessData()
                        .withAccess(level).withDurationInSeconds((int) accessDuration.toSeconds())))
                .accessSas();
    }

    private void revokeAccess(ArmId id, String kind) {
        try {
            calls.awaitLro("revoke access to " + kind + " " + id.name(), AzureDiskSnapshotter.SNAPSHOT_ROLE,
                    () -> kind.equals("disk") ? diskClient().beginRevokeAccess(id.resourceGroup(), id.name())
                            : snapshots().beginRevokeAccess(id.resourceGroup(), id.name()));
        } catch (RuntimeException e) {
            // The SAS expires by itself after the access duration; a failed revoke is not worth failing the job.
            LOG.warn("could not revoke access to {} {}: {}", kind, id.name(), e.getMessage());
        }
    }
}
