package io.github.aksbackup.api.instance;

/** Azure's {@code includedVolumeTypes} values: which kinds of persistent volume are snapshotted. */
public enum VolumeType {
    AzureDisk,
    AzureFileShareSMB
}
