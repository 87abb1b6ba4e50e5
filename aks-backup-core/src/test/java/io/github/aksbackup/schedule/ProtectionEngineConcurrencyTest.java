package io.github.aksbackup.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.aksbackup.api.ConflictException;
import io.github.aksbackup.api.policy.BackupPolicy;
import io.github.aksbackup.retention.TestPolicies;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ProtectionEngineConcurrencyTest {
    private static final BackupPolicy POLICY = TestPolicies.policy("R/2026-01-01T00:00:00Z/PT4H",
            TestPolicies.calendarTags(), TestPolicies.calendarRules());

    /** Blocks backups of one instance until released, counting how many run at once per instance. */
    private static final class GatedRunner implements BackupRunner {
        final BackupRunner delegate;
        final String gated;
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final Map<String, AtomicInteger> running = new ConcurrentHashMap<>();
        final AtomicInteger maxSameInstance = new AtomicInteger();

        GatedRunner(BackupRunner delegate, String gated) {
            this.delegate = delegate;
            this.gated = gated;
        }

        @Override
        public BackupOutcome run(BackupRequest request) {
            AtomicInteger n = running.computeIfAbsent(request.instanceName(), k -> new AtomicInteger());
            maxSameInstance.accumulateAndGet(n.incrementAndGet(), Math::max);
            try {
                if (request.instanceName().equals(gated)) {
                    entered.countDown();
                    if (!release.await(30, TimeUnit.SECONDS)) {
                        return new BackupOutcome.Failed("test gate never opened");
                    }
                }
                return delegate.run(request);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new BackupOutcome.Failed("interrupted");
            } finally {
                n.decrementAndGet();
            }
        }
    }

    @Test
    void busyInstanceIsSkippedWhileOthersProceed() throws Exception {
        ExecutorService caller = Executors.newSingleThreadExecutor();
        GatedRunner[] gates = new GatedRunner[1];
        try (EngineFixture f = new EngineFixture(Instant.parse("2026-01-01T04:00:00Z"))) {
            f.protect("slow", POLICY);
            GatedRunner gate = new GatedRunner(f.recorder, "slow");
            gates[0] = gate;
            f.runner = gate;
            Future<RunReport> first = caller.submit(f::runDue);
            assertTrue(gate.entered.await(30, TimeUnit.SECONDS), "slow backup started");
            f.protect("fast", POLICY);

            // While "slow" is still backing up, a second pass and an on-demand backup must not start another.
            f.clock.set(Instant.parse("2026-01-01T08:00:00Z"));
            RunReport second = f.runDue();
            assertEquals(List.of("slow"), second.events(EngineEvent.Kind.SKIPPED_BUSY).stream().map(EngineEvent::instanceName).toList());
            assertEquals(List.of("fast"), second.events(EngineEvent.Kind.BACKUP_SUCCEEDED).stream().map(EngineEvent::instanceName).toList());
            assertThrows(ConflictException.class, () -> f.engine().backupNow("slow", null));

            gate.release.countDown();
            RunReport firstReport = first.get(30, TimeUnit.SECONDS);
            assertEquals(List.of("slow"), firstReport.events(EngineEvent.Kind.BACKUP_SUCCEEDED).stream().map(EngineEvent::instanceName).toList());
            assertEquals(1, gate.maxSameInstance.get());

            // The skipped 08:00 slot of "slow" is still due on the next pass.
            RunReport third = f.runDue();
            assertEquals(List.of("slow"), third.events(EngineEvent.Kind.BACKUP_SUCCEEDED).stream().map(EngineEvent::instanceName).toList());
        } finally {
            if (gates[0] != null) {
                gates[0].release.countDown();
            }
            caller.shutdownNow();
        }
    }

    @Test
    void realTimeSchedulerRunsPassesAndShutsDownCleanly() throws Exception {
        EngineFixture f = new EngineFixture(Instant.parse("2026-01-01T04:00:00Z"));
        f.protect("aks1", POLICY);
        CountDownLatch backedUp = new CountDownLatch(1);
        f.runner = request -> {
            BackupOutcome out = f.recorder.run(request);
            backedUp.countDown();
            return out;
        };
        ProtectionEngine engine = ProtectionEngine.builder().clock(f.clock).protectionSource(() -> f.instances)
                .backupRunner(r -> f.runner.run(r)).lifecycleStore(f.store).scheduleMarkStore(f.store)
                .tieringActions(f.actions).tick(java.time.Duration.ofMillis(20)).build();
        engine.start();
        engine.start(); // idempotent
        assertTrue(backedUp.await(30, TimeUnit.SECONDS), "the scheduler thread ran a pass");
        engine.close();
        engine.close(); // idempotent
        assertTrue(engine.isClosed());
        assertThrows(IllegalStateException.class, engine::runDue);
        assertThrows(IllegalStateException.class, engine::start);
        assertEquals(1, f.recorder.requests().size());
        assertTrue(Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.getName().startsWith("aks-backup-scheduler-") && t.isAlive() && !t.isDaemon()));
    }
}
