package io.github.aksbackup.tiering;

import io.github.aksbackup.api.DataStoreType;
import io.github.aksbackup.api.recovery.RecoveryPoint;

/**
 * The data movements of tiering, done by whoever owns the data (the backup engine over the repository
 * and the SPI). The protection engine decides <em>when</em>; implementations do <em>how</em>.
 *
 * <p>Both methods must be idempotent: after a crash the engine may call them again for a copy whose
 * new state it had not recorded yet. They may block; they should throw an unchecked exception when they
 * fail, and the engine retries on its next pass. Implementations must be thread-safe across instances.
 */
public interface TieringActions {

    /**
     * Copies a recovery point's data into the vault tier (from its operational copy, which still exists
     * when this is called).
     */
    void copyToVault(RecoveryPoint recoveryPoint);

    /** Deletes a recovery point's copy in one data store (snapshots, blobs or vault data). */
    void deleteCopy(RecoveryPoint recoveryPoint, DataStoreType store);
}
