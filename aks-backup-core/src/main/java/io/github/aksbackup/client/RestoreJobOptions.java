package io.github.aksbackup.client;

import io.github.aksbackup.job.ProgressListener;

/**
 * Options of a restore.
 *
 * @param dryRun plan only: read the target and return what would be created, skipped, patched,
 *     recreated or failed, in order, without writing anything (not recorded as a job)
 * @param listener receives progress with counts and bytes, or {@code null}
 */
public record RestoreJobOptions(boolean dryRun, ProgressListener listener) {
    /** A real restore, no listener. */
    public static RestoreJobOptions defaults() {
        return new RestoreJobOptions(false, null);
    }

    /** A dry run. */
    public static RestoreJobOptions planOnly() {
        return new RestoreJobOptions(true, null);
    }

    /** These options with a progress listener. */
    public RestoreJobOptions withListener(ProgressListener l) {
        return new RestoreJobOptions(dryRun, l);
    }
}
