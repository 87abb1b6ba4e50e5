package io.github.aksbackup.api.policy;

import io.github.aksbackup.api.DataStoreType;
import java.util.Objects;

/**
 * Azure's {@code AzureBackupRule}: which kind of backup runs ({@code backupParameters.backupType},
 * {@code Incremental} for AKS), into which data store, and on which trigger.
 */
public record BackupRule(String name, String backupType, DataStoreType dataStore, Trigger trigger) {
    public BackupRule {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(backupType, "backupType");
        Objects.requireNonNull(dataStore, "dataStore");
        Objects.requireNonNull(trigger, "trigger");
    }
}
