package io.github.aksbackup.api.restore;

/** Whether persistent volumes come back with their data (from snapshots) or as empty claims. */
public enum PersistentVolumeRestoreMode {
    RestoreWithVolumeData,
    RestoreWithoutVolumeData
}
