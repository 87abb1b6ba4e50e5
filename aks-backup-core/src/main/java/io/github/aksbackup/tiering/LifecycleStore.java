package io.github.aksbackup.tiering;

import io.github.aksbackup.api.DataStoreType;
import io.github.aksbackup.api.recovery.DataStoreState;
import io.github.aksbackup.api.recovery.RecoveryPoint;
import java.util.List;

/**
 * Where the lifecycle state of recovery points lives: which copies each recovery point has, until when,
 * and whether each is {@code Pending} (a vault copy not made yet), {@code Available} or {@code Deleted}.
 * The protection engine reads it on every pass, so its state survives restarts of the engine; the engine
 * keeps none of it in memory.
 *
 * <p>Implemented by the repository (over the vault) and, for tests, by
 * {@code testkit.InMemoryProtectionStore}. The copy states are mutable bookkeeping kept beside the
 * recovery point's immutable content. Implementations must be thread-safe: the engine calls them from
 * several threads, but never for the same instance at the same time.
 */
public interface LifecycleStore {

    /**
     * The recovery points of an instance that have not been removed, in any order, each with its copies
     * ({@link RecoveryPoint#stores()}) as last recorded. Unknown instance: an empty list.
     */
    List<RecoveryPoint> recoveryPoints(String instanceName);

    /**
     * Records the new state of one copy of a recovery point (after a vault copy was made, or a copy was
     * deleted).
     *
     * @throws io.github.aksbackup.api.NotFoundException when the recovery point or the copy is unknown
     */
    void updateCopyState(String instanceName, String recoveryPointId, DataStoreType store, DataStoreState state);

    /**
     * Forgets a recovery point all of whose copies are {@code Deleted} (their data was already removed
     * through {@link TieringActions#deleteCopy}). Removing an unknown recovery point does nothing.
     */
    void removeRecoveryPoint(String instanceName, String recoveryPointId);
}
