package io.github.aksbackup.spi;

import java.util.Map;
import java.util.Objects;

/**
 * A volume to snapshot: the claim and volume it belongs to, its CSI driver and volume handle, and
 * tags the snapshot should carry (instance, recovery point) so orphans can be found.
 *
 * @param pvcNamespace namespace of the PersistentVolumeClaim
 * @param pvcName name of the PersistentVolumeClaim
 * @param pvName name of the bound PersistentVolume
 * @param driver CSI driver, such as {@code disk.csi.azure.com}
 * @param volumeHandle CSI volume handle (for Azure Disk, the disk's resource id)
 * @param sizeBytes provisioned size
 * @param volumeAttributes the PV's {@code spec.csi.volumeAttributes}
 * @param tags tags to put on the snapshot
 * @param snapshotResourceGroupId the resource group the instance keeps its snapshots in (its
 *     {@code SnapshotLocation.snapshotResourceGroupId}, Azure's {@code dataStoreParametersList[].resourceGroupId}),
 *     or {@code null} for the snapshotter's own; a snapshotter that cannot put the snapshot there refuses
 */
public record SnapshotRequest(String pvcNamespace, String pvcName, String pvName, String driver, String volumeHandle,
        long sizeBytes, Map<String, String> volumeAttributes, Map<String, String> tags, String snapshotResourceGroupId) {

    /** A request for the snapshotter's own resource group. */
    public SnapshotRequest(String pvcNamespace, String pvcName, String pvName, String driver, String volumeHandle,
            long sizeBytes, Map<String, String> volumeAttributes, Map<String, String> tags) {
        this(pvcNamespace, pvcName, pvName, driver, volumeHandle, sizeBytes, volumeAttributes, tags, null);
    }

    public SnapshotRequest {
        Objects.requireNonNull(pvcNamespace, "pvcNamespace");
        Objects.requireNonNull(pvcName, "pvcName");
        Objects.requireNonNull(driver, "driver");
        Objects.requireNonNull(volumeHandle, "volumeHandle");
        volumeAttributes = Map.copyOf(Objects.requireNonNull(volumeAttributes, "volumeAttributes"));
        tags = Map.copyOf(Objects.requireNonNull(tags, "tags"));
        if (snapshotResourceGroupId != null && snapshotResourceGroupId.isBlank()) {
            throw new IllegalArgumentException("snapshotResourceGroupId must be null or a resource group id, was blank");
        }
    }
}
