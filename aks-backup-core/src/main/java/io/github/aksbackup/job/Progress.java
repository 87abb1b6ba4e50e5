package io.github.aksbackup.job;

import io.github.aksbackup.api.job.JobCounts;
import io.github.aksbackup.api.job.JobStatus;
import io.github.aksbackup.api.job.Operation;
import java.util.Objects;

/**
 * A job's progress at one moment: its phase (for example {@code listing apps/v1/Deployment},
 * {@code snapshotting volumes}, {@code restoring tier 7 (Secrets)}) and its counters, including bytes.
 *
 * @param jobId the job
 * @param operation what the job does
 * @param status {@code InProgress} until the last call, then the final status
 * @param phase what it is doing
 * @param counts counters so far
 */
public record Progress(String jobId, Operation operation, JobStatus status, String phase, JobCounts counts) {
    public Progress {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(counts, "counts");
    }
}
