package io.github.aksbackup.retention;

import io.github.aksbackup.api.policy.AbsoluteMarker;
import io.github.aksbackup.api.policy.BackupCriteria;
import io.github.aksbackup.api.policy.DayOfMonth;
import io.github.aksbackup.api.policy.ScheduleTrigger;
import io.github.aksbackup.api.policy.TaggingCriteria;
import io.github.aksbackup.api.policy.WeekNumber;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.Month;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Gives a scheduled recovery point its retention tag. A pure function of the backup's time and the time
 * of the previous <em>successful scheduled</em> backup of the same instance; it reads no clock.
 *
 * <p><b>Rules.</b>
 * <ul>
 *   <li>A successful scheduled backup gets the tag of the lowest {@code taggingPriority} among the
 *       tagging criteria it meets (ties: the one listed first). The default tag is met by every backup.</li>
 *   <li>A tag's criteria list matches if any criterion in it matches; within one criterion every field
 *       given (non-empty) must match, and a field matches if any of its values does.</li>
 *   <li>{@code FirstOfDay/Week/Month/Year}: the backup is the first successful scheduled backup of its
 *       calendar day / ISO week (Monday first) / month / year, taken in the schedule's time zone — that
 *       is, the previous successful scheduled backup (if any) lies in an earlier period. Failed backups
 *       are not successes, so they never consume "first"; on-demand backups never count either (callers
 *       pass only scheduled successes). {@code AllBackup} matches every backup.</li>
 *   <li>{@code daysOfTheWeek}, {@code monthsOfYear}: the local date's day / month.
 *       {@code weeksOfTheMonth}: First = days 1–7, Second 8–14, Third 15–21, Fourth 22–28, Last = the
 *       last seven days of the month. {@code daysOfMonth}: the date, or the month's last day for
 *       {@code isLast}. {@code scheduleTimes}: the local time of day equals the time part as written.</li>
 * </ul>
 * Immutable and thread-safe.
 */
public final class Tagger {
    private final ZoneId zone;
    private final LocalDays days;
    private final CompiledTag[] byPriority;
    private final String defaultTag;

    /**
     * @param trigger the schedule trigger with its tagging criteria (one of them the default)
     * @param zone the schedule's time zone, in which calendar periods are taken
     * @throws IllegalArgumentException when no tagging criterion is marked default, or a schedule time
     *         is not an ISO time or date-time
     */
    public Tagger(ScheduleTrigger trigger, ZoneId zone) {
        Objects.requireNonNull(trigger, "trigger");
        this.zone = Objects.requireNonNull(zone, "zone");
        this.days = new LocalDays(zone);
        List<TaggingCriteria> sorted = new ArrayList<>(trigger.taggingCriteria());
        // List.sort is stable, so equal priorities keep policy order.
        sorted.sort((a, b) -> Integer.compare(a.priority(), b.priority()));
        this.byPriority = sorted.stream().map(CompiledTag::new).toArray(CompiledTag[]::new);
        this.defaultTag = trigger.defaultTag().map(TaggingCriteria::tagName).orElseThrow(() ->
                new IllegalArgumentException("taggingCriteria must contain one criterion with isDefault=true"));
    }

    /** The default tag's name, given to backups that meet no other criterion and to on-demand backups. */
    public String defaultTag() {
        return defaultTag;
    }

    /** The zone in which calendar periods are taken. */
    public ZoneId zone() {
        return zone;
    }

    /**
     * The tag of a successful scheduled backup.
     *
     * @param time the backup's (slot) time
     * @param previousSuccess the time of the latest successful scheduled backup before {@code time}, or
     *        {@code null} when there is none
     */
    public String tagOf(Instant time, Instant previousSuccess) {
        Moment now = new Moment(days.localEpochSecond(time), time.getNano(), previousSuccess != null,
                previousSuccess == null ? 0 : days.epochDay(previousSuccess));
        for (CompiledTag c : byPriority) {
            if (c.isDefault || c.matches(now)) {
                return c.name;
            }
        }
        return defaultTag;
    }

    /**
     * The tag of a successful scheduled backup given the earlier successful scheduled backups of the
     * instance (any order; only the latest one before {@code time} matters).
     */
    public String tagGiven(Instant time, Iterable<Instant> earlierSuccesses) {
        Instant latest = null;
        for (Instant t : earlierSuccesses) {
            if (t.isBefore(time) && (latest == null || t.isAfter(latest))) {
                latest = t;
            }
        }
        return tagOf(time, latest);
    }

    private static final long DAY = 86_400;

    /** The backup's local time as epoch day and second of day, and the previous success's local epoch day. */
    private static final class Moment {
        final long epochDay;
        final long nanoOfDay;
        final boolean hasPrevious;
        final long previousDay;
        private LocalDate date;
        private LocalDate previousDate;

        Moment(long localEpochSecond, int nano, boolean hasPrevious, long previousDay) {
            this.epochDay = Math.floorDiv(localEpochSecond, DAY);
            this.nanoOfDay = Math.floorMod(localEpochSecond, DAY) * 1_000_000_000L + nano;
            this.hasPrevious = hasPrevious;
            this.previousDay = previousDay;
        }

