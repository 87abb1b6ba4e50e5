package io.github.aksbackup.api.instance;

/**
 * Azure's {@code includedVolumeTypes} values: which kinds of persistent volume are snapshotted. Only
 * {@link #AzureDisk} is supported ({@link BackupConfiguration#SNAPSHOTTED_VOLUME_TYPES}); {@link
 * #AzureFileShareSMB} is here so that documents naming it are refused with a message, not misread.
 */
public enum VolumeType {
    AzureDisk,
    AzureFileShareSMB
}
