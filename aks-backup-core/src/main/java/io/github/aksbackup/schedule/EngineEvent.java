package io.github.aksbackup.schedule;

import io.github.aksbackup.api.DataStoreType;
import java.time.Instant;
import java.util.Objects;

/**
 * One thing the protection engine did for one instance during a pass.
 *
 * @param at the pass's time (the clock's instant when the pass began)
 * @param instanceName the instance
 * @param kind what happened
 * @param slot the slot (or on-demand time) of a backup event, otherwise {@code null}
 * @param recoveryPointId the recovery point concerned, or {@code null}
 * @param store the copy concerned by a tiering event, or {@code null}
 * @param detail the tag of a backup, the number of collapsed slots of a misfire, or an error message
 */
public record EngineEvent(Instant at, String instanceName, Kind kind, Instant slot, String recoveryPointId,
        DataStoreType store, String detail) {
    public EngineEvent {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(instanceName, "instanceName");
        Objects.requireNonNull(kind, "kind");
        detail = detail == null ? "" : detail;
    }

    /** Kinds of engine events. */
    public enum Kind {
        /** A backup made a recovery point; detail = its tag. */
        BACKUP_SUCCEEDED,
        /** A backup made no recovery point; detail = the reason. */
        BACKUP_FAILED,
        /** Several slots were missed (engine down); they collapse into the one backup of {@code slot}; detail = how many. */
        MISSED_SLOTS_COLLAPSED,
        /** A vault copy was made. */
        VAULT_COPIED,
        /** A due vault copy was never made because it had expired by then. */
        VAULT_COPY_SKIPPED_EXPIRED,
        /** An expired copy was deleted. */
        COPY_DELETED,
        /** A recovery point with no copy left was removed. */
        RECOVERY_POINT_REMOVED,
        /** A tiering action failed and will be retried; detail = the error. */
        TIERING_FAILED,
        /** The instance was still busy from an earlier pass and was left alone this time. */
        SKIPPED_BUSY,
        /** The instance could not be processed (for example its policy is invalid); detail = why. */
        ERROR
    }

    static EngineEvent of(Instant now, String name, Kind kind, Instant slot, String rpId, String detail) {
        return new EngineEvent(now, name, kind, slot, rpId, null, detail);
    }

    /** The event that reports a step of a tiering pass. */
    static EngineEvent ofTiering(Instant now, String name, io.github.aksbackup.tiering.TieringStep step) {
        Kind kind = switch (step.kind()) {
            case COPIED -> Kind.VAULT_COPIED;
            case SKIPPED_EXPIRED -> Kind.VAULT_COPY_SKIPPED_EXPIRED;
            case DELETED -> Kind.COPY_DELETED;
            case REMOVED -> Kind.RECOVERY_POINT_REMOVED;
            case FAILED -> Kind.TIERING_FAILED;
        };
        return new EngineEvent(now, name, kind, null, step.recoveryPointId(), step.store(), step.detail());
    }
}
