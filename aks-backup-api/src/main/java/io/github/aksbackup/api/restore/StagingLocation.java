package io.github.aksbackup.api.restore;

/**
 * Where a vault-tier restore hydrates data before restoring it: a resource group for disks and a
 * storage account for cluster state. Both are cleaned up after the restore, also after a failure.
 */
public record StagingLocation(String resourceGroupId, String storageAccountId) {
}
