package io.github.aksbackup.azure;

import com.azure.resourcemanager.compute.ComputeManager;
import com.azure.resourcemanager.compute.fluent.DisksClient;
import com.azure.resourcemanager.compute.fluent.SnapshotsClient;
import com.azure.resourcemanager.compute.fluent.models.DiskInner;
import com.azure.resourcemanager.compute.fluent.models.SnapshotInner;
import com.azure.resourcemanager.compute.models.CreationData;
import com.azure.resourcemanager.compute.models.DiskCreateOption;
import io.github.aksbackup.api.AksBackupException;
import io.github.aksbackup.api.ErrorCode;
import io.github.aksbackup.api.InvalidInputException;
import io.github.aksbackup.api.NotFoundException;
import io.github.aksbackup.api.recovery.VolumeSnapshotRecord;
import io.github.aksbackup.api.restore.StagingLocation;
import io.github.aksbackup.azure.internal.ArmCalls;
import io.github.aksbackup.azure.internal.ArmId;
import io.github.aksbackup.azure.internal.ArmNames;
import io.github.aksbackup.spi.CsiDrivers;
import io.github.aksbackup.spi.ObjectStore;
import io.github.aksbackup.spi.RestoredVolume;
import io.github.aksbackup.spi.SnapshotRequest;
import io.github.aksbackup.spi.SnapshotStatus;
import io.github.aksbackup.spi.VaultVolumeCopier;
import io.github.aksbackup.spi.VolumeRestoreRequest;
import io.github.aksbackup.spi.VolumeSnapshotter;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link VolumeSnapshotter} and {@link VaultVolumeCopier} for Azure Disk CSI volumes on
 * azure-resourcemanager-compute: the operational tier's incremental managed-disk snapshots, the vault
 * tier's export of a snapshot into a vault store, and the hydration of an export back into a snapshot
 * in a staging resource group.
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
 *       vault: server-side into a page blob when the vault store is (or wraps) an
 *       {@link AzureBlobObjectStore}, polled to completion; streamed through this process into any
 *       other store. Access is revoked after.
 *       Only disks up to 1 TiB may go to the vault tier.</li>
 *   <li>{@link #importFrom} makes a snapshot in the staging resource group from an export: by
 *       Azure's import from the vault blob when the vault store is (or wraps) an
 *       {@link AzureBlobObjectStore} whose storage account id is known, otherwise by uploading the export into a staging upload disk
 *       and snapshotting it. {@link #delete} of that record is the staging clean-up.</li>
 * </ul>
 *
 * <p>At most {@value #MAX_DISKS_PER_BACKUP} disks are snapshotted per backup of an instance (a set
 * of requests with the same tags). ARM calls go through a circuit breaker, and their failures are
 * translated once ({@code AzureUnavailable} for server errors, {@code TooManyRequests} with the
 * Retry-After for throttling, {@code QuotaExceeded}, {@code Forbidden} naming the role to grant).
 * Each request is made once: built from a credential, the ARM client's own retries are off, and the
 * SDK's retry layer repeats what failed transiently; a pipeline or compute manager you give is used
 * as it is. Copies and snapshot completion are polled. Thread-safe.
 */
public final class AzureDiskSnapshotter implements VolumeSnapshotter, VaultVolumeCopier {
    /** The CSI driver whose volumes are Azure managed disks. */
    public static final String DRIVER = CsiDrivers.AZURE_DISK;
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
    /** Record attribute of a staging snapshot: the resource id of the staging storage account its data went through. */
    public static final String ATTR_STAGED_ACCOUNT = "azure.stagedStorageAccount";
    /** Record attribute of a staging snapshot: the blob in that account's staging container. */
    public static final String ATTR_STAGED_BLOB = "azure.stagedBlob";
    /** The container of a staging storage account that holds staged volume data during vault-tier restores. */
    public static final String STAGING_CONTAINER = "aksb-staging";

    static final String SNAPSHOT_ROLE = "Grant the identity 'Contributor' (or 'Disk Snapshot Contributor') on the"
            + " snapshot resource group and 'Reader' on the disks' resource group.";
    static final String RESTORE_ROLE = "Grant the identity 'Contributor' on the restore and staging resource groups.";

    private static final Logger LOG = LoggerFactory.getLogger(AzureDiskSnapshotter.class);

    private final ComputeManager compute;
    private final ArmId snapshotGroup;
    private final ArmId restoreGroup;
    private final ArmId stagingGroup;
    private final DiskVaultCopier copier;
    private final DiskRestorer restorer;
    private final ArmCalls calls;
    private final Clock clock;
    private final DisksPerBackup disksPerBackup;

    AzureDiskSnapshotter(AzureDiskSnapshotterBuilder b, ComputeManager compute) {
        this.compute = compute;
        String sub = compute.subscriptionId();
        this.snapshotGroup = b.snapshotResourceGroup == null ? null
                : ArmId.resourceGroup(b.snapshotResourceGroup, sub, "snapshotResourceGroup");
        this.restoreGroup = b.restoreResourceGroup == null ? snapshotGroup
                : ArmId.resourceGroup(b.restoreResourceGroup, sub, "restoreResourceGroup");
        this.stagingGroup = b.stagingResourceGroup == null ? null
                : ArmId.resourceGroup(b.stagingResourceGroup, sub, "stagingResourceGroup");
        this.calls = new ArmCalls("azure-disk-snapshots", b.failureRateThreshold, b.breakerOpenFor, b.pollInterval,
                b.pollTimeout);
        this.clock = b.clock;
        this.copier = new DiskVaultCopier(this, calls, b.storageAccountIds, b.accessDuration, clock, b.stagingStorage());
        this.restorer = new DiskRestorer(this, calls);
        this.disksPerBackup = new DisksPerBackup(MAX_DISKS_PER_BACKUP);
    }

    /** A builder; credentials (or a pipeline, or a compute manager) are required. */
    public static AzureDiskSnapshotterBuilder builder() {
        return new AzureDiskSnapshotterBuilder();
    }

    /** The resilience calls (circuit breaker), for monitoring. */
    ArmCalls calls() {
        return calls;
    }

    ComputeManager compute() {
        return compute;
    }

    /** The builder's snapshot resource group, or {@code null} when requests name theirs. */
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
        String pvc = "PVC " + request.pvcNamespace() + "/" + request.pvcName();
        if (!supports(request.driver())) {
            throw new AksBackupException(ErrorCode.UNSUPPORTED_DRIVER, pvc + " is a volume of driver '" + request.driver()
                    + "'; the Azure disk snapshotter snapshots " + DRIVER + " volumes only", null, null);
        }
        ArmId group = snapshotGroupOf(request, pvc);
        ArmId disk;
        try {
            disk = ArmId.parse(request.volumeHandle(), "volumeHandle of " + pvc);
        } catch (IllegalArgumentException notAnId) {
            throw notADisk(pvc, request.volumeHandle());
        }
        if (!disk.isOfType("Microsoft.Compute/disks")) {
            throw notADisk(pvc, request.volumeHandle());
        }
        disksPerBackup.count(request);
        String what = "snapshot disk " + disk.name() + " of PVC " + request.pvcNamespace() + "/" + request.pvcName();
        DiskInner source = calls.call(what + ": read disk", SNAPSHOT_ROLE,
                () -> disks().getByResourceGroup(disk.resourceGroup(), disk.name()));
        String name = ArmNames.resourceName("aksb-", disk.name(), request.volumeHandle() + "|" + new TreeMap<>(request.tags()));
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
                () -> snapshots().beginCreateOrUpdate(group.resourceGroup(), name, body));
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
                        : group.child("Microsoft.Compute/snapshots", name),
                size, clock.instant(), attributes);
    }

    /**
     * The group of the request (the instance's snapshot resource group), else the builder's; a request
     * in another subscription than the snapshotter's is refused, since the ARM client serves one.
     */
    private ArmId snapshotGroupOf(SnapshotRequest request, String pvc) {
        if (request.snapshotResourceGroupId() == null) {
            if (snapshotGroup == null) {
                throw new InvalidInputException("snapshotResourceGroupId", "is required to snapshot " + pvc + ": the backup"
                        + " instance names no snapshot resource group (dataStoreParametersList[].resourceGroupId) and the Azure"
                        + " disk snapshotter was built without one");
            }
            return snapshotGroup;
        }
        ArmId group;
        try {
            group = ArmId.resourceGroup(request.snapshotResourceGroupId(), compute.subscriptionId(), "snapshotResourceGroupId");
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("snapshotResourceGroupId", e.getMessage());
        }
        if (!group.subscription().equalsIgnoreCase(compute.subscriptionId())) {
            throw new InvalidInputException("snapshotResourceGroupId", "'" + request.snapshotResourceGroupId() + "' is in"
                    + " subscription " + group.subscription() + ", but the Azure disk snapshotter works in subscription "
                    + compute.subscriptionId() + "; build it for that subscription");
        }
        return group;
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

    /** Makes the disk in the restore resource group, else the snapshot resource group, else the snapshot's own group. */
    @Override
    public RestoredVolume restore(VolumeSnapshotRecord snapshot, VolumeRestoreRequest request) {
        ArmId id = snapshotId(snapshot);
        return restorer.restore(snapshot, request, restoreGroup != null ? restoreGroup
                : ArmId.resourceGroup(id.resourceGroup(), id.subscription(), "restoreResourceGroup"));
    }

    @Override
    public void exportTo(VolumeSnapshotRecord snapshot, ObjectStore vault, String key) {
        copier.exportTo(snapshot, vault, key);
    }

    /**
     * Hydrates into the restore's staging resource group, or the builder's when it names none; with a
     * staging storage account, the data goes through a blob in that account's
     * {@value #STAGING_CONTAINER} container. The export may come from a snapshot of this snapshotter or
     * from one a CSI VolumeSnapshot names by its snapshot handle: both are Azure managed-disk snapshots.
     */
    @Override
    public VolumeSnapshotRecord importFrom(ObjectStore vault, String key, VolumeSnapshotRecord original,
            StagingLocation staging) {
        String account = staging == null ? null : staging.storageAccountId();
        return copier.importFrom(vault, key, original, stagingGroup(staging, original), account);
    }

    /**
     * {@link #importFrom(ObjectStore, String, VolumeSnapshotRecord, StagingLocation)} into a given staging
     * resource group (a restore's {@code StagingLocation.resourceGroupId}).
     */
    public VolumeSnapshotRecord importFrom(ObjectStore vault, String key, VolumeSnapshotRecord original,
            String stagingResourceGroupId) {
        return importFrom(vault, key, original, new StagingLocation(stagingResourceGroupId, null));
    }

    /**
     * Makes a managed disk from a staging snapshot in the staging resource group (where Azure Backup
     * for AKS puts the disks of a vault-tier restore; the cluster's identity needs access to it) and
     * hands it to the claim as a pre-provisioned Azure Disk CSI volume.
     */
    @Override
    public RestoredVolume restoreImported(VolumeSnapshotRecord imported, VolumeRestoreRequest request, StagingLocation staging) {
        return restorer.restore(imported, request, stagingGroup(staging, imported));
    }

    /** Deletes the staging snapshot and the blob its data was staged in, if any; the restored disk stays. */
    @Override
    public void deleteImported(VolumeSnapshotRecord imported) {
        delete(imported);
        String account = imported.attributes().get(ATTR_STAGED_ACCOUNT);
        String blob = imported.attributes().get(ATTR_STAGED_BLOB);
        if (account != null && blob != null) {
            copier.deleteStaged(account, blob);
        }
    }

    private ArmId stagingGroup(StagingLocation staging, VolumeSnapshotRecord volume) {
        if (staging != null && staging.resourceGroupId() != null) {
            return ArmId.resourceGroup(staging.resourceGroupId(), compute.subscriptionId(), "stagingResourceGroup");
        }
        if (stagingGroup == null) {
            throw new AksBackupException(ErrorCode.STAGING_LOCATION_REQUIRED, "restoring PVC " + volume.pvcNamespace() + "/"
                    + volume.pvcName() + " from the vault tier needs a staging resource group",
                    "Give the restore a staging location, or set stagingResourceGroup on the AzureDiskSnapshotter builder.",
                    null);
        }
        return stagingGroup;
    }

    private static AksBackupException notADisk(String pvc, String volumeHandle) {
        return new AksBackupException(ErrorCode.SNAPSHOT_FAILED, "the volumeHandle of " + pvc + " ('" + volumeHandle
                + "') is not the resource id of a managed disk (Microsoft.Compute/disks)", "Check the"
                + " PersistentVolume's csi.volumeHandle: " + DRIVER + " volumes name their disk by its resource id.", null);
    }

    /** The snapshot a record names; a record another snapshotter made is refused. */
    static ArmId snapshotId(VolumeSnapshotRecord snapshot) {
        ArmId id = null;
        try {
            id = ArmId.parse(snapshot.snapshotHandle(), "snapshotHandle");
        } catch (IllegalArgumentException notAnId) {
            // refused below
        }
        if (id == null || !id.isOfType("Microsoft.Compute/snapshots")) {
            throw new AksBackupException(ErrorCode.NOT_SUPPORTED, "the snapshot of PVC " + snapshot.pvcNamespace() + "/"
                    + snapshot.pvcName() + " ('" + snapshot.snapshotHandle() + "') is no Azure managed-disk snapshot",
                    "Restore it with the snapshotter that took it (driver " + snapshot.driver() + ").", null);
        }
        return id;
    }
}
