package io.github.aksbackup.azure;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpPipeline;
import com.azure.core.management.AzureEnvironment;
import com.azure.core.management.profile.AzureProfile;
import com.azure.resourcemanager.compute.ComputeManager;
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
import io.github.aksbackup.api.NotFoundException;
import io.github.aksbackup.api.recovery.VolumeSnapshotRecord;
import io.github.aksbackup.api.restore.StagingLocation;
import io.github.aksbackup.azure.internal.ArmCalls;
import io.github.aksbackup.azure.internal.ArmId;
import io.github.aksbackup.spi.ObjectInfo;
import io.github.aksbackup.spi.ObjectStore;
import io.github.aksbackup.spi.RestoredVolume;
import io.github.aksbackup.spi.SnapshotRequest;
import io.github.aksbackup.spi.SnapshotStatus;
import io.github.aksbackup.spi.VolumeRestoreRequest;
import io.github.aksbackup.spi.VolumeSnapshotter;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link VolumeSnapshotter} for Azure Disk CSI volumes on azure-resourcemanager-compute: the
 * operational tier's incremental managed-disk snapshots, the vault tier's export of a snapshot into
 * a vault store, and the hydration of an export back into a snapshot in a staging resource group.
 *
 * <ul>
 *   <li>{@link #snapshot} takes an incremental snapshot of the disk named by the PV's CSI
 *       volumeHandle into the snapshot resource group, tagged with the request's tags plus the source
 *       claim; the name is derived from the disk and the tags, so a retried request finds its
 *       snapshot instead of making another. {@link #status} is Ready when Azure's background copy
 *       ({@code completionPercent}) is done.</li>
 *   <li>{@link #restore} makes a new managed disk from a snapshot in the restore resource group, in
 *       the requested zone (or the source disk's), and returns it as a pre-provisioned CSI volume.</li>
 *   <li>{@link #exportTo} grants read access to the snapshot (a SAS URL) and copies it into the
 *       vault: server-side into a page blob when the vault is an {@link AzureBlobObjectStore}, polled
 *       to completion; streamed through this process into any other store. Access is revoked after.
 *       Only disks up to 1 TiB may go to the vault tier.</li>
 *   <li>{@link #importFrom} makes a snapshot in the staging resource group from an export: by
 *       Azure's import from the vault blob when the vault is an {@link AzureBlobObjectStore} whose
 *       storage account id is known, otherwise by uploading the export into a staging upload disk
 *       and snapshotting it. {@link #delete} of that record is the staging clean-up.</li>
 * </ul>
 *
 * <p>At most {@value #MAX_DISKS_PER_BACKUP} disks are snapshotted per backup of an instance (a set
 * of requests with the same tags). ARM calls go through a circuit breaker; copies and snapshot
 * completion are polled with resilience4j retries. Thread-safe.
 */
public final class AzureDiskSnapshotter implements VolumeSnapshotter {
    /** The CSI driver whose volumes are Azure managed disks. */
    public static final String DRIVER = "disk.csi.azure.com";
    /** Azure Backup for AKS moves disks up to 1 TiB to the vault tier. */
    public static final long MAX_VAULT_DISK_BYTES = 1024L * 1024 * 1024 * 1024;
    /** Azure Backup for AKS protects at most 100 disks per backup instance. */
    public static final int MAX_DISKS_PER_BACKUP = 100;

    /** Record attribute: the snapshot's region. */
    public static final String ATTR_LOCATION = "azure.location";
    /** Record attribute: the source disk's availability zone. */
    public static final String ATTR_ZONE = "azure.zone";
    /** Record attribute: the source disk's SKU. */
    public static final String ATTR_SKU = "azure.sku";
    /** Record attribute: the source disk's size in GiB. */
    public static final String ATTR_SIZE_GB = "azure.diskSizeGB";
    /** Prefix of record attributes that carry the PV's CSI volumeAttributes. */
    public static final String ATTR_CSI_PREFIX = "csi.";

    static final String SNAPSHOT_ROLE = "Grant the identity 'Contributor' (or 'Disk Snapshot Contributor') on the"
            + " snapshot resource group and 'Reader' on the disks' resource group.";
    static final String RESTORE_ROLE = "Grant the identity 'Contributor' on the restore and staging resource groups.";

    private static final Logger LOG = LoggerFactory.getLogger(AzureDiskSnapshotter.class);
    private static final int UPLOAD_CHUNK = 4 * 1024 * 1024;

    private final ComputeManager compute;
    private final ArmId snapshotGroup;
    private final ArmId restoreGroup;
    private final ArmId stagingGroup;
    private final Map<String, String> storageAccountIds;
    private final Duration accessDuration;
    private final ArmCalls calls;
    private final Clock clock;
    private final Map<Map<String, String>, Set<String>> disksPerBackup;

    private AzureDiskSnapshotter(Builder b, ComputeManager compute) {
        this.compute = compute;
        String sub = compute.subscriptionId();
        this.snapshotGroup = ArmId.resourceGroup(b.snapshotResourceGroup, sub, "snapshotResourceGroup");
        this.restoreGroup = b.restoreResourceGroup == null ? snapshotGroup
                : ArmId.resourceGroup(b.restoreResourceGroup, sub, "restoreResourceGroup");
        this.stagingGroup = b.stagingResourceGroup == null ? null
                : ArmId.resourceGroup(b.stagingResourceGroup, sub, "stagingResourceGroup");
        this.storageAccountIds = Map.copyOf(b.storageAccountIds);
        this.accessDuration = b.accessDuration;
        this.calls = new ArmCalls("azure-disk-snapshots", b.failureRateThreshold, b.breakerOpenFor, b.pollInterval,
                b.pollTimeout);
        this.clock = b.clock;
        // Bounded: only the most recent backups' counts matter.
        this.disksPerBackup = java.util.Collections.synchronizedMap(new java.util.LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<Map<String, String>, Set<String>> eldest) {
                return size() > 256;
            }
        });
    }

    /** A builder; credentials (or a pipeline) and the snapshot resource group are required. */
    public static Builder builder() {
        return new Builder();
    }

    /** The resilience calls (circuit breaker), for monitoring. */
    ArmCalls calls() {
        return calls;
    }

    ComputeManager compute() {
        return compute;
    }

    ArmId snapshotGroup() {
        return snapshotGroup;
    }

    ArmId restoreGroup() {
        return restoreGroup;
    }

    /** The staging resource group, or {@code null} when none is configured. */
    ArmId stagingGroup() {
        return stagingGroup;
    }

    private SnapshotsClient snapshots() {
        return compute.serviceClient().getSnapshots();
    }

    private DisksClient disks() {
        return compute.serviceClient().getDisks();
    }

    @Override
    public boolean supports(String csiDriver) {
        return DRIVER.equals(csiDriver);
    }

    @Override
    public VolumeSnapshotRecord snapshot(SnapshotRequest request) {
        if (!supports(request.driver())) {
            throw new IllegalArgumentException("driver must be " + DRIVER + ", was '" + request.driver() + "' for PVC "
                    + request.pvcNamespace() + "/" + request.pvcName());
        }
        ArmId disk = ArmId.parse(request.volumeHandle(), "volumeHandle of PVC " + request.pvcNamespace() + "/"
                + request.pvcName());
        if (!disk.isOfType("Microsoft.Compute/disks")) {
            throw new IllegalArgumentException("volumeHandle of PVC " + request.pvcNamespace() + "/"
                    + request.pvcName() + " must name a Microsoft.Compute/disks resource, was '" + disk + "'");
        }
        countDisk(request);
        String what = "snapshot disk " + disk.name() + " of PVC " + request.pvcNamespace() + "/" + request.pvcName();
        DiskInner source = calls.call(what + ": read disk", SNAPSHOT_ROLE,
                () -> disks().getByResourceGroup(disk.resourceGroup(), disk.name()));
        String name = resourceName("aksb-", disk.name(), request.volumeHandle() + "|" + new TreeMap<>(request.tags()));
        Map<String, String> tags = new LinkedHashMap<>(request.tags());
        tags.put("aksb-pvc", request.pvcNamespace() + "/" + request.pvcName());
        tags.put("aksb-source-disk", disk.name());
        SnapshotInner body = new SnapshotInner()
                .withCreationData(new CreationData().withCreateOption(DiskCreateOption.COPY)
                        .withSourceResourceId(request.volumeHandle()))
                .withIncremental(true);
        body.withLocation(source.location());
        body.withTags(tags);
        SnapshotInner created = calls.awaitLro(what, SNAPSHOT_ROLE,
                () -> snapshots().beginCreateOrUpdate(snapshotGroup.resourceGroup(), name, body));
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put(ATTR_LOCATION, source.location());
        if (source.zones() != null && !source.zones().isEmpty()) {
            attributes.put(ATTR_ZONE, source.zones().get(0));
        }
        if (source.sku() != null && source.sku().name() != null) {
            attributes.put(ATTR_SKU, source.sku().name().toString());
        }
        if (source.diskSizeGB() != null) {
            attributes.put(ATTR_SIZE_GB, String.valueOf(source.diskSizeGB()));
        }
        request.volumeAttributes().forEach((k, v) -> attributes.put(ATTR_CSI_PREFIX + k, v));
        long size = source.diskSizeBytes() != null ? source.diskSizeBytes()
                : source.diskSizeGB() != null ? source.diskSizeGB() * (1L << 30) : request.sizeBytes();
        LOG.info("snapshot {} of disk {} started", name, disk.name());
        return new VolumeSnapshotRecord(request.pvcNamespace(), request.pvcName(), request.pvName(), request.driver(),
                request.volumeHandle(), created.id() != null ? created.id()
                        : snapshotGroup.child("Microsoft.Compute/snapshots", name),
                size, clock.instant(), attributes);
    }

    private void countDisk(SnapshotRequest request) {
        Set<String> seen = disksPerBackup.computeIfAbsent(Map.copyOf(request.tags()),
                k -> java.util.Collections.synchronizedSet(new HashSet<>()));
        synchronized (seen) {
            if (!seen.contains(request.volumeHandle()) && seen.size() >= MAX_DISKS_PER_BACKUP) {
                throw new AksBackupException("TooManyDisks", "PVC " + request.pvcNamespace() + "/" + request.pvcName()
                        + " would be disk number " + (seen.size() + 1) + " of this backup; Azure Backup for AKS"
                        + " protects at most " + MAX_DISKS_PER_BACKUP + " disks per backup instance",
                        "Split the namespaces over several backup instances, or exclude PVCs with a label selector.",
                        null);
            }
            seen.add(request.volumeHandle());
        }
    }

    @Override
    public SnapshotStatus status(VolumeSnapshotRecord snapshot) {
        ArmId id = snapshotId(snapshot);
        SnapshotInner s;
        try {
            s = calls.call("read snapshot " + id.name(), SNAPSHOT_ROLE,
                    () -> snapshots().getByResourceGroup(id.resourceGroup(), id.name()));
        } catch (NotFoundException e) {
            return SnapshotStatus.failed("snapshot " + id.name() + " no longer exists");
        }
        return statusOf(s);
    }

    static SnapshotStatus statusOf(SnapshotInner s) {
        String state = s.provisioningState() == null ? "" : s.provisioningState();
        if (state.equalsIgnoreCase("Failed") || state.equalsIgnoreCase("Canceled")) {
            return SnapshotStatus.failed("snapshot " + s.name() + " provisioning " + state);
        }
        if (s.copyCompletionError() != null) {
            return SnapshotStatus.failed("snapshot " + s.name() + " copy failed: "
                    + s.copyCompletionError().errorMessage());
        }
        if (!state.equalsIgnoreCase("Succeeded")) {
            return SnapshotStatus.pending();
        }
        Float done = s.completionPercent();
        return done == null || done >= 100f ? SnapshotStatus.ready() : SnapshotStatus.pending();
    }

    @Override
    public void delete(VolumeSnapshotRecord snapshot) {
        ArmId id = snapshotId(snapshot);
        try {
            calls.awaitLro("delete snapshot " + id.name(), SNAPSHOT_ROLE,
                    () -> snapshots().beginDelete(id.resourceGroup(), id.name()));
        } catch (NotFoundException e) {
            LOG.debug("snapshot {} was already gone", id.name());
        }
    }

    /**
     * Deletes a managed disk this snapshotter made (a restored disk whose restore is rolled back, a
     * staging upload disk); a disk that is already gone is not an error.
     */
    public void deleteDisk(String diskResourceId) {
        ArmId id = ArmId.parse(diskResourceId, "diskResourceId");
        if (!id.isOfType("Microsoft.Compute/disks")) {
            throw new IllegalArgumentException("diskResourceId must name a Microsoft.Compute/disks resource, was '"
                    + diskResourceId + "'");
        }
        try {
            calls.awaitLro("delete disk " + id.name(), RESTORE_ROLE,
                    () -> disks().beginDelete(id.resourceGroup(), id.name()));
        } catch (NotFoundException e) {
            LOG.debug("disk {} was already gone", id.name());
        }
    }

    @Override
    public RestoredVolume restore(VolumeSnapshotRecord snapshot, VolumeRestoreRequest request) {
        ArmId id = snapshotId(snapshot);
        String zone = request.zone() != null ? request.zone() : snapshot.attributes().get(ATTR_ZONE);
        String name = resourceName("aksb-restore-", request.pvcName(),
                snapshot.snapshotHandle() + "|" + request.targetNamespace() + "/" + request.pvcName());
        String location = snapshot.attributes().get(ATTR_LOCATION);
        if (location == null) {
            SnapshotInner s = calls.call("read snapshot " + id.name(), RESTORE_ROLE,
                    () -> snapshots().getByResourceGroup(id.resourceGroup(), id.name()));
            location = s.location();
        }
        DiskInner body = new DiskInner()
                .withCreationData(new CreationData().withCreateOption(DiskCreateOption.COPY)
                        .withSourceResourceId(snapshot.snapshotHandle()));
        String sku = snapshot.attributes().get(ATTR_SKU);
        if (sku != null) {
            body.withSku(new DiskSku().withName(DiskStorageAccountTypes.fromString(sku)));
        }
        if (zone != null && !zone.isBlank()) {
            body.withZones(List.of(zone));
        }
        long wantBytes = Math.max(request.sizeBytes(), snapshot.sizeBytes());
        if (wantBytes > 0) {
            body.withDiskSizeGB((int) ((wantBytes + (1L << 30) - 1) >> 30));
        }
        body.withLocation(location);
        Map<String, String> tags = new LinkedHashMap<>(request.tags());
        tags.put("aksb-pvc", request.targetNamespace() + "/" + request.pvcName());
        body.withTags(tags);
        String what = "restore disk for PVC " + request.targetNamespace() + "/" + request.pvcName() + " from snapshot "
                + id.name();
        DiskInner disk = calls.awaitLro(what, RESTORE_ROLE,
                () -> disks().beginCreateOrUpdate(restoreGroup.resourceGroup(), name, body));
        Map<String, String> csi = new LinkedHashMap<>();
        snapshot.attributes().forEach((k, v) -> {
            if (k.startsWith(ATTR_CSI_PREFIX)) {
                csi.put(k.substring(ATTR_CSI_PREFIX.length()), v);
            }
        });
        String diskId = disk.id() != null ? disk.id() : restoreGroup.child("Microsoft.Compute/disks", name);
        LOG.info("restored disk {} from snapshot {}", name, id.name());
        return new RestoredVolume.PreProvisioned(DRIVER, diskId, csi);
    }

    @Override
    public void exportTo(VolumeSnapshotRecord snapshot, ObjectStore vault, String key) {
        requireVaultSize(snapshot);
        ArmId id = snapshotId(snapshot);
        if (vault instanceof AzureBlobObjectStore azure && finishedOrResumed(azure, key, id)) {
            return;
        }
        if (!(vault instanceof AzureBlobObjectStore) && vault.exists(key)) {
            return;
        }
        calls.pollUntilDone("background copy of snapshot " + id.name(), () -> status(snapshot),
                s -> s.state() == SnapshotStatus.State.Pending);
        SnapshotStatus ready = status(snapshot);
        if (ready.state() == SnapshotStatus.State.Failed) {
            throw new AksBackupException("SnapshotFailed", "cannot export snapshot " + id.name() + ": "
                    + ready.message(), "Take a new backup; this recovery point's snapshot is unusable.", null);
        }
        String sas = grantAccess(id, AccessLevel.READ);
        try {
            if (vault instanceof AzureBlobObjectStore azure) {
                azure.startCopyFromUrl(key, sas);
                awaitCopy(azure, key, id);
            } else {
                PageBlobClient source = new SpecializedBlobClientBuilder().endpoint(sas).buildPageBlobClient();
                long size = calls.call("read size of snapshot " + id.name(), SNAPSHOT_ROLE,
                        () -> source.getProperties().getBlobSize());
                try (InputStream in = source.openInputStream()) {
                    vault.putIfAbsent(key, in, size);
                } catch (IOException e) {
                    throw new UncheckedIOException("export of snapshot " + id.name() + " into " + vault.describe(), e);
                }
            }
            LOG.info("exported snapshot {} into {} as {}", id.name(), vault.describe(), key);
        } finally {
            revokeAccess(id, "snapshot");
        }
    }

    /**
     * Handles an export key that already exists in an Azure vault: a finished copy is done, a
     * pending one is awaited, a failed one is deleted so the export starts over.
     *
     * @return true when the export is complete
     */
    private boolean finishedOrResumed(AzureBlobObjectStore azure, String key, ArmId id) {
        if (!azure.exists(key)) {
            return false;
        }
        AzureBlobObjectStore.CopyState state = azure.copyState(key);
        if (state.phase() == AzureBlobObjectStore.CopyState.Phase.Failed) {
            LOG.warn("earlier export of snapshot {} into {} failed ({}); starting over", id.name(), key, state.detail());
            azure.delete(key);
            return false;
        }
        awaitCopy(azure, key, id);
        return true;
    }

    private void awaitCopy(AzureBlobObjectStore azure, String key, ArmId id) {
        AzureBlobObjectStore.CopyState end = calls.pollUntilDone("copy of snapshot " + id.name() + " into " + key,
                () -> azure.copyState(key), s -> s.phase() == AzureBlobObjectStore.CopyState.Phase.Pending);
        if (end.phase() == AzureBlobObjectStore.CopyState.Phase.Failed) {
            // A failed copy leaves a blob behind under the key; remove it so no one mistakes it for an export.
            azure.delete(key);
            throw new AksBackupException("VaultCopyFailed", "copy of snapshot " + id.name() + " into vault blob '" + key
                    + "' failed: " + end.detail(), "Retry the vault copy; check the vault account's firewall.", null);
        }
    }

    private static void requireVaultSize(VolumeSnapshotRecord snapshot) {
        if (snapshot.sizeBytes() > MAX_VAULT_DISK_BYTES) {
            throw new AksBackupException("VolumeTooLargeForVault", "PVC " + snapshot.pvcNamespace() + "/"
                    + snapshot.pvcName() + " is " + (snapshot.sizeBytes() >> 30) + " GiB; the vault tier takes volumes"
                    + " up to 1 TiB (1024 GiB)", "Keep this volume in the operational tier only, or shrink it.",
                    null);
        }
    }

    @Override
    public VolumeSnapshotRecord importFrom(ObjectStore vault, String key, VolumeSnapshotRecord original) {
        if (stagingGroup == null) {
            throw new AksBackupException("StagingLocationRequired", "restoring PVC " + original.pvcNamespace() + "/"
                    + original.pvcName() + " from the vault tier needs a staging resource group",
                    "Set stagingResourceGroup on the AzureDiskSnapshotter builder.", null);
        }
        return importFrom(vault, key, original, stagingGroup.groupId());
    }

    /** Hydrates into the restore's staging resource group, or the builder's when it names none. */
    @Override
    public VolumeSnapshotRecord importFrom(ObjectStore vault, String key, VolumeSnapshotRecord original,
            StagingLocation staging) {
        return staging == null || staging.resourceGroupId() == null ? importFrom(vault, key, original)
                : importFrom(vault, key, original, staging.resourceGroupId());
    }

    /**
     * {@link #importFrom(ObjectStore, String, VolumeSnapshotRecord)} into a given staging resource
     * group (a restore's {@code StagingLocation.resourceGroupId}).
     */
    public VolumeSnapshotRecord importFrom(ObjectStore vault, String key, VolumeSnapshotRecord original,
            String stagingResourceGroupId) {
        ArmId staging = ArmId.resourceGroup(stagingResourceGroupId, compute.subscriptionId(), "stagingResourceGroup");
        ObjectInfo info = vault.stat(key).orElseThrow(() -> new NotFoundException("volume export '" + key
                + "' of PVC " + original.pvcNamespace() + "/" + original.pvcName() + " is missing from "
                + vault.describe()));
        String location = original.attributes().getOrDefault(ATTR_LOCATION, null);
        String name = resourceName("aksb-stage-", original.pvcName(), key + "|" + staging);
        String what = "hydrate PVC " + original.pvcNamespace() + "/" + original.pvcName() + " from vault";
        String storageAccountId = vault instanceof AzureBlobObjectStore azure
                ? storageAccountIds.get(azure.accountName()) : null;
        SnapshotInner created;
        if (storageAccountId != null) {
            AzureBlobObjectStore azure = (AzureBlobObjectStore) vault;
            SnapshotInner body = new SnapshotInner().withCreationData(new CreationData()
                    .withCreateOption(DiskCreateOption.IMPORT).withSourceUri(azure.blobUrl(key))
                    .withStorageAccountId(storageAccountId));
            body.withLocation(location);
            body.withTags(Map.of("aksb-staging", "true", "aksb-pvc", original.pvcNamespace() + "/" + original.pvcName()));
            created = calls.awaitLro(what + " (import)", RESTORE_ROLE,
                    () -> snapshots().beginCreateOrUpdate(staging.resourceGroup(), name, body));
        } else {
            created = uploadThenSnapshot(vault, key, info, staging, name, location, original, what);
        }
        Map<String, String> attributes = new LinkedHashMap<>(original.attributes());
        attributes.put("azure.staging", "true");
        if (created.location() != null) {
            attributes.put(ATTR_LOCATION, created.location());
        }
        return new VolumeSnapshotRecord(original.pvcNamespace(), original.pvcName(), original.pvName(),
                original.driver(), original.sourceVolumeHandle(), created.id() != null ? created.id()
                        : staging.child("Microsoft.Compute/snapshots", name),
                original.sizeBytes(), clock.instant(), attributes);
    }

    private SnapshotInner uploadThenSnapshot(ObjectStore vault, String key, ObjectInfo info, ArmId staging,
            String name, String location, VolumeSnapshotRecord original, String what) {
        if (info.size() % 512 != 0 || info.size() == 0) {
            throw new AksBackupException("InvalidVolumeExport", "volume export '" + key + "' is " + info.size()
                    + " bytes, not a whole number of 512-byte sectors", "Check the vault with 'vault verify'.", null);
        }
        String uploadName = name + "-upload";
        DiskInner uploadDisk = new DiskInner()
                .withSku(new DiskSku().withName(DiskStorageAccountTypes.STANDARD_LRS))
                .withCreationData(new CreationData().withCreateOption(DiskCreateOption.UPLOAD)
                        .withUploadSizeBytes(info.size()));
        uploadDisk.withLocation(location);
        uploadDisk.withTags(Map.of("aksb-staging", "true"));
        DiskInner disk = calls.awaitLro(what + " (upload disk)", RESTORE_ROLE,
                () -> disks().beginCreateOrUpdate(staging.resourceGroup(), uploadName, uploadDisk));
        ArmId diskId = ArmId.parse(disk.id() != null ? disk.id() : staging.child("Microsoft.Compute/disks", uploadName),
                "staging disk");
        try {
            String sas = calls.awaitLro(what + ": grant write access", RESTORE_ROLE,
                    () -> disks().beginGrantAccess(staging.resourceGroup(), uploadName, new GrantAccessData()
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
            return calls.awaitLro(what + " (snapshot of upload disk)", RESTORE_ROLE,
                    () -> snapshots().beginCreateOrUpdate(staging.resourceGroup(), name, body));
        } finally {
            try {
                deleteDisk(diskId.toString());
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
                    calls.run("upload pages at " + start, RESTORE_ROLE, () -> target.uploadPages(
                            new PageRange().setStart(start).setEnd(start + len - 1),
                            new ByteArrayInputStream(chunk, 0, len)));
                }
                offset += n;
                if (n < chunk.length) {
                    break;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("read volume export '" + key + "' from " + vault.describe(), e);
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
        return calls.awaitLro("grant " + level + " access to snapshot " + snapshot.name(), SNAPSHOT_ROLE,
                () -> snapshots().beginGrantAccess(snapshot.resourceGroup(), snapshot.name(), new GrantAccessData()
                        .withAccess(level).withDurationInSeconds((int) accessDuration.toSeconds())))
                .accessSas();
    }

    private void revokeAccess(ArmId id, String kind) {
        try {
            calls.awaitLro("revoke access to " + kind + " " + id.name(), SNAPSHOT_ROLE,
                    () -> kind.equals("disk") ? disks().beginRevokeAccess(id.resourceGroup(), id.name())
                            : snapshots().beginRevokeAccess(id.resourceGroup(), id.name()));
        } catch (RuntimeException e) {
            // The SAS expires by itself after the access duration; a failed revoke is not worth failing the job.
            LOG.warn("could not revoke access to {} {}: {}", kind, id.name(), e.getMessage());
        }
    }

    private static ArmId snapshotId(VolumeSnapshotRecord snapshot) {
        ArmId id = ArmId.parse(snapshot.snapshotHandle(), "snapshotHandle");
        if (!id.isOfType("Microsoft.Compute/snapshots")) {
            throw new IllegalArgumentException("snapshotHandle must name a Microsoft.Compute/snapshots resource, was '"
                    + snapshot.snapshotHandle() + "'");
        }
        return id;
    }

    /** A valid Azure disk/snapshot name (≤ 80 of [A-Za-z0-9_.-]) that is a pure function of its inputs. */
    static String resourceName(String prefix, String readable, String identity) {
        String hash = sha256(identity).substring(0, 16);
        String clean = readable.replaceAll("[^A-Za-z0-9_.-]", "-");
        int room = 80 - prefix.length() - hash.length() - 1;
        if (clean.length() > room) {
            clean = clean.substring(0, room);
        }
        return prefix + clean + "-" + hash;
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Builds an {@link AzureDiskSnapshotter}. */
    public static final class Builder {
        private TokenCredential credential;
        private AzureProfile profile;
        private HttpPipeline pipeline;
        private ComputeManager computeManager;
        private String snapshotResourceGroup;
        private String restoreResourceGroup;
        private String stagingResourceGroup;
        private final Map<String, String> storageAccountIds = new HashMap<>();
        private Duration accessDuration = Duration.ofHours(6);
        private Duration pollInterval = Duration.ofSeconds(5);
        private Duration pollTimeout = Duration.ofHours(12);
        private float failureRateThreshold = 50f;
        private Duration breakerOpenFor = Duration.ofSeconds(60);
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        /** Entra ID credential, for example {@code new DefaultAzureCredentialBuilder().build()}. */
        public Builder credential(TokenCredential v) {
            this.credential = Objects.requireNonNull(v, "credential");
            return this;
        }

        /** Subscription, tenant and cloud. */
        public Builder profile(AzureProfile v) {
            this.profile = Objects.requireNonNull(v, "profile");
            return this;
        }

        /** Shortcut for a profile in the public cloud. */
        public Builder subscriptionId(String v) {
            return profile(new AzureProfile(null, Objects.requireNonNull(v, "subscriptionId"), AzureEnvironment.AZURE));
        }

        /**
         * A ready HTTP pipeline (authentication, retries, logging) instead of a credential; with a
         * profile. For proxies and custom policies.
         */
        public Builder pipeline(HttpPipeline v) {
            this.pipeline = Objects.requireNonNull(v, "pipeline");
            return this;
        }

        /** A configured compute manager, instead of credential/pipeline and profile. */
        public Builder computeManager(ComputeManager v) {
            this.computeManager = Objects.requireNonNull(v, "computeManager");
            return this;
        }

        /** Where snapshots go: a resource group id, or a name in the profile's subscription. Required. */
        public Builder snapshotResourceGroup(String v) {
            this.snapshotResourceGroup = Objects.requireNonNull(v, "snapshotResourceGroup");
            return this;
        }

        /** Where restored disks go (the AKS node resource group); default the snapshot resource group. */
        public Builder restoreResourceGroup(String v) {
            this.restoreResourceGroup = v;
            return this;
        }

        /** Where vault-tier restores hydrate snapshots; needed for {@link #importFrom} without a group. */
        public Builder stagingResourceGroup(String v) {
            this.stagingResourceGroup = v;
            return this;
        }

        /**
         * The ARM id of a vault's storage account, so hydration imports its blobs server-side
         * instead of uploading them through this process.
         */
        public Builder vaultStorageAccount(String accountName, String storageAccountResourceId) {
            ArmId id = ArmId.parse(storageAccountResourceId, "storageAccountResourceId");
            if (!id.isOfType("Microsoft.Storage/storageAccounts")) {
                throw new IllegalArgumentException("storageAccountResourceId must name a"
                        + " Microsoft.Storage/storageAccounts resource, was '" + storageAccountResourceId + "'");
            }
            storageAccountIds.put(Objects.requireNonNull(accountName, "accountName"), storageAccountResourceId);
            return this;
        }

        /** How long a snapshot/disk SAS stays valid; default 6 h. */
        public Builder accessDuration(Duration v) {
            this.accessDuration = Objects.requireNonNull(v, "accessDuration");
            return this;
        }

        /** Wait between polls of an ARM operation, a copy or a snapshot's completion; default 5 s. */
        public Builder pollInterval(Duration v) {
            this.pollInterval = Objects.requireNonNull(v, "pollInterval");
            return this;
        }

        /** How long a copy or snapshot completion may take; default 12 h. */
        public Builder pollTimeout(Duration v) {
            this.pollTimeout = Objects.requireNonNull(v, "pollTimeout");
            return this;
        }

        /**
         * Circuit breaker: percentage of transient ARM failures among the last 10 calls that opens
         * it (default 50), and how long it then refuses calls (default 60 s).
         */
        public Builder circuitBreaker(float failureRatePercent, Duration openFor) {
            if (failureRatePercent <= 0 || failureRatePercent > 100) {
                throw new IllegalArgumentException("failureRatePercent must be in (0, 100], was " + failureRatePercent);
            }
            this.failureRateThreshold = failureRatePercent;
            this.breakerOpenFor = Objects.requireNonNull(openFor, "openFor");
            return this;
        }

        /** Clock for the records' creation times; default UTC system clock. */
        public Builder clock(Clock v) {
            this.clock = Objects.requireNonNull(v, "clock");
            return this;
        }

        public AzureDiskSnapshotter build() {
            if (snapshotResourceGroup == null) {
                throw new IllegalArgumentException("snapshotResourceGroup is required");
            }
            if (accessDuration.toSeconds() < 60 || accessDuration.toSeconds() > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("accessDuration must be at least 60 s, was " + accessDuration);
            }
            return new AzureDiskSnapshotter(this, computeManager());
        }

        ComputeManager computeManager() {
            if (computeManager != null) {
                return computeManager;
            }
            if (profile == null || profile.getSubscriptionId() == null) {
                throw new IllegalArgumentException("a profile with a subscription id is required (profile or"
                        + " subscriptionId)");
            }
            if ((credential == null) == (pipeline == null)) {
                throw new IllegalArgumentException("exactly one of credential or pipeline is required");
            }
            return pipeline != null ? ComputeManager.authenticate(pipeline, profile)
                    : ComputeManager.authenticate(credential, profile);
        }
    }
}
