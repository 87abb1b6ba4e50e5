package io.github.aksbackup.api.recovery;

import io.github.aksbackup.api.DataStoreType;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One backup of one instance: what it is (id, time, type, tag, status), where copies of it live
 * and until when, and what it holds (object count, bytes, volume snapshots).
 *
 * @param id recovery point id, unique in the vault and sortable by time
 * @param instanceName the backup instance it belongs to
 * @param time when the backup was taken (the scheduled slot for scheduled backups)
 * @param type scheduled or on demand
 * @param tag the retention tag it was given
 * @param status Completed, or Partial when some items failed
 * @param stores one entry per data store copy (operational first, then vault)
 * @param objectCount number of Kubernetes objects it holds
 * @param totalBytes uncompressed size of those objects' canonical JSON
 * @param volumeSnapshots the volume snapshots it holds
 */
public record RecoveryPoint(String id, String instanceName, Instant time, RecoveryPointType type, String tag,
        RecoveryPointStatus status, List<DataStoreDetail> stores, long objectCount, long totalBytes,
        List<VolumeSnapshotRecord> volumeSnapshots) {

    public RecoveryPoint {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(instanceName, "instanceName");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(tag, "tag");
        Objects.requireNonNull(status, "status");
        stores = List.copyOf(Objects.requireNonNull(stores, "stores"));
        volumeSnapshots = List.copyOf(Objects.requireNonNull(volumeSnapshots, "volumeSnapshots"));
    }

    /** The copy in the given store, if the policy gives it one. */
    public Optional<DataStoreDetail> store(DataStoreType type) {
        return stores.stream().filter(s -> s.type() == type).findFirst();
    }

    /** True when some copy is live at {@code t}. */
    public boolean isLiveAt(Instant t) {
        return stores.stream().anyMatch(s -> s.isLiveAt(t));
    }
}
