package io.github.aksbackup.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.aksbackup.api.policy.Schedule;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SlotScheduleTest {

    private static Instant t(String s) {
        return Instant.parse(s);
    }

    @Test
    void severalIntervalsGiveTheUnionOfTheirSlotsWithoutDuplicates() {
        SlotSchedule s = SlotSchedule.of(new Schedule(List.of(
                "R/2026-01-01T00:00:00+00:00/PT12H",
                "R/2026-01-01T06:00:00+00:00/P1D",
                "R/2026-01-01T12:00:00+00:00/P1D"), null));
        assertEquals(List.of(t("2026-01-01T00:00:00Z"), t("2026-01-01T06:00:00Z"), t("2026-01-01T12:00:00Z"),
                t("2026-01-02T00:00:00Z"), t("2026-01-02T06:00:00Z"), t("2026-01-02T12:00:00Z")),
                s.slotsBetween(t("2026-01-01T00:00:00Z"), t("2026-01-02T13:00:00Z")));
        assertEquals(t("2026-01-02T06:00:00Z"), s.nextSlotAfter(t("2026-01-02T00:00:00Z")));
        assertEquals(Optional.of(t("2026-01-02T00:00:00Z")), s.latestSlotAtOrBefore(t("2026-01-02T05:59:59Z")));
    }

    @Test
    void resolvesTheScheduleZone() {
        SlotSchedule s = SlotSchedule.of(new Schedule(List.of("R/2026-03-28T09:00:00/P1D"), "W. Europe Standard Time"));
        assertEquals(ZoneId.of("Europe/Berlin"), s.zone());
        assertEquals(List.of(t("2026-03-28T08:00:00Z"), t("2026-03-29T07:00:00Z")),
                s.slotsBetween(t("2026-03-28T00:00:00Z"), t("2026-03-30T00:00:00Z")));
    }

    @Test
    void emptyScheduleIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> SlotSchedule.of(new Schedule(List.of(), null)));
    }
}
