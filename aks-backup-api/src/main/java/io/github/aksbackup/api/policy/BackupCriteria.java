package io.github.aksbackup.api.policy;

import java.time.DayOfWeek;
import java.time.Month;
import java.util.List;
import java.util.Objects;

/**
 * Azure's {@code ScheduleBasedBackupCriteria}: every field given must match for the criterion to match.
 * Empty lists mean "no condition on this field".
 *
 * @param absoluteCriteria AllBackup / FirstOfDay / FirstOfWeek / FirstOfMonth / FirstOfYear
 * @param daysOfTheWeek days of the week the backup must fall on
 * @param weeksOfTheMonth weeks of the month (First..Fourth, Last)
 * @param monthsOfYear months the backup must fall in
 * @param daysOfMonth days of the month (a date, or the last day)
 * @param scheduleTimes times of day, as written in the policy (ISO date-times whose time part counts)
 */
public record BackupCriteria(List<AbsoluteMarker> absoluteCriteria, List<DayOfWeek> daysOfTheWeek,
        List<WeekNumber> weeksOfTheMonth, List<Month> monthsOfYear, List<DayOfMonth> daysOfMonth,
        List<String> scheduleTimes) {

    public BackupCriteria {
        absoluteCriteria = List.copyOf(Objects.requireNonNull(absoluteCriteria, "absoluteCriteria"));
        daysOfTheWeek = List.copyOf(Objects.requireNonNull(daysOfTheWeek, "daysOfTheWeek"));
        weeksOfTheMonth = List.copyOf(Objects.requireNonNull(weeksOfTheMonth, "weeksOfTheMonth"));
        monthsOfYear = List.copyOf(Objects.requireNonNull(monthsOfYear, "monthsOfYear"));
        daysOfMonth = List.copyOf(Objects.requireNonNull(daysOfMonth, "daysOfMonth"));
        scheduleTimes = List.copyOf(Objects.requireNonNull(scheduleTimes, "scheduleTimes"));
    }

    /** A criterion with only absolute markers, the common case. */
    public static BackupCriteria absolute(AbsoluteMarker... markers) {
        return new BackupCriteria(List.of(markers), List.of(), List.of(), List.of(), List.of(), List.of());
    }
}
