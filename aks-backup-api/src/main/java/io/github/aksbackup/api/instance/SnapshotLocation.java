package io.github.aksbackup.api.instance;

/**
 * Where the operational tier of an instance lives: the resource group that receives disk snapshots
 * and the blob container (or other object store) that receives cluster state. Either may be
 * {@code null} when the adapters in use do not need it (for example a directory vault in tests).
 */
public record SnapshotLocation(String snapshotResourceGroupId, String storageAccountId, String containerName) {
}
