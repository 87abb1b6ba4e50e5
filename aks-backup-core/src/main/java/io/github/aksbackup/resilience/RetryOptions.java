package io.github.aksbackup.resilience;

import java.time.Duration;
import java.util.Objects;

/**
 * How the SDK repeats a store, cluster or volume call that failed transiently (an
 * {@link io.github.aksbackup.api.AksBackupException} whose {@link io.github.aksbackup.api.ErrorCode}
 * {@linkplain io.github.aksbackup.api.ErrorCode#isTransient() is transient}): set once on
 * {@code AksBackupClient.builder().retryOptions(...)}, and the only retries there are — adapters
 * make each request once, so a call makes at most {@code maxAttempts} requests.
 *
 * <p>Between tries it waits what the server asked for (a throttled response's Retry-After), else an
 * exponential backoff with jitter from {@code initialBackoff} up to {@code maxBackoff}. A call does
 * not start another try, nor wait for one, past {@code maxTotalTime} after it began: it gives up with
 * the last failure instead. What waiting cannot fix (an admission webhook that denies the object or
 * cannot be called, an invalid object, a missing permission, a full quota) is never repeated.
 *
 * @param maxAttempts tries in all, at least 1 (1 = no retry)
 * @param initialBackoff wait before the second try without a Retry-After; zero retries at once (tests)
 * @param maxBackoff the longest backoff between two tries (a server's Retry-After may ask for more)
 * @param maxTotalTime how long after a call began it may still wait for and start a try
 */
public record RetryOptions(int maxAttempts, Duration initialBackoff, Duration maxBackoff, Duration maxTotalTime) {
    /** Eight tries, 200 ms to 10 s apart, within two minutes: rides out about half a minute of unavailability. */
    public static final RetryOptions DEFAULTS = new RetryOptions(8, Duration.ofMillis(200), Duration.ofSeconds(10),
            Duration.ofMinutes(2));

    public RetryOptions {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
        }
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        Objects.requireNonNull(maxTotalTime, "maxTotalTime");
        if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("backoff must satisfy 0 <= initialBackoff <= maxBackoff, was "
                    + initialBackoff + " and " + maxBackoff);
        }
        if (!initialBackoff.isZero() && initialBackoff.toMillis() < 1) {
            throw new IllegalArgumentException("initialBackoff must be zero or at least 1 ms, was " + initialBackoff);
        }
        if (maxTotalTime.isNegative() || maxTotalTime.isZero()) {
            throw new IllegalArgumentException("maxTotalTime must be positive, was " + maxTotalTime);
        }
    }

    /** {@code attempts} tries without waiting in between (unless a server asks to wait); for tests, which never sleep. */
    public static RetryOptions immediate(int attempts) {
        return new RetryOptions(attempts, Duration.ZERO, Duration.ZERO, Duration.ofHours(1));
    }

    /** These options with {@code attempts} tries in all. */
    public RetryOptions withMaxAttempts(int attempts) {
        return new RetryOptions(attempts, initialBackoff, maxBackoff, maxTotalTime);
    }

    /** These options with the backoff doubling from {@code initial} up to {@code max}. */
    public RetryOptions withBackoff(Duration initial, Duration max) {
        return new RetryOptions(maxAttempts, initial, max, maxTotalTime);
    }

    /** These options with another time limit. */
    public RetryOptions withMaxTotalTime(Duration limit) {
        return new RetryOptions(maxAttempts, initialBackoff, maxBackoff, limit);
    }
}
