package io.github.aksbackup.tiering;

import io.github.aksbackup.api.DataStoreType;
import java.util.Objects;

/**
 * One thing a {@link TieringPass} did (or failed to do) to one recovery point.
 *
 * @param kind what happened
 * @param recoveryPointId the recovery point
 * @param store the copy concerned, or {@code null} for {@link Kind#REMOVED}
 * @param detail the error message for {@link Kind#FAILED}, otherwise empty
 */
public record TieringStep(Kind kind, String recoveryPointId, DataStoreType store, String detail) {
    public TieringStep {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(recoveryPointId, "recoveryPointId");
        detail = detail == null ? "" : detail;
    }

    /** What a tiering step did. */
    public enum Kind {
        /** A vault copy was made. */
        COPIED,
        /** A vault copy was due but its expiry had passed before it could be made (engine was down). */
        SKIPPED_EXPIRED,
        /** An expired copy was deleted. */
        DELETED,
        /** A recovery point with no copy left was removed. */
        REMOVED,
        /** An action failed; it is retried on the next pass. */
        FAILED
    }
}
