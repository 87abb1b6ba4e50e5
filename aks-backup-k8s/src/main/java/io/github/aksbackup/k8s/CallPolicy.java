package io.github.aksbackup.k8s;

import io.github.aksbackup.api.AksBackupException;
import io.github.aksbackup.api.ErrorCode;
import io.github.aksbackup.api.NotFoundException;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.RequestNotPermitted;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every request to the API server goes through here: a client-side QPS/burst limit (so a large
 * restore does not flood the API server) and retries of transient failures with exponential
 * backoff, waiting what the server's Retry-After asks when it says.
 */
final class CallPolicy {
    private static final Logger LOG = LoggerFactory.getLogger(CallPolicy.class);

    private final RateLimiter limiter;
    private final Retry retry;
    private final int maxAttempts;
    private final AtomicLong retries = new AtomicLong();

    /**
     * @param qps sustained requests per second, {@code <= 0} for no limit
     * @param burst requests allowed at once above the sustained rate
     */
    CallPolicy(double qps, int burst, int maxAttempts, Duration initialBackoff, Duration maxBackoff,
            Duration maxRetryAfter) {
        this.maxAttempts = maxAttempts;
        if (qps > 0) {
            // resilience4j hands out limitForPeriod permits per refresh period; a period of burst/qps
            // seconds with burst permits gives the sustained rate qps and lets a burst through at once.
            long periodNanos = Math.max(1_000_000L, (long) (burst / qps * 1e9));
            limiter = RateLimiter.of("kube-apiserver", RateLimiterConfig.custom()
                    .limitForPeriod(burst)
                    .limitRefreshPeriod(Duration.ofNanos(periodNanos))
                    .timeoutDuration(Duration.ofDays(1))
                    .build());
        } else {
            limiter = null;
        }
        IntervalFunction backoff = IntervalFunction.ofExponentialRandomBackoff(
                initialBackoff.toMillis(), 2.0, 0.2, maxBackoff.toMillis());
        long capMillis = maxRetryAfter.toMillis();
        RetryConfig config = RetryConfig.custom()
                .maxAttempts(maxAttempts)
                .retryOnException(t -> t instanceof TransientFailure)
                .intervalBiFunction((attempt, outcome) -> {
                    if (outcome.isLeft() && outcome.getLeft() instanceof TransientFailure f && f.retryAfter() != null) {
                        return Math.min(capMillis, f.retryAfter().toMillis());
                    }
                    return backoff.apply(attempt);
                })
                .build();
        retry = Retry.of("kube-apiserver", config);
        retry.getEventPublisher().onRetry(e -> {
            retries.incrementAndGet();
            LOG.debug("retrying after {}: attempt {} of {}, waiting {}", e.getLastThrowable().getMessage(),
                    e.getNumberOfRetryAttempts() + 1, maxAttempts, e.getWaitInterval());
        });
    }

    /** Runs one request under the limit, retrying transient failures; {@code what} names it in errors. */
    <T> T run(String what, Supplier<T> attempt) {
        Supplier<T> limited = limiter == null ? attempt : RateLimiter.decorateSupplier(limiter, attempt);
        try {
            return Retry.decorateSupplier(retry, limited).get();
        } catch (TransientFailure f) {
            if (f.status() == 404) {
                throw new NotFoundException(f.getMessage());
            }
            throw new AksBackupException(ErrorCode.CLUSTER_UNAVAILABLE,
                    what + " failed after " + maxAttempts + " attempts: " + f.getMessage(),
                    "Check that the API server is reachable and not overloaded, then retry.", f);
        } catch (RequestNotPermitted e) {
            throw new AksBackupException(ErrorCode.CLUSTER_UNAVAILABLE, what + " was not admitted by the client-side rate limit",
                    "Raise the client's QPS limit or retry later.", e);
        }
    }

    /** How many retries all requests made so far; for tests and diagnostics. */
    long retryCount() {
        return retries.get();
    }
}
