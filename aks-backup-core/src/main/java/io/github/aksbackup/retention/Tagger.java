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
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAdjusters;
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
    private final List<TaggingCriteria> byPriority;
    private final String defaultTag;

    /**
     * @param trigger the schedule trigger with its tagging criteria (one of them the default)
     * @param zone the schedule's time zone, in which calendar periods are taken
     * @throws IllegalArgumentException when no tagging criterion is marked default
     */
    public Tagger(ScheduleTrigger trigger, ZoneId zone) {
        Objects.requireNonNull(trigger, "trigger");
        this.zone = Objects.requireNonNull(zone, "zone");
        List<TaggingCriteria> sorted = new ArrayList<>(trigger.taggingCriteria());
        // List.sort is stable, so equal priorities keep policy order.
        sorted.sort((a, b) -> Integer.compare(a.priority(), b.priority()));
        this.byPriority = List.copyOf(sorted);
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
        LocalDateTime local = LocalDateTime.ofInstant(time, zone);
        LocalDate prev = previousSuccess == null ? null : LocalDate.ofInstant(previousSuccess, zone);
        for (TaggingCriteria c : byPriority) {
            if (c.isDefault() || anyMatches(c.criteria(), local, prev)) {
                return c.tagName();
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

    private static boolean anyMatches(List<BackupCriteria> criteria, LocalDateTime local, LocalDate prev) {
        for (BackupCriteria c : criteria) {
            if (matches(c, local, prev)) {
                return true;
            }
        }
        return false;
    }

    static boolean matches(BackupCriteria c, LocalDateTime local, LocalDate prev) {
        LocalDate date = local.toLocalDate();
        if (!c.absoluteCriteria().isEmpty() && c.absoluteCriteria().stream().noneMatch(m -> isMet(m, date, prev))) {
            return false;
        }
        if (!c.daysOfTheWeek().isEmpty() && !c.daysOfTheWeek().contains(date.getDayOfWeek())) {
            return false;
        }
        if (!c.monthsOfYear().isEmpty() && !c.monthsOfYear().contains(date.getMonth())) {
            return false;
        }
        if (!c.weeksOfTheMonth().isEmpty() && c.weeksOfTheMonth().stream().noneMatch(w -> inWeek(w, date))) {
            return false;
        }
        if (!c.daysOfMonth().isEmpty() && c.daysOfMonth().stream().noneMatch(d -> isDay(d, date))) {
            return false;
        }
        return c.scheduleTimes().isEmpty()
                || c.scheduleTimes().stream().anyMatch(s -> timeOfDay(s).equals(local.toLocalTime()));
    }

    private static boolean isMet(AbsoluteMarker marker, LocalDate date, LocalDate prev) {
        return switch (marker) {
            case AllBackup -> true;
            case FirstOfDay -> prev == null || !prev.equals(date);
            case FirstOfWeek -> prev == null || !monday(prev).equals(monday(date));
            case FirstOfMonth -> prev == null || prev.getYear() != date.getYear() || prev.getMonth() != date.getMonth();
            case FirstOfYear -> prev == null || prev.getYear() != date.getYear();
        };
    }

    private static LocalDate monday(LocalDate d) {
        return d.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
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
                return LocalTime.parse(scheduleTime);
            }
        }
    }
}
