package io.github.aksbackup.schedule;

import io.github.aksbackup.api.DataStoreType;
import io.github.aksbackup.api.recovery.RecoveryPoint;
import io.github.aksbackup.tiering.TieringActions;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link TieringActions} that move no data and record each call, for tests of tiering and for running
 * the protection engine without a vault. Thread-safe.
 */
public final class RecordingTieringActions implements TieringActions {
    /** One recorded call: {@code store} is VaultStore for a copy, the deleted store for a deletion. */
    public record Call(Action action, String recoveryPointId, DataStoreType store) {
    }

    /** The kind of call. */
    public enum Action {
        COPY_TO_VAULT,
        DELETE_COPY
    }

    private final List<Call> calls = new ArrayList<>();

    @Override
    public synchronized void copyToVault(RecoveryPoint recoveryPoint) {
        calls.add(new Call(Action.COPY_TO_VAULT, recoveryPoint.id(), DataStoreType.VaultStore));
    }

    @Override
    public synchronized void deleteCopy(RecoveryPoint recoveryPoint, DataStoreType store) {
        calls.add(new Call(Action.DELETE_COPY, recoveryPoint.id(), store));
    }

    /** Every call so far, in order. */
    public synchronized List<Call> calls() {
        return List.copyOf(calls);
    }
}
