package io.github.aksbackup.lease;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.aksbackup.spi.LeaseManager;
import io.github.aksbackup.store.DirectoryObjectStore;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A lease holder in another process (a JVM of its own on the same directory vault), killed with
 * SIGKILL or paused with SIGSTOP: the lease runs out and this process takes over; the paused holder,
 * continued, knows at once that it lost the lease. Wall clock, a few seconds.
 */
class VaultLeaseManagerProcessTest {
    static final Duration D = Duration.ofSeconds(4);

    @TempDir
    Path dir;

    Process holder() throws IOException {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", cp,
                LeaseHolderMain.class.getName(), dir.toString(), "child", Long.toString(D.toMillis()))
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    static void expectLine(BufferedReader out, String line) throws IOException {
        assertEquals(line, out.readLine());
    }

    VaultLeaseManager mine() {
        return VaultLeaseManager.builder(new DirectoryObjectStore(dir)).holder("test").duration(D).build();
    }

    /** Tries every 100 ms; returns the lease and how long it took. */
    static Optional<LeaseManager.Lease> takeWithin(VaultLeaseManager m, Duration limit) throws InterruptedException {
        long end = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < end) {
            Optional<LeaseManager.Lease> l = m.tryAcquire("instance/prod");
            if (l.isPresent()) {
                return l;
            }
            Thread.sleep(100);
        }
        return Optional.empty();
    }

    static void signal(Process p, String signal) throws Exception {
        assertEquals(0, new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).start().waitFor());
    }

    @Test
    void aKilledHoldersLeaseRunsOutAndAnotherProcessTakesOver() throws Exception {
        Process child = holder();
        try (VaultLeaseManager m = mine();
                BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            expectLine(out, "acquired");
            assertTrue(takeWithin(m, D.multipliedBy(3).dividedBy(2)).isEmpty(), "a live holder keeps it");
            signal(child, "KILL");
            child.waitFor(10, TimeUnit.SECONDS);
            long start = System.nanoTime();
            LeaseManager.Lease lease = takeWithin(m, D.multipliedBy(3)).orElseThrow();
            long tookMillis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(lease.held());
            assertEquals(Optional.of("test"), m.holderOf("instance/prod"));
            System.out.println("taken over " + tookMillis + " ms after the holder was killed (lease duration " + D.toMillis() + " ms)");
        } finally {
            child.destroyForcibly();
        }
    }

    @Test
    void aPausedHolderIsTakenOverAndKnowsItWhenItContinues() throws Exception {
        Process child = holder();
        try (VaultLeaseManager m = mine();
                BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            expectLine(out, "acquired");
            signal(child, "STOP");
            LeaseManager.Lease lease = takeWithin(m, D.multipliedBy(3)).orElseThrow();
            assertTrue(child.isAlive(), () -> "the paused holder ended with " + child.exitValue());
            signal(child, "CONT");
            expectLine(out, "lost");
            assertTrue(child.waitFor(10, TimeUnit.SECONDS));
            assertEquals(3, child.exitValue());
            Thread.sleep(D.toMillis() / 2);
            assertTrue(lease.held(), "renewed in the background, and the woken holder did not take it back");
            assertEquals(Optional.of("test"), m.holderOf("instance/prod"));
        } finally {
            child.destroyForcibly();
        }
    }

}
