package io.github.aksbackup.resilience;

import io.github.aksbackup.api.AksBackupException;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How often and how patiently the engine repeats a store or cluster call that failed transiently
 * (an {@link AksBackupException} whose code is in {@link #TRANSIENT_CODES}): exponential backoff with
 * jitter between {@code initialBackoff} and {@code maxBackoff}, at most {@code maxAttempts} tries.
 *
 * @param maxAttempts tries in all, at least 1 (1 = no retry)
 * @param initialBackoff wait before the second try; zero retries at once (tests)
 * @param maxBackoff the longest wait between two tries
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {
    /** Codes of failures worth another try: the store or cluster was briefly unreachable or overloaded. */
    public static final Set<String> TRANSIENT_CODES = Set.of("StoreUnavailable", "ClusterUnavailable", "TooManyRequests");
    /** Eight tries, 200 ms to 10 s apart: rides out about half a minute of unavailability. */
    public static final RetryPolicy DEFAULTS = new RetryPolicy(8, Duration.ofMillis(200), Duration.ofSeconds(10));

    private static final Logger LOG = LoggerFactory.getLogger(RetryPolicy.class);

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
        }
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("backoff must satisfy 0 <= initialBackoff <= maxBackoff, was "
                    + initialBackoff + " and " + maxBackoff);
        }
    }

    /** {@code attempts} tries without waiting in between; for tests, which never sleep. */
    public static RetryPolicy immediate(int attempts) {
        return new RetryPolicy(attempts, Duration.ZERO, Duration.ZERO);
    }

    /** True when {@code t} is a failure that another try may not meet. */
    public static boolean isTransient(Throwable t) {
        return t instanceof AksBackupException e && TRANSIENT_CODES.contains(e.code());
    }

    /** A resilience4j retry for calls named {@code name}, retrying {@linkplain #isTransient transient} failures. */
    Retry newRetry(String name) {
        IntervalFunction backoff = initialBackoff.isZero() ? attempt -> 0L
                : IntervalFunction.ofExponentialRandomBackoff(initialBackoff.toMillis(), 2.0, 0.2, maxBackoff.toMillis());
        Retry retry = Retry.of(name, RetryConfig.custom()
                .maxAttempts(maxAttempts)
                .retryOnException(RetryPolicy::isTransient)
                .intervalFunction(backoff)
                .build());
        retry.getEventPublisher().onRetry(e -> LOG.debug("{}: retrying after a transient failure ({}), attempt {} of {}",
                name, e.getLastThrowable() == null ? "?" : e.getLastThrowable().getMessage(), e.getNumberOfRetryAttempts() + 1,
                maxAttempts));
        return retry;
    }

    /** Runs {@code call} under {@code retry}; {@code attempt} is told the number of the try (1-based). */
    static <T> T run(Retry retry, Attempt<T> call) {
        int[] n = {0};
        Supplier<T> s = () -> call.run(++n[0]);
        return Retry.decorateSupplier(retry, s).get();
    }

    /** One try of a call. */
    @FunctionalInterface
    interface Attempt<T> {
        T run(int attempt);
    }
}
