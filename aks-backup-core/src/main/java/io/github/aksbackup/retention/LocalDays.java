package io.github.aksbackup.retention;

import java.time.Instant;
import java.time.ZoneId;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.Objects;

/**
 * Calendar days of instants in one time zone as plain numbers, for rules that only ask "same day?" or
 * "same week?" and that the simulator evaluates millions of times. Remembers the offset between the
 * two transitions around the last instant asked, so successive instants of a schedule rarely consult
 * the zone's rules. Thread-safe.
 */
public final class LocalDays {
    private static final long DAY = 86_400;

    private final ZoneId zone;
    private final ZoneRules rules;
    private volatile Window window = new Window(0, 0, 0);

    /** Days in {@code zone}. */
    public LocalDays(ZoneId zone) {
        this.zone = Objects.requireNonNull(zone, "zone");
        this.rules = zone.getRules();
    }

    /** The zone. */
    public ZoneId zone() {
        return zone;
    }

    /** Seconds from 1970-01-01T00:00 to the local date-time of {@code t} in the zone. */
    public long localEpochSecond(Instant t) {
        long s = t.getEpochSecond();
        Window w = window;
        if (s < w.from || s >= w.until) {
            w = windowAround(t);
            window = w;
        }
        return s + w.offsetSeconds;
    }

    /** The local date of {@code t} in the zone, as a count of days since 1970-01-01. */
    public long epochDay(Instant t) {
        return Math.floorDiv(localEpochSecond(t), DAY);
    }

    /** The epoch day of the Monday of an epoch day's ISO week (1970-01-01 was a Thursday). */
    public static long monday(long epochDay) {
        return epochDay - Math.floorMod(epochDay + 3, 7);
    }

    private Window windowAround(Instant t) {
        int offset = rules.getOffset(t).getTotalSeconds();
        if (rules.isFixedOffset()) {
            return new Window(Long.MIN_VALUE, Long.MAX_VALUE, offset);
        }
        // nextTransition is strictly after t, previousTransition strictly before; a transition exactly at
        // t starts the window (its offset is the one in force at t).
        ZoneOffsetTransition previous = rules.previousTransition(t.plusSeconds(1));
        ZoneOffsetTransition next = rules.nextTransition(t);
        long from = previous == null ? Long.MIN_VALUE : previous.toEpochSecond();
        long until = next == null ? Long.MAX_VALUE : next.toEpochSecond();
        return new Window(from, until, offset);
    }

    /** Seconds [from, until) during which the zone's offset is {@code offsetSeconds}. */
    private record Window(long from, long until, int offsetSeconds) {
    }
}
