package io.github.aksbackup.schedule;

import io.github.aksbackup.api.instance.ProtectionState;
import io.github.aksbackup.api.policy.BackupPolicy;
import io.github.aksbackup.testkit.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A protection engine over in-memory stores and a manual clock, for tests. */
final class EngineFixture implements AutoCloseable {
    final ManualClock clock;
    final InMemoryProtectionStore store = new InMemoryProtectionStore();
    final RecordingBackupRunner recorder = new RecordingBackupRunner(store);
    final RecordingTieringActions actions = new RecordingTieringActions();
    final List<ProtectedInstance> instances = new CopyOnWriteArrayList<>();
    BackupRunner runner = recorder;
    private ProtectionEngine engine;

    EngineFixture(Instant start) {
        this.clock = new ManualClock(start);
    }

    EngineFixture protect(String name, BackupPolicy policy) {
        instances.add(new ProtectedInstance(name, policy, ProtectionState.ProtectionConfigured));
        return this;
    }

    ProtectionEngine engine() {
        if (engine == null) {
            engine = newEngine();
        }
        return engine;
    }

    /** A fresh engine over the same stores, as after a restart. */
    ProtectionEngine newEngine() {
        return ProtectionEngine.builder().clock(clock).protectionSource(() -> List.copyOf(instances))
                .backupRunner(request -> runner.run(request)).lifecycleStore(store).scheduleMarkStore(store)
                .tieringActions(actions).parallelism(4).build();
    }

    /** Runs a pass now. */
    RunReport runDue() {
        return engine().runDue();
    }

    /** Sets the clock to {@code time} and runs a pass. */
    RunReport runAt(String time) {
        clock.set(Instant.parse(time));
        return runDue();
    }

    /** Moves the clock by {@code step} and runs a pass, until the clock reaches {@code until}; returns all events. */
    List<EngineEvent> runUntil(Instant until, Duration step) {
        List<EngineEvent> events = new ArrayList<>();
        while (clock.instant().isBefore(until)) {
            clock.advance(step);
            events.addAll(runDue().events());
        }
        return events;
    }

    @Override
    public void close() {
        if (engine != null) {
            engine.close();
        }
    }
}
