package io.github.aksbackup.lease;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.aksbackup.spi.LeaseManager;
import io.github.aksbackup.store.DirectoryObjectStore;
import io.github.aksbackup.testkit.ManualClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Leases in a directory vault between managers that each have their own clock, far apart (clock
 * skew) and moved by hand: exclusion, release, takeover of a holder that stopped renewing, and a
 * paused holder that learns it lost the lease.
 */
class VaultLeaseManagerTest {
    static final Duration D = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    // Clocks hours apart: nothing may depend on comparing them.
    final ManualClock clockA = new ManualClock(Instant.parse("2026-05-04T09:00:00Z"));
    final ManualClock clockB = new ManualClock(Instant.parse("2026-05-04T13:17:00Z"));

    VaultLeaseManager manager(String holder, ManualClock clock) {
        return VaultLeaseManager.builder(new DirectoryObjectStore(dir)).holder(holder).duration(D).clock(clock)
                .renewInBackground(false).build();
    }

    void advanceBoth(Duration d) {
        clockA.advance(d);
        clockB.advance(d);
    }

    @Test
    void oneHolderAtATimeAndAReleaseFreesTheLeaseAtOnce() {
        VaultLeaseManager a = manager("a", clockA);
        VaultLeaseManager b = manager("b", clockB);
        LeaseManager.Lease lease = a.tryAcquire("instance/prod").orElseThrow();
        assertTrue(lease.held());
        assertEquals(Optional.of("a"), b.holderOf("instance/prod"));
        assertTrue(b.tryAcquire("instance/prod").isEmpty());
        assertTrue(a.tryAcquire("instance/prod").isEmpty(), "not twice by one manager either");
        assertTrue(b.tryAcquire("instance/other").isPresent(), "leases are independent");
        lease.close();
        assertFalse(lease.held());
        assertEquals(Optional.empty(), b.holderOf("instance/prod"));
        assertTrue(b.tryAcquire("instance/prod").isPresent(), "released: taken without waiting");
    }

    @Test
    void aRenewingHolderIsNeverTakenOver() {
        VaultLeaseManager a = manager("a", clockA);
        VaultLeaseManager b = manager("b", clockB);
        LeaseManager.Lease lease = a.tryAcquire("instance/prod").orElseThrow();
        for (int i = 0; i < 20; i++) {
            advanceBoth(D.dividedBy(5));
            a.renewAll();
            assertTrue(b.tryAcquire("instance/prod").isEmpty(), "round " + i);
            assertTrue(lease.held(), "round " + i);
        }
    }

    @Test
    void aHolderThatStopsRenewingIsTakenOverAfterOneDurationOfObservation() {
        VaultLeaseManager a = manager("a", clockA);
        VaultLeaseManager b = manager("b", clockB);
        a.tryAcquire("instance/prod").orElseThrow();
        // a dies here: no renewals.
        assertTrue(b.tryAcquire("instance/prod").isEmpty(), "first look: b starts watching");
        advanceBoth(D.minusSeconds(1));
        assertTrue(b.tryAcquire("instance/prod").isEmpty(), "not yet a whole duration unchanged");
        advanceBoth(Duration.ofSeconds(1));
        LeaseManager.Lease taken = b.tryAcquire("instance/prod").orElseThrow();
        assertTrue(taken.held());
        assertEquals(Optional.of("b"), b.holderOf("instance/prod"));
    }

    @Test
    void aPausedHolderKnowsItLostTheLeaseWhenItWakesAndNeverGetsItBackByRenewing() {
        VaultLeaseManager a = manager("a", clockA);
        VaultLeaseManager b = manager("b", clockB);
        LeaseManager.Lease paused = a.tryAcquire("instance/prod").orElseThrow();
        b.tryAcquire("instance/prod");
        advanceBoth(D);
        LeaseManager.Lease taken = b.tryAcquire("instance/prod").orElseThrow();
        // a wakes up: its held() renews on the spot and finds the newer generation.
        assertFalse(paused.held());
        a.renewAll();
        assertFalse(paused.held(), "and stays lost");
        assertTrue(taken.held());
        b.renewAll();
        assertTrue(taken.held());
        paused.close();
        assertEquals(Optional.of("b"), a.holderOf("instance/prod"), "closing a lost lease releases nothing");
    }

    @Test
    void aHolderPausedShorterThanTheDurationKeepsItsLease() {
        VaultLeaseManager a = manager("a", clockA);
        VaultLeaseManager b = manager("b", clockB);
        LeaseManager.Lease lease = a.tryAcquire("instance/prod").orElseThrow();
        b.tryAcquire("instance/prod");
        advanceBoth(D.multipliedBy(3).dividedBy(4));
        assertTrue(lease.held(), "past the trusted part: held() renews on the spot, nobody took it over");
        advanceBoth(D.dividedBy(2));
        assertTrue(b.tryAcquire("instance/prod").isEmpty(), "b saw the renewal, so it watches afresh");
    }

    @Test
    void twoManagersTakingAnExpiredLeaseAtOnceGetItOnce() {
        VaultLeaseManager a = manager("a", clockA);
        VaultLeaseManager b = manager("b", clockB);
        VaultLeaseManager c = manager("c", clockB);
        a.tryAcquire("instance/prod").orElseThrow();
        b.tryAcquire("instance/prod");
        c.tryAcquire("instance/prod");
        advanceBoth(D);
        int got = (b.tryAcquire("instance/prod").isPresent() ? 1 : 0) + (c.tryAcquire("instance/prod").isPresent() ? 1 : 0);
        assertEquals(1, got);
    }
}
