package io.github.aksbackup.api.job;

/** What happened to one item (object or volume) in a job. */
public enum ItemAction {
    BackedUp,
    Created,
    Patched,
    Recreated,
    Skipped,
    Failed,
    Snapshotted
}
