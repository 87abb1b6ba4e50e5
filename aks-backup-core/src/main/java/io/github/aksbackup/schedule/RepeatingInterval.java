package io.github.aksbackup.schedule;

import io.github.aksbackup.api.IsoDuration;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One ISO 8601 repeating interval of a backup schedule, {@code R/<start>/<period>} such as
 * {@code R/2023-01-04T09:00:00+00:00/PT4H}: slots at start + k·period for every k ≥ 0, without end.
 *
 * <p><b>Slot rules.</b>
 * <ul>
 *   <li>A period of hours, minutes or seconds ({@code PT4H}) is exact time: slot k is the start instant
 *       plus k·period, whatever the time zone does.</li>
 *   <li>A period of whole days or weeks ({@code P1D}, {@code P2D}, {@code P1W}) keeps the local time of
 *       day in the schedule's time zone: slot k is {@code ZonedDateTime.of(startDate + k·days, startTime,
 *       zone)}, where startDate/startTime are the start's local date and time in that zone. So a local
 *       time inside a DST gap is shifted later by the length of the gap (02:30 in a 02:00→03:00 gap runs
 *       at 03:30) and an ambiguous local time takes the earlier offset. Slot 0 is always the start
 *       instant as written.</li>
 *   <li>A start written with an offset ({@code +00:00}, {@code Z}) is that instant; a start written
 *       without one is a local date-time in the schedule's zone.</li>
 *   <li>Periods of months or years, mixed day-and-hour periods, zero periods and bounded repetitions
 *       ({@code R5/...}) are rejected.</li>
 * </ul>
 * Methods that compute slots take the schedule's zone (see {@link ScheduleZones#resolve}); they are
 * pure functions of their arguments.
 */
public final class RepeatingInterval {
    private static final String EXPECTED = "expected R/<start>/<period> such as R/2023-01-04T09:00:00+00:00/PT4H";
    private static final Pattern BOUNDED = Pattern.compile("R\\d+");

    private final String text;
    private final LocalDateTime start;
    private final ZoneOffset startOffset;
    private final IsoDuration period;
    private final Duration exactPeriod;
    private final int periodDays;

    private RepeatingInterval(String text, LocalDateTime start, ZoneOffset startOffset, IsoDuration period) {
        this.text = text;
        this.start = start;
        this.startOffset = startOffset;
        this.period = period;
        this.exactPeriod = period.isExact() ? period.time() : null;
        this.periodDays = period.isExact() ? 0 : period.period().getDays();
    }

