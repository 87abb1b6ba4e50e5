package io.github.aksbackup.tiering;

import io.github.aksbackup.retention.LocalDays;
import java.time.Instant;
import java.time.ZoneId;

/**
 * The one-per-day vault rule: at most one <em>scheduled</em> recovery point per calendar day (in the
 * schedule's time zone) gets a vault copy — the first one of that day whose retention rule gives a
 * vault copy; later ones of that day stay operational only. On-demand recovery points are exempt and
 * do not use up the day. A pure function.
 */
public final class VaultDayRule {
    private VaultDayRule() {
    }

    /**
     * True when a scheduled recovery point at {@code time} may get a vault copy.
     *
     * @param time the recovery point's time
     * @param lastVaultCopy time of the latest earlier scheduled recovery point that got a vault copy, or
     *        {@code null} when there is none
     * @param zone the schedule's time zone
     */
    public static boolean allows(Instant time, Instant lastVaultCopy, ZoneId zone) {
        return allows(time, lastVaultCopy, new LocalDays(zone));
    }

    /** As {@link #allows(Instant, Instant, ZoneId)}, with the zone's days at hand. */
    public static boolean allows(Instant time, Instant lastVaultCopy, LocalDays days) {
        return lastVaultCopy == null || days.epochDay(lastVaultCopy) != days.epochDay(time);
    }
}
