package io.github.aksbackup.job;

/**
 * Receives progress of a running job: after every listed page of a backup, every few items of a
 * restore, at phase changes and at the end. Called from the job's threads; must be quick and must not
 * throw (exceptions are logged and ignored).
 */
@FunctionalInterface
public interface ProgressListener {
    /** Ignores progress. */
    ProgressListener NONE = p -> { };

    /** Called with the job's state so far. */
    void onProgress(Progress progress);
}
