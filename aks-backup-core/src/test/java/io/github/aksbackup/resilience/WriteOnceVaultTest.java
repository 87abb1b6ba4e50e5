package io.github.aksbackup.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.aksbackup.api.AksBackupException;
import io.github.aksbackup.api.job.JobStatus;
import io.github.aksbackup.repository.GcResult;
import io.github.aksbackup.repository.Repository;
import io.github.aksbackup.repository.VerifyReport;
import io.github.aksbackup.spi.ObjectStore;
import io.github.aksbackup.testkit.FaultInjectingObjectStore;
import io.github.aksbackup.testkit.FaultPlan;
import io.github.aksbackup.testkit.InMemoryObjectStore;
import io.github.aksbackup.testkit.SimulatedCrash;
import io.github.aksbackup.testkit.WriteOnceObjectStore;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The vault on a write-once store (a container with a time-based immutability policy of seven
 * days): backups work, nobody waits for runs whose markers the policy keeps, recovery points cannot
 * be deleted before the period is over, and garbage collection deletes exactly what has expired,
 * reports the rest and removes it once the period is over.
 */
class WriteOnceVaultTest {
    static final Duration PERIOD = Duration.ofDays(7);

    final VaultScenario s = new VaultScenario();
    final InMemoryObjectStore raw = new InMemoryObjectStore(s.clock);
    final WriteOnceObjectStore store = new WriteOnceObjectStore(raw, PERIOD, s.clock);

    long packs() {
        return raw.keys().stream().filter(k -> k.startsWith("packs/")).count();
    }

    @Test
    void backupsAndCollectionWorkAndCollectionDeletesOnlyWhatHasExpired() {
        Repository repo = s.open(store);
        assertEquals(JobStatus.CompletedWithWarnings, s.backup(repo, s.source, s.snapshotter(), "rp-1").job().status());
        // The session marker could not be deleted; its end is recorded, so collection does not wait.
        assertTrue(raw.keys().stream().anyMatch(k -> k.startsWith("sessions/") && k.endsWith(".ended")), raw.keys().toString());
        GcResult first = repo.collectGarbage();
        assertFalse(first.deferred(), String.valueOf(first.deferredBecause()));
        assertEquals(0, first.packsDeleted());

        s.change();
        assertEquals(JobStatus.CompletedWithWarnings, s.backup(repo, s.source, s.snapshotter(), "rp-2").job().status());
        AksBackupException locked = assertThrows(AksBackupException.class, () -> repo.deleteRecoveryPoint("prod", "rp-1"));
        assertEquals(ObjectStore.OBJECT_LOCKED, locked.code());
        assertEquals(List.of("rp-1", "rp-2"), repo.recoveryPointIds("prod"));

        s.clock.advance(PERIOD.plusDays(1));
        assertTrue(repo.deleteRecoveryPoint("prod", "rp-1"));
        // Fresh garbage: a backup that dies after writing some packs.
        s.change();
        FaultPlan crash = FaultPlan.crashAtCall(6).only(FaultPlan.WRITES);
        assertThrows(SimulatedCrash.class, () -> s.backup(s.open(new FaultInjectingObjectStore(store, crash)), s.source,
                s.snapshotter(), "rp-3"));
        s.clock.advance(Duration.ofHours(7));
        long before = packs();
        GcResult gc = repo.collectGarbage();
        assertFalse(gc.deferred(), String.valueOf(gc.deferredBecause()));
        assertTrue(gc.packsDeleted() > 0, "rp-1's own packs have expired: " + gc);
        assertTrue(gc.objectsLocked() >= 4, "the dead backup's packs are young: " + gc);
        assertEquals(before - gc.packsDeleted(), packs());
        assertIntact(repo);

        s.clock.advance(PERIOD);
        GcResult later = repo.collectGarbage();
        assertEquals(0, later.objectsLocked(), later.toString());
        assertTrue(later.packsDeleted() >= 4, later.toString());
        assertIntact(repo);
        assertEquals(0, repo.collectGarbage().packsDeleted());
        // Only markers of runs that ended remain, kept by the policy (the last collections' own).
        List<String> runMarkers = raw.keys().stream().filter(k -> (k.startsWith("sessions/") || k.startsWith("gc/")) && k.endsWith(".json"))
                .toList();
        assertTrue(runMarkers.stream().allMatch(k -> raw.exists(k.replace(".json", ".ended"))), raw.keys().toString());
        assertFalse(store.refusedDeletes().isEmpty());
    }

    private void assertIntact(Repository repo) {
        VerifyReport v = repo.verify();
        assertTrue(v.ok(), v.damage().toString());
        assertEquals(List.of("rp-2"), repo.recoveryPointIds("prod"));
        VaultScenario.describe(repo, "rp-2");
    }
}
