package io.github.aksbackup.hook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class HookDurationTest {

    @Test
    void parsesGoDurations() {
        assertEquals(Duration.ofSeconds(10), HookDuration.parse("10s"));
        assertEquals(Duration.ofMinutes(5), HookDuration.parse("5m"));
        assertEquals(Duration.ofMinutes(90), HookDuration.parse("1h30m"));
        assertEquals(Duration.ofMillis(1500), HookDuration.parse("1.5s"));
        assertEquals(Duration.ofMillis(250), HookDuration.parse("250ms"));
        assertEquals(Duration.ofNanos(2_300_000), HookDuration.parse("2ms300us"));
        assertEquals(Duration.ofMinutes(2).plusSeconds(3), HookDuration.parse("2m3s"));
    }

    @Test
    void refusesWhatGoWouldRefuseWithHints() {
        assertEquals("'30' has no unit; write it with one, such as 30s or 30m",
                assertThrows(IllegalArgumentException.class, () -> HookDuration.parse("30")).getMessage());
        assertEquals("'PT1M30S' is an ISO 8601 duration; hook resources use durations such as 30s, 5m or 1h30m (here: 1m30s)",
                assertThrows(IllegalArgumentException.class, () -> HookDuration.parse("PT1M30S")).getMessage());
        assertEquals("'-5s' is negative; a timeout must be positive, such as 30s",
                assertThrows(IllegalArgumentException.class, () -> HookDuration.parse("-5s")).getMessage());
        for (String bad : new String[] {"10x", "s", "1d", "5 m", "m5", "1h 30m"}) {
            assertThrows(IllegalArgumentException.class, () -> HookDuration.parse(bad), bad);
        }
    }

    @Test
    void formatsTheWayItParses() {
        for (String text : new String[] {"10s", "5m", "1h30m", "1500ms", "2h", "1h0m5s"}) {
            Duration d = HookDuration.parse(text);
            assertEquals(d, HookDuration.parse(HookDuration.format(d)), text);
        }
        assertEquals("1h30m", HookDuration.format(Duration.ofMinutes(90)));
        assertEquals("1h5s", HookDuration.format(Duration.ofSeconds(3605)));
        assertEquals("1500ms", HookDuration.format(Duration.ofMillis(1500)));
    }
}
