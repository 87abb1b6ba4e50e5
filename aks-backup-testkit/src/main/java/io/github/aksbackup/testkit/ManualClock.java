package io.github.aksbackup.testkit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * A {@link Clock} that only moves when told to, so schedules, expiries and timeouts can be tested
 * without sleeping. Thread-safe; {@link #withZone} views share the same time.
 */
public final class ManualClock extends Clock {
    private final Object lock;
    private final Instant[] now;
    private final ZoneId zone;

    /** A clock standing at {@code start}, zone UTC. */
    public ManualClock(Instant start) {
        this(new Object(), new Instant[] {Objects.requireNonNull(start, "start")}, ZoneOffset.UTC);
    }

    private ManualClock(Object lock, Instant[] now, ZoneId zone) {
        this.lock = lock;
        this.now = now;
        this.zone = zone;
    }

    @Override
    public Instant instant() {
        synchronized (lock) {
            return now[0];
        }
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    @Override
    public Clock withZone(ZoneId newZone) {
        return new ManualClock(lock, now, newZone);
    }

    /** Moves the clock forward and returns the new time. */
    public Instant advance(Duration by) {
        if (by.isNegative()) {
            throw new IllegalArgumentException("a manual clock only moves forward; got " + by);
        }
        synchronized (lock) {
            now[0] = now[0].plus(by);
            return now[0];
        }
    }

    /** Sets the clock to {@code t}, which must not be before the current time. */
    public void set(Instant t) {
        synchronized (lock) {
            if (t.isBefore(now[0])) {
                throw new IllegalArgumentException("a manual clock only moves forward; " + t + " is before " + now[0]);
            }
            now[0] = t;
        }
    }

    @Override
    public String toString() {
        return "ManualClock[" + instant() + "," + zone + "]";
    }
}
