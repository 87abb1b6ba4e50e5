package io.github.aksbackup.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.aksbackup.api.job.JobStatus;
import io.github.aksbackup.backup.BackupResult;
import io.github.aksbackup.repository.Repository;
import io.github.aksbackup.repository.RepositoryOptions;
import io.github.aksbackup.repository.VerifyReport;
import io.github.aksbackup.testkit.InMemoryObjectStore;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Two or three engines, each with its own {@link Repository} on one vault, race through backups,
 * deletions and garbage collections; every seed is another interleaving of their store calls. The
 * vault is never corrupted: it verifies clean, every recovery point that exists restores its full
 * content, and collections afterwards keep it so.
 */
class ConcurrentVaultTest {
    /**
     * A few interleavings for every build, among them seed 9, which once caught a collection stopping
     * on a recovery point committed while it ran; {@link ConcurrentVaultIT} runs many more.
     */
    static LongStream seeds() {
        return LongStream.of(1, 2, 3, 4, 9);
    }

    /** What the racing actors see: the scenario, the shared store, the recovery points it expects intact. */
    private record Race(VaultScenario s, InMemoryObjectStore store, Map<String, List<String>> expected) {
    }

    private static Race prepare() {
        VaultScenario s = new VaultScenario();
        InMemoryObjectStore store = new InMemoryObjectStore(s.clock);
        assertEquals(JobStatus.CompletedWithWarnings, s.backup(s.open(store), s.source, s.snapshotter(), "rp-1").job().status());
        s.change();
        Repository reference = s.open(new InMemoryObjectStore(s.clock));
        s.backup(reference, s.source, s.snapshotter(), "rp-ref");
        Map<String, List<String>> expected = new ConcurrentHashMap<>();
        expected.put("changed", content(reference, "rp-ref"));
        return new Race(s, store, expected);
    }

    /** Entries and blobs of a recovery point, without its record (whose id and job differ). */
    private static List<String> content(Repository repo, String rp) {
        List<String> all = VaultScenario.describe(repo, rp);
        return all.subList(1, all.size());
    }

    /** Runs the actors, one store call at a time in the order the seed gives; returns what each threw. */
    private static Map<String, Throwable> race(long seed, InMemoryObjectStore store, Map<String, Function<Repository, Object>> actors,
            VaultScenario s) throws InterruptedException {
        Interleaver il = new Interleaver(seed, List.copyOf(actors.keySet()));
        Map<String, Throwable> failures = new ConcurrentHashMap<>();
        Map<String, Thread> threads = new LinkedHashMap<>();
        for (Map.Entry<String, Function<Repository, Object>> a : actors.entrySet()) {
            Thread t = new Thread(() -> {
                try {
                    il.start(a.getKey());
                    a.getValue().apply(s.open(il.store(store, a.getKey())));
                } catch (Throwable e) {
                    failures.put(a.getKey(), e);
                } finally {
                    il.finish(a.getKey());
                }
            }, "actor-" + a.getKey());
            threads.put(a.getKey(), t);
            t.start();
        }
        for (Thread t : threads.values()) {
            t.join(TimeUnit.MINUTES.toMillis(2));
            assertFalse(t.isAlive(), t.getName() + " did not finish");
        }
        assertTrue(il.switches() > 0, "the actors did interleave");
        return failures;
    }

    /** The vault verifies clean, every recovery point reads back whole, before and after a final collection. */
    private static void assertIntact(Race r, Map<String, String> rpToExpected) {
        for (int round = 0; round < 2; round++) {
            Repository repo = r.s().open(r.store());
            VerifyReport report = repo.verify();
            assertTrue(report.ok(), report.damage().toString());
            for (String rp : repo.recoveryPointIds("prod")) {
                String which = rpToExpected.get(rp);
                if (which != null) {
                    assertEquals(r.expected().get(which), content(repo, rp), rp);
                } else {
                    content(repo, rp);
                }
            }
            r.s().clock.advance(RepositoryOptions.DEFAULTS.staleAfter().plus(Duration.ofMinutes(1)));
            assertFalse(repo.collectGarbage().deferred());
        }
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void backupRacingDeletionAndCollectionNeverCorruptsTheVault(long seed) throws InterruptedException {
        Race r = prepare();
        Map<String, Function<Repository, Object>> actors = new LinkedHashMap<>();
        actors.put("backup", repo -> r.s().backup(repo, r.s().source, r.s().snapshotter(), "rp-2"));
        actors.put("collector", repo -> {
            repo.deleteRecoveryPoint("prod", "rp-1");
            return repo.collectGarbage();
        });
        Map<String, Throwable> failures = race(seed, r.store(), actors, r.s());
        assertEquals(Map.of(), failures);
        Repository repo = r.s().open(r.store());
        assertEquals(List.of("rp-2"), repo.recoveryPointIds("prod"));
        assertIntact(r, Map.of("rp-2", "changed"));
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void twoBackupsAndACollectionRacingNeverCorruptTheVault(long seed) throws InterruptedException {
        Race r = prepare();
        Map<String, Function<Repository, Object>> actors = new LinkedHashMap<>();
        actors.put("a", repo -> r.s().backup(repo, r.s().source, r.s().snapshotter(), "rp-a"));
        actors.put("b", repo -> r.s().backup(repo, r.s().source, r.s().snapshotter(), "rp-b"));
        actors.put("collector", Repository::collectGarbage);
        assertEquals(Map.of(), race(seed, r.store(), actors, r.s()));
        assertEquals(List.of("rp-1", "rp-a", "rp-b"), r.s().open(r.store()).recoveryPointIds("prod"));
        assertIntact(r, Map.of("rp-a", "changed", "rp-b", "changed"));
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void twoBackupsOfOneRecoveryPointLeaveExactlyOne(long seed) throws InterruptedException {
        Race r = prepare();
        Map<String, BackupResult> results = new ConcurrentHashMap<>();
        Map<String, Function<Repository, Object>> actors = new LinkedHashMap<>();
        for (String name : List.of("first", "second")) {
            actors.put(name, repo -> results.put(name, r.s().backup(repo, r.s().source, r.s().snapshotter(), "rp-2")));
        }
        assertEquals(Map.of(), race(seed, r.store(), actors, r.s()));
        long failed = results.values().stream().filter(b -> b.job().status() == JobStatus.Failed).count();
        assertEquals(1, failed, "one of the two must lose: " + results);
        BackupResult loser = results.values().stream().filter(b -> b.job().status() == JobStatus.Failed).findFirst().orElseThrow();
        assertNull(loser.manifest());
        assertTrue(loser.job().errors().get(0).message().contains("exists already"), loser.job().errors().toString());
        assertEquals(List.of("rp-1", "rp-2"), r.s().open(r.store()).recoveryPointIds("prod"));
        assertIntact(r, Map.of("rp-2", "changed"));
    }
}
