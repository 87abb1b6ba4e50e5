package io.github.aksbackup.tiering;

import io.github.aksbackup.api.DataStoreType;
import io.github.aksbackup.api.recovery.DataStoreDetail;
import io.github.aksbackup.api.recovery.DataStoreState;
import io.github.aksbackup.api.recovery.RecoveryPoint;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Brings one instance's recovery points up to date at an instant: makes the vault copies that are due,
 * deletes expired copies and removes recovery points with no copy left. State comes from the
 * {@link LifecycleStore} only, so a pass after downtime catches up on everything it missed.
 *
 * <p>Order within a pass, per recovery point:
 * <ol>
 *   <li>A {@code Pending} vault copy with {@code created ≤ now} is made ({@link TieringActions#copyToVault})
 *       and recorded {@code Available} — unless its expiry has passed too, then it is recorded
 *       {@code Deleted} without copying.</li>
 *   <li>An {@code Available} copy with {@code expiry ≤ now} is deleted and recorded {@code Deleted}.
 *       Copies come before deletions, so {@code CopyOnExpiryOption} copies from the operational copy in
 *       the very pass that deletes it; and an operational copy is kept while a vault copy that is due
 *       could not be made (its source).</li>
 *   <li>A recovery point whose copies are all {@code Deleted} is removed from the store.</li>
 * </ol>
 * A failing action is reported as {@link TieringStep.Kind#FAILED} and retried on the next pass; the
 * other recovery points are still processed.
 */
public final class TieringPass {
    private TieringPass() {
    }

    /** Runs one pass for one instance at {@code now}; returns what it did, in order. */
    public static List<TieringStep> run(String instanceName, Instant now, LifecycleStore store, TieringActions actions) {
        List<TieringStep> steps = new ArrayList<>();
        for (RecoveryPoint rp : store.recoveryPoints(instanceName)) {
            process(instanceName, rp, now, store, actions, steps);
        }
        return steps;
    }

    private static void process(String instance, RecoveryPoint rp, Instant now, LifecycleStore store,
            TieringActions actions, List<TieringStep> steps) {
        Map<DataStoreType, DataStoreState> state = new EnumMap<>(DataStoreType.class);
        boolean vaultCopyOwed = false;
        for (DataStoreDetail copy : rp.stores()) {
            state.put(copy.type(), copy.state());
            if (copy.type() != DataStoreType.VaultStore || copy.state() != DataStoreState.Pending
                    || copy.created().isAfter(now)) {
                continue;
            }
            DataStoreState next;
            if (isExpired(copy, now)) {
                next = DataStoreState.Deleted;
                steps.add(new TieringStep(TieringStep.Kind.SKIPPED_EXPIRED, rp.id(), copy.type(), null));
            } else if (attempt(steps, rp, copy.type(), () -> actions.copyToVault(rp))) {
                next = DataStoreState.Available;
                steps.add(new TieringStep(TieringStep.Kind.COPIED, rp.id(), copy.type(), null));
            } else {
                vaultCopyOwed = true;
                continue;
            }
            store.updateCopyState(instance, rp.id(), copy.type(), next);
            state.put(copy.type(), next);
        }
        for (DataStoreDetail copy : rp.stores()) {
            boolean keepAsSource = copy.type() == DataStoreType.OperationalStore && vaultCopyOwed;
            if (state.get(copy.type()) != DataStoreState.Available || !isExpired(copy, now) || keepAsSource) {
                continue;
            }
            if (attempt(steps, rp, copy.type(), () -> actions.deleteCopy(rp, copy.type()))) {
                store.updateCopyState(instance, rp.id(), copy.type(), DataStoreState.Deleted);
                steps.add(new TieringStep(TieringStep.Kind.DELETED, rp.id(), copy.type(), null));
                state.put(copy.type(), DataStoreState.Deleted);
            }
        }
        if (!state.isEmpty() && state.values().stream().allMatch(s -> s == DataStoreState.Deleted)) {
            store.removeRecoveryPoint(instance, rp.id());
            steps.add(new TieringStep(TieringStep.Kind.REMOVED, rp.id(), null, null));
        }
    }

    private static boolean isExpired(DataStoreDetail copy, Instant now) {
        return copy.expiry() != null && !now.isBefore(copy.expiry());
    }

    private static boolean attempt(List<TieringStep> steps, RecoveryPoint rp, DataStoreType store, Runnable action) {
        try {
            action.run();
            return true;
        } catch (RuntimeException e) {
            steps.add(new TieringStep(TieringStep.Kind.FAILED, rp.id(), store, String.valueOf(e.getMessage())));
            return false;
        }
    }
}
