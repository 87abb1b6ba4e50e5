package io.github.aksbackup.backup;

import io.github.aksbackup.api.instance.BackupInstance;
import io.github.aksbackup.api.recovery.DataStoreDetail;
import io.github.aksbackup.api.recovery.RecoveryPointType;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One backup to take: of which instance, under which recovery point id, and the recovery point's
 * time, type, tag and copies (as the protection engine planned them).
 */
public record BackupSpec(BackupInstance instance, String recoveryPointId, Instant time, RecoveryPointType type, String tag,
        List<DataStoreDetail> stores) {
    public BackupSpec {
        Objects.requireNonNull(instance, "instance");
        Objects.requireNonNull(recoveryPointId, "recoveryPointId");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(tag, "tag");
        stores = List.copyOf(Objects.requireNonNull(stores, "stores"));
    }
}
