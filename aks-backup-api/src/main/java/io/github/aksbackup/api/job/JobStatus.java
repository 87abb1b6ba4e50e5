package io.github.aksbackup.api.job;

/** State of a job; every state but {@code InProgress} is final. */
public enum JobStatus {
    InProgress,
    Completed,
    CompletedWithWarnings,
    Failed,
    Cancelled;

    /** True for every final state. */
    public boolean isFinal() {
        return this != InProgress;
    }
}
