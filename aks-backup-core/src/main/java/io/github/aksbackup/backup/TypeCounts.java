package io.github.aksbackup.backup;

import io.github.aksbackup.job.JobRecorder;

/** The job's counters for one type, kept also per type so that a restarted listing can take them back. */
final class TypeCounts {
    private final JobRecorder job;
    private long seen;
    private long succeeded;
    private long skipped;
    private long failed;

    TypeCounts(JobRecorder job) {
        this.job = job;
    }

    void seen() {
        seen++;
        job.seen(1);
    }

    void succeeded() {
        succeeded++;
        job.succeeded(1);
    }

    void skipped() {
        skipped++;
        job.skipped(1);
    }

    void failed() {
        failed++;
        job.failed(1);
    }

    /** Takes back from the job what this type counted so far, and starts again from zero. */
    void undo() {
        job.seen(-seen);
        job.succeeded(-succeeded);
        job.skipped(-skipped);
        job.failed(-failed);
        seen = 0;
        succeeded = 0;
        skipped = 0;
        failed = 0;
    }
}
