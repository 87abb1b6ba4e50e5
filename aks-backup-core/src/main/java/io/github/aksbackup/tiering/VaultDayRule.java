package io.github.aksbackup.tiering;

import java.time.Instant;
import java.time.LocalDate;
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
        return lastVaultCopy == null || !LocalDate.ofInstant(lastVaultCopy, zone).equals(LocalDate.ofInstant(time, zone));
    }
}
