package io.github.aksbackup.restore;

import java.time.Duration;
import java.util.Objects;

/**
 * Tuning of restores.
 *
 * @param parallelism objects created concurrently within one tier (default 16): a restore is bound by
 *     how fast the API server accepts writes, and a few concurrent requests keep it busy
 * @param typeWaitTimeout how long to wait for the target to serve the type of a restored CRD (default 1 min)
 * @param recreateAttempts how often a Recreate retries its create while the deleted object is still
 *     terminating (default 30)
 * @param recreatePause pause between those attempts (default 1 s)
 * @param maxItems per-item results kept in the job (default 10,000; counters stay exact)
 */
public record RestoreOptions(int parallelism, Duration typeWaitTimeout, int recreateAttempts, Duration recreatePause, int maxItems) {
    /** The defaults. */
    public static final RestoreOptions DEFAULTS = new RestoreOptions(16, Duration.ofMinutes(1), 30, Duration.ofSeconds(1), 10_000);

    public RestoreOptions {
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1, was " + parallelism);
        }
        Objects.requireNonNull(typeWaitTimeout, "typeWaitTimeout");
        if (recreateAttempts < 1) {
            throw new IllegalArgumentException("recreateAttempts must be at least 1, was " + recreateAttempts);
        }
        Objects.requireNonNull(recreatePause, "recreatePause");
        if (maxItems < 0) {
            throw new IllegalArgumentException("maxItems must not be negative, was " + maxItems);
        }
    }

    /** These options with another parallelism. */
    public RestoreOptions withParallelism(int p) {
        return new RestoreOptions(p, typeWaitTimeout, recreateAttempts, recreatePause, maxItems);
    }
}
