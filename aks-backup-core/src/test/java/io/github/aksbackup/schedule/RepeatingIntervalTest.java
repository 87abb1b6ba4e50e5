package io.github.aksbackup.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RepeatingIntervalTest {
    private static final ZoneId UTC = ZoneOffset.UTC;
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    private static Instant t(String s) {
        return Instant.parse(s);
    }

    @Test
    void hourPeriodsAreExactInstantArithmetic() {
        RepeatingInterval r = RepeatingInterval.parse("R/2023-01-04T09:00:00+00:00/PT4H");
        assertEquals(List.of(t("2023-01-04T09:00:00Z"), t("2023-01-04T13:00:00Z"), t("2023-01-04T17:00:00Z"),
                t("2023-01-04T21:00:00Z"), t("2023-01-05T01:00:00Z")),
                r.slotsBetween(t("2023-01-01T00:00:00Z"), t("2023-01-05T05:00:00Z"), UTC));
        assertEquals(t("2026-01-01T01:00:00Z"), r.nextSlotAfter(t("2025-12-31T21:00:00Z"), UTC));
        assertEquals(t("2026-01-01T01:00:00Z"), r.nextSlotAfter(t("2025-12-31T23:59:59Z"), UTC));
        assertEquals(Optional.of(t("2025-12-31T21:00:00Z")), r.latestSlotAtOrBefore(t("2025-12-31T21:00:00Z"), UTC));
        assertEquals(Optional.empty(), r.latestSlotAtOrBefore(t("2023-01-04T08:59:59Z"), UTC));
        assertEquals(t("2023-01-04T09:00:00Z"), r.nextSlotAfter(t("2020-01-01T00:00:00Z"), UTC));
    }

    @Test
    void hourPeriodsIgnoreDaylightSavingInTheScheduleZone() {
        // Berlin switches 02:00 -> 03:00 on 2026-03-29; the 4 h grid keeps 4 h between slots.
        RepeatingInterval r = RepeatingInterval.parse("R/2026-03-28T22:00:00+01:00/PT4H");
        assertEquals(List.of(t("2026-03-28T21:00:00Z"), t("2026-03-29T01:00:00Z"), t("2026-03-29T05:00:00Z")),
                r.slotsBetween(t("2026-03-28T00:00:00Z"), t("2026-03-29T06:00:00Z"), BERLIN));
    }

    @Test
    void dailyPeriodKeepsLocalTimeAcrossBerlinSpringForward() {
        RepeatingInterval r = RepeatingInterval.parse("R/2026-03-27T09:00:00+01:00/P1D");
        assertEquals(List.of(t("2026-03-27T08:00:00Z"), t("2026-03-28T08:00:00Z"), t("2026-03-29T07:00:00Z"),
                t("2026-03-30T07:00:00Z")),
                r.slotsBetween(t("2026-03-27T00:00:00Z"), t("2026-03-31T00:00:00Z"), BERLIN));
    }

    @Test
    void localTimeInsideBerlinGapRunsOneHourLater() {
        RepeatingInterval r = RepeatingInterval.parse("R/2026-03-27T02:30:00+01:00/P1D");
        // 2026-03-29 02:30 does not exist in Berlin: it runs at 03:30 CEST = 01:30Z.
        assertEquals(List.of(t("2026-03-27T01:30:00Z"), t("2026-03-28T01:30:00Z"), t("2026-03-29T01:30:00Z"),
                t("2026-03-30T00:30:00Z")),
                r.slotsBetween(t("2026-03-27T00:00:00Z"), t("2026-03-31T00:00:00Z"), BERLIN));
    }

    @Test
    void ambiguousBerlinLocalTimeTakesEarlierOffset() {
        RepeatingInterval r = RepeatingInterval.parse("R/2026-10-24T02:30:00+02:00/P1D");
        // 2026-10-25 02:30 happens twice; the first (CEST, +02:00) is 00:30Z.
        assertEquals(List.of(t("2026-10-24T00:30:00Z"), t("2026-10-25T00:30:00Z"), t("2026-10-26T01:30:00Z")),
                r.slotsBetween(t("2026-10-24T00:00:00Z"), t("2026-10-27T00:00:00Z"), BERLIN));
    }

    @Test
    void newYorkGapAndOverlap() {
        RepeatingInterval gap = RepeatingInterval.parse("R/2026-03-07T02:30:00-05:00/P1D");
        assertEquals(List.of(t("2026-03-07T07:30:00Z"), t("2026-03-08T07:30:00Z"), t("2026-03-09T06:30:00Z")),
                gap.slotsBetween(t("2026-03-07T00:00:00Z"), t("2026-03-10T00:00:00Z"), NEW_YORK));
        RepeatingInterval overlap = RepeatingInterval.parse("R/2026-10-31T01:30:00-04:00/P1D");
        assertEquals(List.of(t("2026-10-31T05:30:00Z"), t("2026-11-01T05:30:00Z"), t("2026-11-02T06:30:00Z")),
                overlap.slotsBetween(t("2026-10-31T00:00:00Z"), t("2026-11-03T00:00:00Z"), NEW_YORK));
    }

    @Test
    void startWithoutOffsetIsLocalTimeInScheduleZone() {
        RepeatingInterval r = RepeatingInterval.parse("R/2026-01-01T09:00:00/P1D");
        assertTrue(r.startOffset().isEmpty());
        assertEquals(t("2026-01-01T03:30:00Z"), r.start(ZoneId.of("Asia/Kolkata")));
        assertEquals(t("2026-01-01T09:00:00Z"), r.start(UTC));
    }

    @Test
    void weeklyPeriodKeepsWeekdayAndLocalTime() {
        RepeatingInterval r = RepeatingInterval.parse("R/2026-03-23T02:30:00+01:00/P1W");
        assertTrue(r.keepsLocalTime());
        assertEquals(List.of(t("2026-03-23T01:30:00Z"), t("2026-03-30T00:30:00Z"), t("2026-04-06T00:30:00Z")),
                r.slotsBetween(t("2026-03-23T00:00:00Z"), t("2026-04-07T00:00:00Z"), BERLIN));
    }

    @Test
    void nextSlotAfterFarFutureMatchesWalkingTheGrid() {
        RepeatingInterval r = RepeatingInterval.parse("R/2023-01-04T02:30:00+01:00/P1D");
        Instant walked = r.slotsBetween(t("2026-10-24T12:00:00Z"), t("2026-10-27T00:00:00Z"), BERLIN).get(0);
        assertEquals(walked, r.nextSlotAfter(t("2026-10-24T12:00:00Z"), BERLIN));
        assertEquals(t("2026-10-25T00:30:00Z"), walked);
        assertEquals(Optional.of(t("2026-10-25T00:30:00Z")), r.latestSlotAtOrBefore(t("2026-10-26T01:29:59Z"), BERLIN));
    }

    @Test
    void slotIndexAndCursorAgree() {
        RepeatingInterval r = RepeatingInterval.parse("R/2026-01-01T06:00:00Z/PT12H");
        RepeatingInterval.SlotCursor c = r.cursor(t("2026-01-02T06:00:00Z"), UTC);
        assertEquals(r.slot(2, UTC), c.next());
        assertEquals(r.slot(3, UTC), c.peek());
        assertThrows(IllegalArgumentException.class, () -> r.slot(-1, UTC));
    }

    @Test
    void errorsSayWhichPartIsWrong() {
        assertMessage("repeating interval is missing", null);
        assertMessage("is not a repeating interval", "2023-01-04T09:00:00+00:00/PT4H");
        assertMessage("must begin with 'R/'", "X/2023-01-04T09:00:00+00:00/PT4H");
        assertMessage("bounded repetition 'R5'", "R5/2023-01-04T09:00:00+00:00/PT4H");
        assertMessage("start '2023-13-04T09:00:00+00:00'", "R/2023-13-04T09:00:00+00:00/PT4H");
        assertMessage("period '4H'", "R/2023-01-04T09:00:00+00:00/4H");
        assertMessage("must be longer than zero", "R/2023-01-04T09:00:00+00:00/PT0H");
        assertMessage("months or years", "R/2023-01-04T09:00:00+00:00/P1M");
        assertMessage("mixes days and hours", "R/2023-01-04T09:00:00+00:00/P1DT4H");
    }

    private static void assertMessage(String expected, String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RepeatingInterval.parse(text));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        if (text != null) {
            assertTrue(e.getMessage().contains(text), "message quotes the interval: " + e.getMessage());
        }
    }

    @Test
    void equalityIsByText() {
        assertEquals(RepeatingInterval.parse(" R/2026-01-01T00:00:00Z/P1D"), RepeatingInterval.parse("R/2026-01-01T00:00:00Z/P1D"));
        assertFalse(RepeatingInterval.parse("R/2026-01-01T00:00:00Z/P1D").equals(RepeatingInterval.parse("R/2026-01-01T00:00:00Z/PT24H")));
    }
}
