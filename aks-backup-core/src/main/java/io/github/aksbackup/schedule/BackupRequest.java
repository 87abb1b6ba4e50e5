package io.github.aksbackup.schedule;

import io.github.aksbackup.api.recovery.DataStoreDetail;
import io.github.aksbackup.api.recovery.RecoveryPointType;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One backup the protection engine asks a {@link BackupRunner} to take.
 *
 * @param instanceName the instance to back up
 * @param time the recovery point's time: the slot for scheduled backups (also after a misfire, where it
 *        is the latest missed slot), the clock's time for on-demand ones
 * @param type scheduled or on demand
 * @param tag the retention tag the recovery point gets
 * @param stores the copies the recovery point must record: the operational copy {@code Available},
 *        a vault copy {@code Pending} (the engine makes it when due through
 *        {@link io.github.aksbackup.tiering.TieringActions#copyToVault}); each with its creation and expiry
 */
public record BackupRequest(String instanceName, Instant time, RecoveryPointType type, String tag,
        List<DataStoreDetail> stores) {
    public BackupRequest {
        Objects.requireNonNull(instanceName, "instanceName");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(tag, "tag");
        stores = List.copyOf(Objects.requireNonNull(stores, "stores"));
    }
}
