package io.github.aksbackup.schedule;

import io.github.aksbackup.api.recovery.RecoveryPoint;
import io.github.aksbackup.api.recovery.RecoveryPointStatus;
import io.github.aksbackup.schedule.BackupOutcome;
import io.github.aksbackup.schedule.BackupRequest;
import io.github.aksbackup.schedule.BackupRunner;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link BackupRunner} that captures nothing: it records each request and, unless told that the
 * slot fails, adds an empty recovery point with the requested tag and copies to an
 * {@link InMemoryProtectionStore}. For tests of scheduling and retention, and for running the
 * protection engine before a real backup is wired in. Thread-safe.
 */
public final class RecordingBackupRunner implements BackupRunner {
    private final InMemoryProtectionStore store;
    private final List<BackupRequest> requests = new ArrayList<>();
    private final Set<Instant> failing = new HashSet<>();
    private final AtomicLong sequence = new AtomicLong();

    /** A runner that records recovery points into {@code store}. */
    public RecordingBackupRunner(InMemoryProtectionStore store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    /** Makes backups whose time is {@code time} fail (for every instance). */
    public synchronized RecordingBackupRunner failAt(Instant time) {
        failing.add(time);
        return this;
    }

    @Override
    public BackupOutcome run(BackupRequest request) {
        synchronized (this) {
            requests.add(request);
            if (failing.contains(request.time())) {
                return new BackupOutcome.Failed("configured to fail at " + request.time());
            }
        }
        String id = request.instanceName() + "-" + request.time().getEpochSecond() + "-" + sequence.incrementAndGet();
        store.add(new RecoveryPoint(id, request.instanceName(), request.time(), request.type(), request.tag(),
                RecoveryPointStatus.Completed, request.stores(), 0, 0, List.of()));
        return new BackupOutcome.Succeeded(id);
    }

    /** Every request so far, in the order received. */
    public synchronized List<BackupRequest> requests() {
        return List.copyOf(requests);
    }
}
