package io.github.aksbackup.restore;

import io.github.aksbackup.api.job.ItemResult;
import io.github.aksbackup.api.job.Job;
import java.util.List;
import java.util.Objects;

/**
 * The outcome of a restore: its job record, whose items are, in order, what was done to each object
 * (for a dry run: what would be done, without any write to the cluster).
 */
public record RestoreResult(Job job, boolean dryRun) {
    public RestoreResult {
        Objects.requireNonNull(job, "job");
    }

    /** What was (or, for a dry run, would be) created, skipped, patched, recreated or failed, in restore order. */
    public List<ItemResult> items() {
        return job.items();
    }
}
