package io.github.aksbackup.schedule;

import io.github.aksbackup.api.policy.Schedule;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The slots of a whole schedule: the union of its repeating intervals' slots (a time two intervals
 * share is one slot), computed in the schedule's time zone. Immutable; every method is a pure
 * function of its arguments. See {@link RepeatingInterval} for the slot rules.
 */
public final class SlotSchedule {
    private final List<RepeatingInterval> intervals;
    private final ZoneId zone;

    /**
     * @param intervals at least one interval
     * @param zone the schedule's time zone
     */
    public SlotSchedule(List<RepeatingInterval> intervals, ZoneId zone) {
        this.intervals = List.copyOf(Objects.requireNonNull(intervals, "intervals"));
        this.zone = Objects.requireNonNull(zone, "zone");
        if (this.intervals.isEmpty()) {
            throw new IllegalArgumentException("repeatingTimeIntervals must hold at least one interval");
        }
    }

    /**
     * The slots of a policy schedule: parses every interval and resolves the time zone.
     *
     * @throws IllegalArgumentException for the first bad interval or an unknown zone
     */
    public static SlotSchedule of(Schedule schedule) {
        return of(schedule, ScheduleZones.resolve(schedule.timeZone()));
    }

    /** The slots of a policy schedule computed in {@code zone} instead of the schedule's own zone. */
    public static SlotSchedule of(Schedule schedule, ZoneId zone) {
        return new SlotSchedule(schedule.repeatingTimeIntervals().stream().map(RepeatingInterval::parse).toList(), zone);
    }

    /** The intervals, as given. */
    public List<RepeatingInterval> intervals() {
        return intervals;
    }

    /** The zone in which local-time slots and calendar periods are taken. */
    public ZoneId zone() {
        return zone;
    }

    /** The earliest slot of all. */
    public Instant firstSlot() {
        Instant best = null;
        for (RepeatingInterval i : intervals) {
            Instant start = i.start(zone);
            if (best == null || start.isBefore(best)) {
                best = start;
            }
        }
        return best;
    }

    /** The first slot strictly after {@code t}. */
    public Instant nextSlotAfter(Instant t) {
        Instant best = null;
        for (RepeatingInterval i : intervals) {
            Instant next = i.nextSlotAfter(t, zone);
            if (best == null || next.isBefore(best)) {
                best = next;
            }
        }
        return best;
    }

    /** The last slot at or before {@code t}, or empty when no interval has started by then. */
    public Optional<Instant> latestSlotAtOrBefore(Instant t) {
        Instant best = null;
        for (RepeatingInterval i : intervals) {
            Optional<Instant> latest = i.latestSlotAtOrBefore(t, zone);
            if (latest.isPresent() && (best == null || latest.get().isAfter(best))) {
                best = latest.get();
            }
        }
        return Optional.ofNullable(best);
    }

    /** The slots in [{@code from}, {@code until}), in time order, without duplicates. */
    public List<Instant> slotsBetween(Instant from, Instant until) {
        List<Instant> out = new ArrayList<>();
        Cursor c = cursor(from);
        while (c.peek().isBefore(until)) {
            out.add(c.next());
        }
        return out;
    }

    /** A cursor over the slots at or after {@code from}, in time order, without duplicates or end. */
    public Cursor cursor(Instant from) {
        return new Cursor(intervals.stream().map(i -> i.cursor(from, zone)).toList());
    }

    @Override
    public String toString() {
        return intervals + " in " + zone;
    }

    /** Walks the union of the intervals' slots in time order. Not thread-safe. */
    public static final class Cursor {
        private final RepeatingInterval.SlotCursor[] cursors;

        Cursor(List<RepeatingInterval.SlotCursor> cursors) {
            this.cursors = cursors.toArray(new RepeatingInterval.SlotCursor[0]);
        }

        /** The next slot, without moving. */
        public Instant peek() {
            Instant best = cursors[0].peek();
            for (int i = 1; i < cursors.length; i++) {
                if (cursors[i].peek().isBefore(best)) {
                    best = cursors[i].peek();
                }
            }
            return best;
        }

        /** The next slot; the cursor moves past it (in every interval that has it). */
        public Instant next() {
            Instant out = peek();
            for (RepeatingInterval.SlotCursor c : cursors) {
                if (c.peek().equals(out)) {
                    c.next();
                }
            }
            return out;
        }
    }

    /** Slots in (after, until], at most {@code limit}; {@code after == null} means from the schedule's beginning. */
    long countSlots(Instant after, Instant until, long limit) {
        Cursor c = cursor(after == null ? firstSlot() : after.plusNanos(1));
        long n = 0;
        while (!c.peek().isAfter(until) && n < limit) {
            c.next();
            n++;
        }
        return n;
    }
}
