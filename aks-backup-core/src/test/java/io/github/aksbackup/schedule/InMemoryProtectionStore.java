package io.github.aksbackup.schedule;

import io.github.aksbackup.api.DataStoreType;
import io.github.aksbackup.api.NotFoundException;
import io.github.aksbackup.api.recovery.DataStoreDetail;
import io.github.aksbackup.api.recovery.DataStoreState;
import io.github.aksbackup.api.recovery.RecoveryPoint;
import io.github.aksbackup.schedule.ScheduleMark;
import io.github.aksbackup.schedule.ScheduleMarkStore;
import io.github.aksbackup.tiering.LifecycleStore;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Recovery-point lifecycle state and schedule marks in memory, for tests and for embedding the
 * protection engine without a vault. Thread-safe. Keeps every recovery point ever removed in
 * {@link #removed()} so tests can check what expired.
 */
public final class InMemoryProtectionStore implements LifecycleStore, ScheduleMarkStore {
    private final Map<String, Map<String, RecoveryPoint>> byInstance = new ConcurrentHashMap<>();
    private final Map<String, ScheduleMark> marks = new ConcurrentHashMap<>();
    private final List<RecoveryPoint> removed = new ArrayList<>();

    /** Adds (or replaces) a recovery point, as a backup runner does when a backup succeeds. */
    public void add(RecoveryPoint rp) {
        instance(rp.instanceName()).put(rp.id(), rp);
    }

    @Override
    public List<RecoveryPoint> recoveryPoints(String instanceName) {
        Map<String, RecoveryPoint> rps = byInstance.get(instanceName);
        if (rps == null) {
            return List.of();
        }
        synchronized (rps) {
            return rps.values().stream().sorted(Comparator.comparing(RecoveryPoint::time)).toList();
        }
    }

    @Override
    public void updateCopyState(String instanceName, String recoveryPointId, DataStoreType store, DataStoreState state) {
        Map<String, RecoveryPoint> rps = instance(instanceName);
        synchronized (rps) {
            RecoveryPoint rp = rps.get(recoveryPointId);
            if (rp == null || rp.store(store).isEmpty()) {
                throw new NotFoundException("instance '" + instanceName + "' has no recovery point '" + recoveryPointId
                        + "' with a " + store + " copy");
            }
            List<DataStoreDetail> stores = rp.stores().stream()
                    .map(d -> d.type() == store ? new DataStoreDetail(d.type(), d.created(), d.expiry(), state) : d)
                    .toList();
            rps.put(rp.id(), new RecoveryPoint(rp.id(), rp.instanceName(), rp.time(), rp.type(), rp.tag(), rp.status(),
                    stores, rp.objectCount(), rp.totalBytes(), rp.volumeSnapshots()));
        }
    }

    @Override
    public void removeRecoveryPoint(String instanceName, String recoveryPointId) {
        Map<String, RecoveryPoint> rps = instance(instanceName);
        RecoveryPoint rp;
        synchronized (rps) {
            rp = rps.remove(recoveryPointId);
        }
        if (rp != null) {
            synchronized (removed) {
                removed.add(rp);
            }
        }
    }

    @Override
    public Optional<ScheduleMark> load(String instanceName) {
        return Optional.ofNullable(marks.get(instanceName));
    }

    @Override
    public void save(String instanceName, ScheduleMark mark) {
        marks.put(instanceName, mark);
    }

    /** The recovery point with this id, if it has not been removed. */
    public Optional<RecoveryPoint> find(String instanceName, String recoveryPointId) {
        Map<String, RecoveryPoint> rps = byInstance.get(instanceName);
        if (rps == null) {
            return Optional.empty();
        }
        synchronized (rps) {
            return Optional.ofNullable(rps.get(recoveryPointId));
        }
    }

    /** Every recovery point removed so far, in removal order. */
    public List<RecoveryPoint> removed() {
        synchronized (removed) {
            return List.copyOf(removed);
        }
    }

    private Map<String, RecoveryPoint> instance(String name) {
        return byInstance.computeIfAbsent(name, k -> java.util.Collections.synchronizedMap(new LinkedHashMap<>()));
    }
}
