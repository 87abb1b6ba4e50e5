package io.github.aksbackup.api.restore;

/**
 * Where a vault-tier restore hydrates volume data before restoring it: a storage account that holds
 * the data copied out of the vault, and a resource group for the snapshots made from it and the disks
 * restored from those. What is staged (data, snapshots) is deleted after the restore, also after a
 * failure, unless the restore's options keep it; the restored disks stay, since claims use them.
 *
 * @param resourceGroupId resource id of the staging resource group, or {@code null} for the copier's default
 * @param storageAccountId resource id of the staging storage account, or {@code null} to hydrate
 *     without one (directly from the vault's blob, or through an upload disk)
 */
public record StagingLocation(String resourceGroupId, String storageAccountId) {
}
