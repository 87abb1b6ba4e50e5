package io.github.aksbackup.job;

import io.github.aksbackup.api.AksBackupException;
import io.github.aksbackup.api.job.HookStepResult;
import io.github.aksbackup.api.job.ItemResult;
import io.github.aksbackup.api.job.Job;
import io.github.aksbackup.api.job.JobCounts;
import io.github.aksbackup.api.job.JobError;
import io.github.aksbackup.api.job.JobStatus;
import io.github.aksbackup.api.job.Operation;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Collects what a running job does (counters, items, warnings, errors, hook steps) and turns it into
 * {@link Job} records; tells a {@link ProgressListener}. Thread-safe: restore workers record
 * concurrently.
 *
 * <p>Per-item results are capped ({@link #DEFAULT_MAX_ITEMS} by default) so that a job over a huge
 * cluster stays small; counters stay exact and a warning says when items were left out.
 */
public final class JobRecorder {
    /** Default cap of recorded item results. */
    public static final int DEFAULT_MAX_ITEMS = 10_000;
    private static final Logger LOG = LoggerFactory.getLogger(JobRecorder.class);
    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final String id;
    private final Operation operation;
    private final String instanceName;
    private final Clock clock;
    private final Instant start;
    private final ProgressListener listener;
    private final int maxItems;

    private final AtomicLong seen = new AtomicLong();
    private final AtomicLong succeeded = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong bytesNew = new AtomicLong();
    private final AtomicLong bytesTotal = new AtomicLong();
    private final AtomicLong volumes = new AtomicLong();

    private final List<ItemResult> items = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();
    private final List<JobError> errors = new ArrayList<>();
    private final List<HookStepResult> hookSteps = new ArrayList<>();
    private long itemsLeftOut;
    private volatile String phase = "starting";
    private volatile String recoveryPointId;
    private volatile Job finalJob;

    /** Starts recording a job now. */
    public JobRecorder(Operation operation, String instanceName, String recoveryPointId, Clock clock, ProgressListener listener) {
        this(newId(operation, clock.instant()), operation, instanceName, recoveryPointId, clock, listener, DEFAULT_MAX_ITEMS);
    }

    /** Starts recording a job now with a given id and item cap. */
    public JobRecorder(String id, Operation operation, String instanceName, String recoveryPointId, Clock clock,
            ProgressListener listener, int maxItems) {
        this.id = Objects.requireNonNull(id, "id");
        this.operation = Objects.requireNonNull(operation, "operation");
        this.instanceName = instanceName;
        this.recoveryPointId = recoveryPointId;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.listener = listener == null ? ProgressListener.NONE : listener;
        this.maxItems = maxItems;
        this.start = clock.instant();
    }

    /** A job id: the operation, the start time and a random suffix, so that ids sort by time. */
    public static String newId(Operation operation, Instant at) {
        return operation.name().toLowerCase(java.util.Locale.ROOT) + "-" + ID_TIME.format(at) + "-"
                + String.format("%06x", ThreadLocalRandom.current().nextInt(1 << 24));
    }

    public String id() {
        return id;
    }

    public Operation operation() {
        return operation;
    }

    /** Sets the recovery point made or used. */
    public void recoveryPoint(String rpId) {
        this.recoveryPointId = rpId;
    }

    /** Enters a phase and reports progress. */
    public void phase(String p) {
        this.phase = p;
        progress();
    }

    public void seen(long n) {
        seen.addAndGet(n);
    }

    public void succeeded(long n) {
        succeeded.addAndGet(n);
    }

    public void skipped(long n) {
        skipped.addAndGet(n);
    }

    public void failed(long n) {
        failed.addAndGet(n);
    }

    public void bytes(long added, long total) {
        bytesNew.addAndGet(added);
        bytesTotal.addAndGet(total);
    }

    public void volumes(long n) {
        volumes.addAndGet(n);
    }

    /** Records one item result (counters are separate: call them too). */
    public synchronized void item(ItemResult r) {
        if (items.size() < maxItems) {
            items.add(r);
        } else {
            itemsLeftOut++;
        }
    }

    public synchronized void warning(String w) {
        warnings.add(w);
    }

    public synchronized void error(JobError e) {
        errors.add(e);
    }

    /** Records an exception as an error of the whole job or of one item. */
    public void error(Throwable t, String item) {
        if (t instanceof AksBackupException a) {
            error(new JobError(a.code(), a.getMessage(), a.recommendedAction(), item));
        } else {
            error(new JobError("Internal", String.valueOf(t.getMessage() == null ? t : t.getMessage()), null, item));
        }
    }

    public synchronized void hookSteps(List<HookStepResult> steps) {
        hookSteps.addAll(steps);
    }

    /** Current counters. */
    public JobCounts counts() {
        return new JobCounts(seen.get(), succeeded.get(), skipped.get(), failed.get(), bytesNew.get(), bytesTotal.get(),
                volumes.get());
    }

    /** Failed items so far. */
    public long failedCount() {
        return failed.get();
    }

    /** Tells the listener where the job stands. */
    public void progress() {
        notifyListener(new Progress(id, operation, JobStatus.InProgress, phase, counts()));
    }

    private void notifyListener(Progress p) {
        try {
            listener.onProgress(p);
        } catch (RuntimeException e) {
            LOG.warn("progress listener failed: {}", e.toString());
        }
    }

    /** The job as it stands, in progress. */
    public synchronized Job snapshot() {
        return build(JobStatus.InProgress, null);
    }

    /** Ends the job with a status (computed by the caller) and returns the final record. */
    public Job finish(JobStatus status) {
        Job j;
        synchronized (this) {
            if (finalJob != null) {
                return finalJob;
            }
            if (itemsLeftOut > 0) {
                warnings.add(itemsLeftOut + " item results are not listed (the job lists at most " + maxItems
                        + "); the counters are exact");
            }
            phase = status == JobStatus.Failed ? "failed" : "done";
            j = build(status, clock.instant());
            finalJob = j;
        }
        notifyListener(new Progress(id, operation, status, j.phase(), j.counts()));
        return j;
    }

    /** The usual final status: Failed on errors of the whole job, with warnings when items failed or warnings exist. */
    public synchronized JobStatus outcome() {
        boolean jobError = errors.stream().anyMatch(e -> e.item() == null);
        if (jobError) {
            return JobStatus.Failed;
        }
        return failed.get() > 0 || !warnings.isEmpty() || !errors.isEmpty() ? JobStatus.CompletedWithWarnings : JobStatus.Completed;
    }

    private Job build(JobStatus status, Instant end) {
        return new Job(id, operation, instanceName, recoveryPointId, status, start, end, phase, counts(), errors, warnings,
                items, hookSteps);
    }
}