    /**
     * Parses {@code R/<start>/<period>}.
     *
     * @throws IllegalArgumentException whose message quotes the text and says which part is wrong
     *         (the {@code R}, the start or the period) and what is expected
     */
    public static RepeatingInterval parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("repeating interval is missing; " + EXPECTED);
        }
        String t = text.trim();
        String[] parts = t.split("/", -1);
        if (parts.length != 3) {
            throw new IllegalArgumentException("'" + text + "' is not a repeating interval: " + EXPECTED);
        }
        if (!parts[0].equals("R")) {
            if (BOUNDED.matcher(parts[0]).matches()) {
                throw new IllegalArgumentException("'" + text + "': bounded repetition '" + parts[0]
                        + "' is not supported; write 'R' (repeat without end)");
            }
            throw new IllegalArgumentException("'" + text + "' must begin with 'R/'; " + EXPECTED);
        }
        LocalDateTime start;
        ZoneOffset offset;
        try {
            OffsetDateTime odt = OffsetDateTime.parse(parts[1]);
            start = odt.toLocalDateTime();
            offset = odt.getOffset();
        } catch (DateTimeException withOffset) {
            try {
                start = LocalDateTime.parse(parts[1]);
                offset = null;
            } catch (DateTimeException local) {
                throw new IllegalArgumentException("start '" + parts[1] + "' of '" + text
                        + "' is not an ISO 8601 date-time such as 2023-01-04T09:00:00+00:00");
            }
        }
        IsoDuration period;
        try {
            period = IsoDuration.parse(parts[2]);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("period '" + parts[2] + "' of '" + text
                    + "' is not an ISO 8601 duration; use hours such as PT4H or days such as P1D");
        }
        if (period.isZero()) {
            throw new IllegalArgumentException("period '" + parts[2] + "' of '" + text + "' must be longer than zero");
        }
        if (period.period().getYears() != 0 || period.period().getMonths() != 0) {
            throw new IllegalArgumentException("period '" + parts[2] + "' of '" + text
                    + "' uses months or years, which are not supported; use hours (PT4H) or days/weeks (P1D, P1W)");
        }
        if (!period.isExact() && !period.time().isZero()) {
            throw new IllegalArgumentException("period '" + parts[2] + "' of '" + text
                    + "' mixes days and hours; use either hours (PT36H) or whole days (P1D)");
        }
        return new RepeatingInterval(t, start, offset, period);
    }

    /** The interval as written (trimmed). */
    public String text() {
        return text;
    }

    /** The period between slots. */
    public IsoDuration period() {
        return period;
    }

    /** True when the period is whole days or weeks, so slots keep their local time of day. */
    public boolean keepsLocalTime() {
        return exactPeriod == null;
    }

    /** The start's offset as written, or empty when the start is a local date-time in the schedule's zone. */
    public Optional<ZoneOffset> startOffset() {
        return Optional.ofNullable(startOffset);
    }

    /** The first slot (k = 0) in the given schedule zone. */
    public Instant start(ZoneId zone) {
        Objects.requireNonNull(zone, "zone");
        return startOffset != null ? start.toInstant(startOffset) : ZonedDateTime.of(start, zone).toInstant();
    }

    /** Slot k (k ≥ 0) in the given schedule zone. */
    public Instant slot(long k, ZoneId zone) {
        if (k < 0) {
            throw new IllegalArgumentException("slot index must be 0 or more, was " + k);
        }
        Instant first = start(zone);
        if (k == 0) {
            return first;
        }
        if (exactPeriod != null) {
            return first.plus(exactPeriod.multipliedBy(k));
        }
        ZonedDateTime local = first.atZone(zone);
        return localSlot(local.toLocalDate(), local.toLocalTime(), k, zone);
    }

    private Instant localSlot(LocalDate startDate, LocalTime startTime, long k, ZoneId zone) {
        return ZonedDateTime.of(startDate.plusDays(k * periodDays), startTime, zone).toInstant();
    }

    /** The first slot strictly after {@code t}. */
    public Instant nextSlotAfter(Instant t, ZoneId zone) {
        return slot(firstIndexAfter(t, zone), zone);
    }

    /** The last slot at or before {@code t}, or empty when {@code t} is before the first slot. */
    public Optional<Instant> latestSlotAtOrBefore(Instant t, ZoneId zone) {
        long k = firstIndexAfter(t, zone);
        return k == 0 ? Optional.empty() : Optional.of(slot(k - 1, zone));
    }

    /** The slots in [{@code from}, {@code until}), in time order. */
    public List<Instant> slotsBetween(Instant from, Instant until, ZoneId zone) {
        List<Instant> out = new ArrayList<>();
        SlotCursor c = cursor(from, zone);
        while (c.peek().isBefore(until)) {
            out.add(c.next());
        }
        return out;
    }

    /** A cursor over the slots at or after {@code from}, in time order, without end. */
    public SlotCursor cursor(Instant from, ZoneId zone) {
        return new SlotCursor(this, zone, firstIndexAfter(from.minusNanos(1), zone));
    }

    /** Index of the first slot strictly after {@code t}. */
    long firstIndexAfter(Instant t, ZoneId zone) {
        Instant first = start(zone);
        if (t.isBefore(first)) {
            return 0;
        }
        if (exactPeriod != null) {
            return Duration.between(first, t).dividedBy(exactPeriod) + 1;
        }
        ZonedDateTime local = first.atZone(zone);
        long days = ChronoUnit.DAYS.between(local.toLocalDate(), t.atZone(zone).toLocalDate());
        // Local-time slots drift from the day count by at most a DST shift; start one slot early.
        long k = Math.max(1, Math.floorDiv(days, periodDays) - 1);
        while (!slot(k, zone).isAfter(t)) {
            k++;
        }
        return k;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RepeatingInterval other && other.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    @Override
    public String toString() {
        return text;
    }

    /**
     * Walks the slots of one interval in time order without recomputing the index each time; used by
     * the simulator and the union of several intervals. Not thread-safe.
     */
    public static final class SlotCursor {
        private final RepeatingInterval interval;
        private final ZoneId zone;
        private final Instant first;
        private final LocalDate startDate;
        private final LocalTime startTime;
        private long k;
        private Instant current;

        SlotCursor(RepeatingInterval interval, ZoneId zone, long k) {
            this.interval = interval;
            this.zone = zone;
            this.first = interval.start(zone);
            ZonedDateTime local = first.atZone(zone);
            this.startDate = local.toLocalDate();
            this.startTime = local.toLocalTime();
            this.k = k;
            this.current = compute(k);
        }

        private Instant compute(long index) {
            if (index == 0) {
                return first;
            }
            if (interval.exactPeriod != null) {
                return first.plus(interval.exactPeriod.multipliedBy(index));
            }
            return interval.localSlot(startDate, startTime, index, zone);
        }

        /** The next slot, without moving. */
        public Instant peek() {
            return current;
        }

        /** The next slot; the cursor moves past it. */
        public Instant next() {
            Instant out = current;
            k++;
            // Exact periods step from the previous slot: Duration.multipliedBy goes through BigDecimal.
            current = interval.exactPeriod != null ? current.plus(interval.exactPeriod) : compute(k);
            return out;
        }
    }
}