        LocalDate date() {
            if (date == null) {
                date = LocalDate.ofEpochDay(epochDay);
            }
            return date;
        }

        LocalDate previousDate() {
            if (previousDate == null) {
                previousDate = LocalDate.ofEpochDay(previousDay);
            }
            return previousDate;
        }
    }

    /** A tagging criterion prepared for fast matching. */
    private static final class CompiledTag {
        final String name;
        final boolean isDefault;
        final Criterion[] criteria;

        CompiledTag(TaggingCriteria tc) {
            this.name = tc.tagName();
            this.isDefault = tc.isDefault();
            this.criteria = tc.criteria().stream().map(Criterion::new).toArray(Criterion[]::new);
        }

        boolean matches(Moment m) {
            for (Criterion c : criteria) {
                if (c.matches(m)) {
                    return true;
                }
            }
            return false;
        }
    }

    /** One {@link BackupCriteria}: every non-empty field must match; a field matches if any value does. */
    private static final class Criterion {
        final AbsoluteMarker[] markers;
        final List<DayOfWeek> daysOfWeek;
        final List<WeekNumber> weeks;
        final List<Month> months;
        final List<DayOfMonth> days;
        final long[] nanosOfDay;
        final boolean markersOnly;

        Criterion(BackupCriteria c) {
            this.markers = c.absoluteCriteria().toArray(new AbsoluteMarker[0]);
            this.daysOfWeek = c.daysOfTheWeek();
            this.weeks = c.weeksOfTheMonth();
            this.months = c.monthsOfYear();
            this.days = c.daysOfMonth();
            this.nanosOfDay = c.scheduleTimes().stream().mapToLong(s -> timeOfDay(s).toNanoOfDay()).toArray();
            this.markersOnly = nanosOfDay.length == 0 && daysOfWeek.isEmpty() && months.isEmpty() && weeks.isEmpty()
                    && days.isEmpty();
        }

        boolean matches(Moment m) {
            if (markers.length > 0 && !anyMarker(m)) {
                return false;
            }
            if (markersOnly) {
                return true;
            }
            if (nanosOfDay.length > 0 && !anyTime(m.nanoOfDay)) {
                return false;
            }
            if (!daysOfWeek.isEmpty() && !daysOfWeek.contains(m.date().getDayOfWeek())) {
                return false;
            }
            if (!months.isEmpty() && !months.contains(m.date().getMonth())) {
                return false;
            }
            if (!weeks.isEmpty() && weeks.stream().noneMatch(w -> inWeek(w, m.date()))) {
                return false;
            }
            return days.isEmpty() || days.stream().anyMatch(d -> isDay(d, m.date()));
        }

        private boolean anyMarker(Moment m) {
            for (AbsoluteMarker marker : markers) {
                if (isMet(marker, m)) {
                    return true;
                }
            }
            return false;
        }

        private boolean anyTime(long nanoOfDay) {
            for (long t : nanosOfDay) {
                if (t == nanoOfDay) {
                    return true;
                }
            }
            return false;
        }
    }

    private static boolean isMet(AbsoluteMarker marker, Moment m) {
        if (marker == AbsoluteMarker.AllBackup || !m.hasPrevious) {
            return true;
        }
        if (m.previousDay == m.epochDay) {
            return false;
        }
        return switch (marker) {
            case FirstOfDay -> m.previousDay != m.epochDay;
            case FirstOfWeek -> LocalDays.monday(m.previousDay) != LocalDays.monday(m.epochDay);
            case FirstOfMonth -> m.previousDate().getYear() != m.date().getYear()
                    || m.previousDate().getMonth() != m.date().getMonth();
            case FirstOfYear -> m.previousDate().getYear() != m.date().getYear();
            case AllBackup -> true;
        };
    }

    private static boolean inWeek(WeekNumber week, LocalDate date) {
        int day = date.getDayOfMonth();
        return switch (week) {
            case First -> day <= 7;
            case Second -> day >= 8 && day <= 14;
            case Third -> day >= 15 && day <= 21;
            case Fourth -> day >= 22 && day <= 28;
            case Last -> day > date.lengthOfMonth() - 7;
        };
    }

    private static boolean isDay(DayOfMonth d, LocalDate date) {
        return d.isLast() ? date.getDayOfMonth() == date.lengthOfMonth() : date.getDayOfMonth() == d.date();
    }

    /** The time-of-day part of a schedule time as written ({@code 2021-01-01T09:00:00Z} → 09:00). */
    static LocalTime timeOfDay(String scheduleTime) {
        try {
            return OffsetDateTime.parse(scheduleTime).toLocalTime();
        } catch (DateTimeParseException e) {
            try {
                return LocalDateTime.parse(scheduleTime).toLocalTime();
            } catch (DateTimeParseException e2) {
                try {
                    return LocalTime.parse(scheduleTime);
                } catch (DateTimeParseException e3) {
                    throw new IllegalArgumentException("scheduleTimes value '" + scheduleTime
                            + "' is not an ISO date-time such as 2023-01-04T09:00:00Z");
                }
            }
        }
    }
}
