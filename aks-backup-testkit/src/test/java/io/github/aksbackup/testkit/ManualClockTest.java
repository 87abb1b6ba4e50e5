package io.github.aksbackup.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class ManualClockTest {
    @Test
    void movesOnlyWhenToldAndZoneViewsShareTheTime() {
        ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
        var berlin = clock.withZone(ZoneId.of("Europe/Berlin"));
        clock.advance(Duration.ofHours(4));
        assertEquals(Instant.parse("2026-01-01T04:00:00Z"), clock.instant());
        assertEquals(Instant.parse("2026-01-01T04:00:00Z"), berlin.instant());
    }

    @Test
    void refusesToGoBack() {
        ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
        assertThrows(IllegalArgumentException.class, () -> clock.set(Instant.parse("2025-12-31T23:00:00Z")));
        assertThrows(IllegalArgumentException.class, () -> clock.advance(Duration.ofSeconds(-1)));
    }
}
