package io.github.aksbackup.api.job;

/**
 * Counters of a job.
 *
 * @param seen items considered
 * @param succeeded items backed up / restored (created, patched or recreated)
 * @param skipped items skipped (excluded, or left alone by the conflict policy)
 * @param failed items that failed
 * @param bytesNew bytes written that the vault did not already hold
 * @param bytesTotal bytes the job covered (uncompressed canonical JSON for objects)
 * @param volumes volumes snapshotted or restored
 */
public record JobCounts(long seen, long succeeded, long skipped, long failed, long bytesNew, long bytesTotal,
        long volumes) {
    /** All zero. */
    public static final JobCounts ZERO = new JobCounts(0, 0, 0, 0, 0, 0, 0);
}
