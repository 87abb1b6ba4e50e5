package io.github.aksbackup.retention;

import static io.github.aksbackup.retention.TestPolicies.calendarTags;
import static io.github.aksbackup.retention.TestPolicies.defaultTag;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.aksbackup.api.policy.AbsoluteMarker;
import io.github.aksbackup.api.policy.BackupCriteria;
import io.github.aksbackup.api.policy.DayOfMonth;
import io.github.aksbackup.api.policy.Schedule;
import io.github.aksbackup.api.policy.ScheduleTrigger;
import io.github.aksbackup.api.policy.TaggingCriteria;
import io.github.aksbackup.api.policy.WeekNumber;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.Month;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class TaggerTest {
    private static final Schedule SCHEDULE = new Schedule(List.of("R/2026-01-01T00:00:00Z/PT4H"), null);

    private static Instant t(String s) {
        return Instant.parse(s);
    }

    private static Tagger tagger(List<TaggingCriteria> tags, ZoneId zone) {
        return new Tagger(new ScheduleTrigger(SCHEDULE, tags), zone);
    }

    private final Tagger calendar = tagger(calendarTags(), ZoneOffset.UTC);

    @Test
    void yearlyWinsOnFirstOfJanuary() {
        // 2026-01-01 is a Thursday: first of day, week? no (week began Mon 2025-12-29), month and year.
        assertEquals("Yearly", calendar.tagOf(t("2026-01-01T00:00:00Z"), t("2025-12-31T20:00:00Z")));
        assertEquals("Default", calendar.tagOf(t("2026-01-01T04:00:00Z"), t("2026-01-01T00:00:00Z")));
    }

    @Test
    void monthBoundaryGivesMonthly() {
        assertEquals("Monthly", calendar.tagOf(t("2026-02-01T00:00:00Z"), t("2026-01-31T20:00:00Z")));
        assertEquals("Daily", calendar.tagOf(t("2026-01-31T00:00:00Z"), t("2026-01-30T20:00:00Z")));
    }

    @Test
    void isoWeekStartsOnMonday() {
        // Sunday 2026-01-04 is still in the week of Monday 2025-12-29; Monday 2026-01-05 starts a new one.
        assertEquals("Daily", calendar.tagOf(t("2026-01-04T00:00:00Z"), t("2026-01-03T20:00:00Z")));
        assertEquals("Weekly", calendar.tagOf(t("2026-01-05T00:00:00Z"), t("2026-01-04T20:00:00Z")));
    }

    @Test
    void failedFirstSlotDoesNotConsumeFirstOfDay() {
        // 00:00 failed, so the latest success is yesterday's 20:00: 04:00 is the first success of the day.
        assertEquals("Daily", calendar.tagOf(t("2026-01-06T04:00:00Z"), t("2026-01-05T20:00:00Z")));
        assertEquals("Default", calendar.tagOf(t("2026-01-06T08:00:00Z"), t("2026-01-06T04:00:00Z")));
    }

    @Test
    void firstBackupEverIsFirstOfEverything() {
        assertEquals("Yearly", calendar.tagOf(t("2026-07-15T08:00:00Z"), (Instant) null));
    }

    @Test
    void calendarPeriodsAreTakenInScheduleZone() {
        Tagger india = tagger(calendarTags(), ZoneId.of("Asia/Kolkata"));
        // 20:00Z = 01:30 IST on Jan 7, and 02:00Z = 07:30 IST on Jan 7: same local day.
        assertEquals("Default", india.tagOf(t("2026-01-07T02:00:00Z"), t("2026-01-06T20:00:00Z")));
        assertEquals("Daily", calendar.tagOf(t("2026-01-07T02:00:00Z"), t("2026-01-06T20:00:00Z")));
    }

    @Test
    void earlierSuccessesMayBeGivenAsAList() {
        assertEquals("Default", calendar.tagGiven(t("2026-01-06T08:00:00Z"),
                List.of(t("2026-01-06T04:00:00Z"), t("2026-01-05T20:00:00Z"), t("2026-01-06T12:00:00Z"))));
        assertEquals("Daily", calendar.tagGiven(t("2026-01-06T04:00:00Z"), List.of(t("2026-01-05T20:00:00Z"))));
    }

    @Test
    void lowestPriorityWinsAndDefaultCompetesWithItsOwnPriority() {
        Tagger strongDefault = tagger(List.of(new TaggingCriteria("Default", 1, true, List.of()),
                TestPolicies.tag("Daily", 5, AbsoluteMarker.FirstOfDay)), ZoneOffset.UTC);
        assertEquals("Default", strongDefault.tagOf(t("2026-01-06T00:00:00Z"), null));
    }

    @Test
    void everyGivenFieldOfOneCriterionMustMatchAndAnyCriterionOfATagSuffices() {
        BackupCriteria firstOnSunday = new BackupCriteria(List.of(AbsoluteMarker.FirstOfDay), List.of(DayOfWeek.SUNDAY),
                List.of(), List.of(), List.of(), List.of());
        BackupCriteria lastDayOfMonth = new BackupCriteria(List.of(), List.of(), List.of(), List.of(),
                List.of(new DayOfMonth(0, true)), List.of());
        Tagger t = tagger(List.of(new TaggingCriteria("Special", 5, false, List.of(firstOnSunday, lastDayOfMonth)),
                defaultTag()), ZoneOffset.UTC);
        assertEquals("Special", t.tagOf(t("2026-01-04T00:00:00Z"), t("2026-01-03T20:00:00Z"))); // first on Sunday
        assertEquals("Default", t.tagOf(t("2026-01-04T04:00:00Z"), t("2026-01-04T00:00:00Z"))); // Sunday, not first
        assertEquals("Default", t.tagOf(t("2026-01-05T00:00:00Z"), t("2026-01-04T20:00:00Z"))); // first, Monday
        assertEquals("Special", t.tagOf(t("2026-02-28T16:00:00Z"), t("2026-02-28T12:00:00Z"))); // last day of Feb
    }

    @Test
    void weeksOfTheMonthMonthsAndScheduleTimes() {
        BackupCriteria lastWeekOfMarchAtNoon = new BackupCriteria(List.of(), List.of(), List.of(WeekNumber.Last),
                List.of(Month.MARCH), List.of(), List.of("2021-01-01T12:00:00Z"));
        Tagger t = tagger(List.of(new TaggingCriteria("EndOfQ1", 5, false, List.of(lastWeekOfMarchAtNoon)), defaultTag()),
                ZoneOffset.UTC);
        assertEquals("EndOfQ1", t.tagOf(t("2026-03-25T12:00:00Z"), null)); // March has 31 days: 25..31 is the last week
        assertEquals("Default", t.tagOf(t("2026-03-24T12:00:00Z"), null));
        assertEquals("Default", t.tagOf(t("2026-03-25T16:00:00Z"), null));
        assertEquals("Default", t.tagOf(t("2026-04-28T12:00:00Z"), null));
    }

    @Test
    void policyWithoutDefaultTagIsRejected() {
        assertThrows(IllegalArgumentException.class,
                () -> tagger(List.of(TestPolicies.tag("Daily", 5, AbsoluteMarker.FirstOfDay)), ZoneOffset.UTC));
    }
}
