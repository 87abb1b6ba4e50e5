package io.github.aksbackup.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.aksbackup.api.job.JobStatus;
import io.github.aksbackup.backup.BackupResult;
import io.github.aksbackup.repository.GcResult;
import io.github.aksbackup.repository.Repository;
import io.github.aksbackup.repository.RepositoryOptions;
import io.github.aksbackup.repository.VerifyReport;
import io.github.aksbackup.testkit.FaultInjectingClusterClient;
import io.github.aksbackup.testkit.FaultInjectingObjectStore;
import io.github.aksbackup.testkit.FaultPlan;
import io.github.aksbackup.testkit.InMemoryObjectStore;
import io.github.aksbackup.testkit.SimulatedCrash;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The process dies at a chosen call of a backup: before the manifest is written no recovery point
 * is visible, garbage collection (once the dead backup's session has gone stale) reclaims everything
 * it wrote, and the next backup succeeds with the same content as an undisturbed one. A crash after
 * the manifest leaves a complete, verified recovery point.
 *
 * <p>Crash points: every other write of the backup (among them the manifest and the end of the
 * session) and every 30th call of any kind (reads of the vault, listings and reads of the cluster);
 * {@link CrashSafetyIT} crashes at every write and every third call.
 */
class CrashSafetyTest {
    static final String BASE = "rp-1";
    static final String CRASHED = "rp-2";

    /** A clean backup's calls: all of them, and the writes to the vault alone. */
    record Calibration(List<String> allCalls, List<String> writes) {
    }

    static Calibration calibrate() {
        VaultScenario s = new VaultScenario();
        InMemoryObjectStore store = new InMemoryObjectStore(s.clock);
        s.backup(s.open(store), s.source, s.snapshotter(), BASE);
        s.change();
        FaultPlan all = FaultPlan.none();
        FaultPlan writes = FaultPlan.none().only(FaultPlan.WRITES);
        BackupResult r = s.backup(s.open(new FaultInjectingObjectStore(new FaultInjectingObjectStore(store, writes), all)),
                new FaultInjectingClusterClient(s.source, all), s.snapshotter(), CRASHED);
        assertEquals(JobStatus.CompletedWithWarnings, r.job().status());
        return new Calibration(all.history(), writes.history());
    }

    static Stream<Arguments> crashPoints() {
        return crashPoints(2, 30);
    }

    /** Every {@code writeStep}th write (and the last two: manifest, session end), and every {@code callStep}th call of any kind. */
    static Stream<Arguments> crashPoints(int writeStep, int callStep) {
        Calibration c = calibrate();
        List<Arguments> out = new ArrayList<>();
        int writes = c.writes().size();
        IntStream.rangeClosed(1, writes).filter(n -> n % writeStep == 1 % writeStep || n >= writes - 1)
                .forEach(n -> out.add(Arguments.of("write", n, c.writes().get(n - 1))));
        for (int n = 1; n <= c.allCalls().size(); n += callStep) {
            out.add(Arguments.of("call", n, c.allCalls().get(n - 1)));
        }
        return out.stream();
    }

    @Test
    void everyBuildCrashesABackupAtMoreThanTwentyPoints() {
        Calibration c = calibrate();
        long points = crashPoints().count();
        assertTrue(points >= 20, "crash points: " + points);
        assertTrue(c.writes().get(c.writes().size() - 2).startsWith("put manifests/prod/" + CRASHED), c.writes().toString());
    }

    @ParameterizedTest(name = "crash at {0} {1}: {2}")
    @MethodSource("crashPoints")
    void crashLeavesNoVisibleRecoveryPointAndCollectionReclaimsEverything(String counting, int n, String where) {
        VaultScenario s = new VaultScenario();
        InMemoryObjectStore store = new InMemoryObjectStore(s.clock);
        Repository before = s.open(store);
        assertEquals(JobStatus.CompletedWithWarnings, s.backup(before, s.source, s.snapshotter(), BASE).job().status());
        List<String> keysBefore = store.keys();
        List<String> baseContent = VaultScenario.describe(before, BASE);
        s.change();
        Repository undisturbed = s.open(new InMemoryObjectStore(s.clock));
        s.backup(undisturbed, s.source, s.snapshotter(), "rp-3");
        List<String> expected = VaultScenario.describe(undisturbed, "rp-3");

        FaultPlan plan = FaultPlan.crashAtCall(n);
        FaultPlan counted = counting.equals("write") ? plan.only(FaultPlan.WRITES) : plan;
        assertThrows(SimulatedCrash.class, () -> s.backup(s.open(new FaultInjectingObjectStore(store, counted)),
                new FaultInjectingClusterClient(s.source, counted), s.snapshotter(), CRASHED));
        assertNotNull(counted.crashedAt());

        // A new process opens the vault.
        Repository after = s.open(store);
        boolean committed = store.keys().contains("manifests/prod/" + CRASHED + ".json");
        boolean manifestReached = where.startsWith("put manifests/") || where.startsWith("delete sessions/");
        if (where.startsWith("put manifests/")) {
            assertFalse(committed, "the crash came before the manifest landed");
        }
        if (!committed) {
            assertEquals(List.of(BASE), after.recoveryPointIds("prod"));
        } else {
            assertTrue(manifestReached || counting.equals("call"), where);
            assertEquals(List.of(BASE, CRASHED), after.recoveryPointIds("prod"));
        }

        // While the dead backup's session looks alive, collection waits; then it reclaims everything.
        boolean sessionLeft = store.keys().stream().anyMatch(k -> k.startsWith("sessions/"));
        if (sessionLeft) {
            assertTrue(after.collectGarbage().deferred());
        }
        s.clock.advance(RepositoryOptions.DEFAULTS.staleAfter().plus(Duration.ofMinutes(1)));
        GcResult gc = after.collectGarbage();
        assertFalse(gc.deferred(), gc.toString());
        VerifyReport verified = after.verify();
        assertTrue(verified.ok(), verified.damage().toString());
        assertTrue(store.keys().stream().noneMatch(k -> k.startsWith("sessions/") || k.startsWith("gc/")), store.keys().toString());
        if (!committed) {
            assertEquals(packs(keysBefore), packs(store.keys()), "packs after collection");
            assertEquals(keysBefore.stream().filter(k -> k.startsWith("manifests/")).toList(),
                    store.keys().stream().filter(k -> k.startsWith("manifests/")).toList());
        }
        assertEquals(baseContent, VaultScenario.describe(after, BASE));

        // The next backup succeeds and holds what an undisturbed one would.
        BackupResult next = s.backup(after, s.source, s.snapshotter(), "rp-3");
        assertEquals(JobStatus.CompletedWithWarnings, next.job().status(), next.job().errors().toString());
        assertTrue(after.verify().ok());
        assertEquals(expected.subList(1, expected.size()), VaultScenario.describe(after, "rp-3").subList(1, expected.size()));
    }

    static List<String> packs(List<String> keys) {
        return keys.stream().filter(k -> k.startsWith("packs/")).toList();
    }
}
