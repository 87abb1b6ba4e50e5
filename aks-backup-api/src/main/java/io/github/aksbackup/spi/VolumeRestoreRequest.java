package io.github.aksbackup.spi;

import java.util.Map;
import java.util.Objects;

/**
 * Where a volume restored from a snapshot goes.
 *
 * @param targetNamespace namespace of the claim being restored (after namespace mapping)
 * @param pvcName name of the claim being restored
 * @param storageClassName the claim's storage class, or {@code null}
 * @param sizeBytes size of the new volume
 * @param zone availability zone for the new volume, or {@code null} for the source's (or none)
 * @param tags tags to put on created cloud resources
 */
public record VolumeRestoreRequest(String targetNamespace, String pvcName, String storageClassName, long sizeBytes,
        String zone, Map<String, String> tags) {
    public VolumeRestoreRequest {
        Objects.requireNonNull(targetNamespace, "targetNamespace");
        Objects.requireNonNull(pvcName, "pvcName");
        tags = Map.copyOf(Objects.requireNonNull(tags, "tags"));
    }
}
