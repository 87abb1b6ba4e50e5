package io.github.aksbackup.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class ScheduleZonesTest {

    @Test
    void resolvesWindowsNamesThroughCldrGoldenZones() {
        assertEquals(ZoneId.of("Asia/Kolkata"), ScheduleZones.resolve("India Standard Time"));
        assertEquals(ZoneId.of("Europe/Berlin"), ScheduleZones.resolve("W. Europe Standard Time"));
        assertEquals(ZoneId.of("America/New_York"), ScheduleZones.resolve("Eastern Standard Time"));
        assertEquals(ZoneId.of("America/Mexico_City"), ScheduleZones.resolve("Central Standard Time (Mexico)"));
        assertEquals(ZoneId.of("Etc/GMT+11"), ScheduleZones.resolve("UTC-11"));
    }

    @Test
    void acceptsAzureUtcDisplayNameAndWindowsUtcId() {
        assertEquals(ZoneId.of("Etc/UTC"), ScheduleZones.resolve("Coordinated Universal Time"));
        assertEquals(ZoneId.of("Etc/UTC"), ScheduleZones.resolve("UTC"));
    }

    @Test
    void windowsNamesIgnoreCaseAndSurroundingBlanks() {
        assertEquals(ZoneId.of("Asia/Kolkata"), ScheduleZones.resolve("  india standard time "));
    }

    @Test
    void acceptsIanaIdsAndOffsets() {
        assertEquals(ZoneId.of("Europe/Berlin"), ScheduleZones.resolve("Europe/Berlin"));
        assertEquals(ZoneOffset.ofHoursMinutes(5, 30), ScheduleZones.resolve("+05:30"));
    }

    @Test
    void missingNameMeansUtc() {
        assertEquals(ZoneOffset.UTC, ScheduleZones.resolve(null));
        assertEquals(ZoneOffset.UTC, ScheduleZones.resolve("  "));
    }

    @Test
    void unknownNameIsAnErrorNamingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ScheduleZones.resolve("Mars Standard Time"));
        assertTrue(e.getMessage().contains("'Mars Standard Time'"), e.getMessage());
        assertTrue(e.getMessage().contains("India Standard Time"), e.getMessage());
        assertFalse(ScheduleZones.isKnown("Europe/Atlantis"));
        assertTrue(ScheduleZones.isKnown("Tokyo Standard Time"));
    }

    @Test
    void everyEmbeddedWindowsNameResolvesInThisJdk() {
        assertTrue(ScheduleZones.windowsNames().size() > 130, "table size " + ScheduleZones.windowsNames().size());
        ScheduleZones.windowsNames().forEach((windows, iana) ->
                assertEquals(ZoneId.of(iana), ScheduleZones.resolve(windows), windows));
    }
}
