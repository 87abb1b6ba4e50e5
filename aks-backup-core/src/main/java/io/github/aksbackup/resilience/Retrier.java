package io.github.aksbackup.resilience;

import io.github.aksbackup.api.AksBackupException;
import io.github.aksbackup.api.ErrorCode;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one retry loop of the SDK, on a resilience4j {@link Retry}: resilience4j decides whether a
 * failure is worth another try (transient, tries left) and how long to wait (the failure's Retry-After,
 * else exponential backoff with jitter); this loop keeps the time limit and waits.
 */
final class Retrier {
    private static final Logger LOG = LoggerFactory.getLogger(Retrier.class);

    private final String name;
    private final RetryOptions options;
    private final Retry retry;
    private final Clock clock;
    private final Sleeper sleeper;

    Retrier(String name, RetryOptions options, Clock clock, Sleeper sleeper) {
        this.name = Objects.requireNonNull(name, "name");
        this.options = Objects.requireNonNull(options, "options");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        IntervalFunction backoff = options.initialBackoff().isZero() ? attempt -> 0L
                : IntervalFunction.ofExponentialRandomBackoff(options.initialBackoff().toMillis(), 2.0, 0.2,
                        options.maxBackoff().toMillis());
        this.retry = Retry.of(name, RetryConfig.custom()
                .maxAttempts(options.maxAttempts())
                .retryOnException(Retrier::isTransient)
                .intervalBiFunction((attempt, outcome) -> outcome.isLeft()
                        && outcome.getLeft() instanceof AksBackupException e && e.retryAfter().isPresent()
                        ? e.retryAfter().get().toMillis() : backoff.apply(attempt))
                .build());
    }

    /** True when {@code t} is a failure another try may not meet. */
    static boolean isTransient(Throwable t) {
        return t instanceof AksBackupException e && e.isTransient();
    }

    RetryOptions options() {
        return options;
    }

    /** Runs {@code call}, repeating it while it fails transiently, as the options allow. */
    <T> T run(Attempt<T> call) {
        Retry.AsyncContext<T> context = retry.asyncContext();
        Instant began = clock.instant();
        for (int attempt = 1; ; attempt++) {
            T result;
            try {
                result = call.run(attempt);
            } catch (RuntimeException failure) {
                long waitMillis = context.onError(failure);
                if (waitMillis < 0) {
                    throw failure;
                }
                Duration wait = Duration.ofMillis(waitMillis);
                Duration left = options.maxTotalTime().minus(Duration.between(began, clock.instant()));
                if (wait.compareTo(left) >= 0) {
                    LOG.debug("{}: giving up after try {}: waiting {} more would pass the time limit of {} ({})", name,
                            attempt, wait, options.maxTotalTime(), failure.getMessage());
                    throw failure;
                }
                LOG.debug("{}: try {} of {} failed transiently ({}); trying again in {}", name, attempt,
                        options.maxAttempts(), failure.getMessage(), wait);
                pause(wait, failure);
                continue;
            }
            context.onComplete();
            return result;
        }
    }

    private void pause(Duration wait, RuntimeException failure) {
        if (wait.isZero()) {
            return;
        }
        try {
            sleeper.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            AksBackupException cancelled = new AksBackupException(ErrorCode.CANCELLED, name
                    + ": interrupted while waiting to try again after: " + failure.getMessage(), null, failure);
            cancelled.addSuppressed(e);
            throw cancelled;
        }
    }

    /** One try of a call; {@code attempt} is its number, from 1. */
    @FunctionalInterface
    interface Attempt<T> {
        T run(int attempt);
    }
}
