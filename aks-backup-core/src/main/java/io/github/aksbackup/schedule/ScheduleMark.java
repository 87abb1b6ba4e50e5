package io.github.aksbackup.schedule;

import java.time.Instant;

/**
 * What the protection engine remembers about one instance's schedule between passes, so that it can
 * continue after a restart: the last slot it handled, and the facts tagging and the one-per-day vault
 * rule need about earlier backups (recovery points themselves may already have expired).
 *
 * @param lastSlot the latest slot handled (backed up, failed, or passed over when protection began);
 *        {@code null} when no slot had come yet; slots after it and at or before "now" are due
 * @param lastSuccess the slot of the latest successful scheduled backup, or {@code null}
 * @param lastVaultCopy the slot of the latest scheduled recovery point that was given a vault copy,
 *        or {@code null}
 */
public record ScheduleMark(Instant lastSlot, Instant lastSuccess, Instant lastVaultCopy) {

    /** The mark of an instance nothing has happened to yet, with slots up to {@code lastSlot} passed over. */
    public static ScheduleMark startingAfter(Instant lastSlot) {
        return new ScheduleMark(lastSlot, null, null);
    }
}
