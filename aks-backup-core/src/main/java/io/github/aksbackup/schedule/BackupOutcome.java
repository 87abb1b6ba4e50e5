package io.github.aksbackup.schedule;

import java.util.Objects;

/** What a {@link BackupRunner} reports: a recovery point was made, or the backup failed. */
public sealed interface BackupOutcome permits BackupOutcome.Succeeded, BackupOutcome.Failed {

    /** True for {@link Succeeded}. */
    default boolean succeeded() {
        return this instanceof Succeeded;
    }

    /** The backup made a recovery point (Completed or Partial), recorded in the lifecycle store. */
    record Succeeded(String recoveryPointId) implements BackupOutcome {
        public Succeeded {
            Objects.requireNonNull(recoveryPointId, "recoveryPointId");
        }
    }

    /** The backup made no recovery point; {@code reason} says why. */
    record Failed(String reason) implements BackupOutcome {
        public Failed {
            reason = reason == null ? "unknown reason" : reason;
        }
    }
}
