package io.github.aksbackup.client;

import io.github.aksbackup.api.DataStoreType;
import io.github.aksbackup.api.NotFoundException;
import io.github.aksbackup.api.recovery.DataStoreDetail;
import io.github.aksbackup.api.recovery.DataStoreState;
import io.github.aksbackup.api.recovery.RecoveryPoint;
import io.github.aksbackup.repository.Repository;
import io.github.aksbackup.tiering.LifecycleStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The lifecycle state of recovery points over the two repositories: a recovery point is listed while a
 * manifest of it exists in either tier; its copies are the manifest's (as planned when it was taken)
 * updated by write-once markers {@code <Store>-<State>} in the operational repository, the furthest
 * state winning (Pending, then Available, then Deleted). Manifests are immutable and cached.
 */
final class RecoveryPointLifecycle implements LifecycleStore {
    private final Repository operational;
    private final Repository vault;
    private final Clock clock;
    private final Map<String, RecoveryPoint> manifests = new ConcurrentHashMap<>();

    RecoveryPointLifecycle(Repository operational, Repository vault, Clock clock) {
        this.operational = operational;
        this.vault = vault;
        this.clock = clock;
    }

    @Override
    public List<RecoveryPoint> recoveryPoints(String instanceName) {
        Set<String> ids = new TreeSet<>(operational.recoveryPointIds(instanceName));
        ids.addAll(vault.recoveryPointIds(instanceName));
        Map<String, Set<String>> events = operational.markerEvents(instanceName);
        List<RecoveryPoint> out = new ArrayList<>();
        for (String id : ids) {
            RecoveryPoint base = base(instanceName, id);
            if (base != null) {
                out.add(withEvents(base, events.getOrDefault(id, Set.of())));
            }
        }
        out.sort(Comparator.comparing(RecoveryPoint::time).thenComparing(RecoveryPoint::id));
        return out;
    }

    /** The recovery point as its manifest records it, or {@code null} when neither tier has it. */
    RecoveryPoint base(String instanceName, String id) {
        String key = instanceName + "/" + id;
        RecoveryPoint cached = manifests.get(key);
        if (cached != null) {
            return cached;
        }
        for (Repository r : List.of(operational, vault)) {
            if (r.exists(instanceName, id)) {
                try {
                    RecoveryPoint rp = r.readManifest(instanceName, id).recoveryPoint();
                    manifests.put(key, rp);
                    return rp;
                } catch (NotFoundException raced) {
                    // Deleted meanwhile; try the other tier.
                }
            }
        }
        return null;
    }

    /** The recovery point with its current copy states. */
    RecoveryPoint current(String instanceName, String id) {
        RecoveryPoint base = base(instanceName, id);
        if (base == null) {
            throw new NotFoundException("instance " + instanceName + " has no recovery point " + id);
        }
        return withEvents(base, operational.markerEvents(instanceName).getOrDefault(id, Set.of()));
    }

    private static RecoveryPoint withEvents(RecoveryPoint rp, Set<String> events) {
        if (events.isEmpty()) {
            return rp;
        }
        List<DataStoreDetail> stores = new ArrayList<>();
        for (DataStoreDetail d : rp.stores()) {
            DataStoreState state = d.state();
            for (DataStoreState s : DataStoreState.values()) {
                if (events.contains(d.type() + "-" + s) && s.ordinal() > state.ordinal()) {
                    state = s;
                }
            }
            stores.add(new DataStoreDetail(d.type(), d.created(), d.expiry(), state));
        }
        return new RecoveryPoint(rp.id(), rp.instanceName(), rp.time(), rp.type(), rp.tag(), rp.status(), stores,
                rp.objectCount(), rp.totalBytes(), rp.volumeSnapshots());
    }

    @Override
    public void updateCopyState(String instanceName, String recoveryPointId, DataStoreType store, DataStoreState state) {
        RecoveryPoint rp = base(instanceName, recoveryPointId);
        if (rp == null || rp.store(store).isEmpty()) {
            throw new NotFoundException("instance " + instanceName + " has no recovery point " + recoveryPointId + " with a "
                    + store + " copy");
        }
        operational.putMarker(instanceName, recoveryPointId, store + "-" + state, Map.of("at", clock.instant().toString()));
    }

    @Override
    public void removeRecoveryPoint(String instanceName, String recoveryPointId) {
        operational.deleteRecoveryPoint(instanceName, recoveryPointId);
        vault.deleteRecoveryPoint(instanceName, recoveryPointId);
        operational.deleteMarkers(instanceName, recoveryPointId);
        manifests.remove(instanceName + "/" + recoveryPointId);
    }
}
