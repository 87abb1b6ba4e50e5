package io.github.aksbackup.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.aksbackup.api.IsoDuration;
import io.github.aksbackup.api.policy.AbsoluteMarker;
import io.github.aksbackup.api.policy.BackupCriteria;
import io.github.aksbackup.api.policy.DayOfMonth;
import io.github.aksbackup.api.policy.WeekNumber;
import java.io.IOException;
import java.time.DayOfWeek;
import java.time.Month;
import java.util.List;
import org.junit.jupiter.api.Test;

class PolicySummaryTest {

    @Test
    void durationsInWords() {
        assertEquals("7 days", PolicySummary.words(IsoDuration.parse("P7D")));
        assertEquals("1 day 12 hours", PolicySummary.words(IsoDuration.parse("P1DT12H")));
        assertEquals("4 hours", PolicySummary.words(IsoDuration.parse("PT4H")));
        assertEquals("1 year 6 months", PolicySummary.words(IsoDuration.parse("P1Y6M")));
        assertEquals("1 hour 30 minutes", PolicySummary.words(IsoDuration.parse("PT90M")));
        assertEquals("0 seconds", PolicySummary.words(IsoDuration.parse("PT0S")));
    }

    @Test
    void criteriaInWords() {
        assertEquals("first backup of each week or on the First/Last Sunday/Wednesday of the month",
                PolicySummary.criteria(List.of(BackupCriteria.absolute(AbsoluteMarker.FirstOfWeek),
                        new BackupCriteria(List.of(), List.of(DayOfWeek.SUNDAY, DayOfWeek.WEDNESDAY),
                                List.of(WeekNumber.First, WeekNumber.Last), List.of(), List.of(), List.of()))));
        assertEquals("on Monday", PolicySummary.criteria(List.of(new BackupCriteria(List.of(), List.of(DayOfWeek.MONDAY),
                List.of(), List.of(), List.of(), List.of()))));
        assertEquals("on day 1/last of the month, in January/July, at 2024-01-01T02:00:00Z",
                PolicySummary.criteria(List.of(new BackupCriteria(List.of(), List.of(), List.of(),
                        List.of(Month.JANUARY, Month.JULY), List.of(new DayOfMonth(1, false), new DayOfMonth(0, true)),
                        List.of("2024-01-01T02:00:00Z")))));
    }

    @Test
    void oneLineNamesScheduleTagsAndRetention() throws IOException {
        assertEquals("policy 'aks-weekly-monthly-yearly': every day (W. Europe Standard Time = Europe/Berlin);"
                + " tags Yearly 10, Monthly 15, Weekly 20, Default 99; retention Yearly operational P7D + vault P5Y;"
                + " Monthly operational P7D + vault P12M; Weekly operational P35D; Default operational P7D",
                PolicySummary.of(PolicyJson.read(PolicyJsonTest.sample("aks-weekly-monthly-yearly.json"))).oneLine());
    }
}
