package io.github.aksbackup.testkit;

import io.github.aksbackup.spi.LeaseManager;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Leases for engines in one process (tests, several clients over one directory vault): one table
 * shared by every {@link #forHolder holder}, leases expiring {@code duration} after they were taken
 * on the given clock unless released, as a lease of a dead holder would. Thread-safe.
 */
public final class InMemoryLeaseManager {
    private final Clock clock;
    private final Duration duration;
    private final Map<String, Held> table = new HashMap<>();

    private record Held(String holder, Instant expires) {
    }

    /** A lease table on {@code clock}; leases last {@code duration}. */
    public InMemoryLeaseManager(Clock clock, Duration duration) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.duration = Objects.requireNonNull(duration, "duration");
    }

    /** The {@link LeaseManager} one engine uses; engines with different holder names exclude each other. */
    public LeaseManager forHolder(String holder) {
        Objects.requireNonNull(holder, "holder");
        return name -> {
            synchronized (table) {
                Instant now = clock.instant();
                Held current = table.get(name);
                if (current != null && current.expires().isAfter(now) && !current.holder().equals(holder)) {
                    return Optional.empty();
                }
                table.put(name, new Held(holder, now.plus(duration)));
            }
            return Optional.of(new LeaseManager.Lease() {
                private boolean open = true;

                @Override
                public String name() {
                    return name;
                }

                @Override
                public boolean held() {
                    synchronized (table) {
                        Held h = table.get(name);
                        return open && h != null && h.holder().equals(holder) && h.expires().isAfter(clock.instant());
                    }
                }

                @Override
                public void close() {
                    synchronized (table) {
                        Held h = table.get(name);
                        if (open && h != null && h.holder().equals(holder)) {
                            table.remove(name);
                        }
                        open = false;
                    }
                }
            });
        };
    }

    /** Who holds the lease now, if anyone. */
    public Optional<String> holder(String name) {
        synchronized (table) {
            Held h = table.get(name);
            return h == null || !h.expires().isAfter(clock.instant()) ? Optional.empty() : Optional.of(h.holder());
        }
    }
}
