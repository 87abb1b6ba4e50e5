package io.github.aksbackup.api.recovery;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A volume snapshot a recovery point holds: which claim it came from, the CSI driver and volume
 * handle of the source, the snapshotter's own handle of the snapshot, and its size.
 *
 * @param pvcNamespace namespace of the PersistentVolumeClaim
 * @param pvcName name of the PersistentVolumeClaim
 * @param pvName name of the bound PersistentVolume
 * @param driver CSI driver of the volume, such as {@code disk.csi.azure.com}
 * @param sourceVolumeHandle CSI volume handle of the source (for Azure Disk, the disk's resource id)
 * @param snapshotHandle the snapshotter's id of the snapshot (for Azure, the snapshot resource id)
 * @param sizeBytes provisioned size of the volume
 * @param created when the snapshot was taken
 * @param attributes snapshotter-specific details needed to restore (zone, SKU, VolumeSnapshot name, ...)
 */
public record VolumeSnapshotRecord(String pvcNamespace, String pvcName, String pvName, String driver,
        String sourceVolumeHandle, String snapshotHandle, long sizeBytes, Instant created,
        Map<String, String> attributes) {
    public VolumeSnapshotRecord {
        Objects.requireNonNull(pvcNamespace, "pvcNamespace");
        Objects.requireNonNull(pvcName, "pvcName");
        Objects.requireNonNull(driver, "driver");
        Objects.requireNonNull(snapshotHandle, "snapshotHandle");
        Objects.requireNonNull(created, "created");
        attributes = Map.copyOf(Objects.requireNonNull(attributes, "attributes"));
        if (sizeBytes < 0) {
            throw new IllegalArgumentException("sizeBytes must not be negative, was " + sizeBytes);
        }
    }
}
