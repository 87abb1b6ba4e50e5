package io.github.aksbackup.k8s;

import io.github.aksbackup.api.AksBackupException;
import io.github.aksbackup.api.ErrorCode;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.RequestNotPermitted;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Every request to the API server goes through here: a client-side QPS/burst limit, so that a large
 * restore does not flood the API server. Each request is made once; what fails transiently is
 * repeated by the SDK's retry layer ({@code AksBackupClient.builder().retryOptions(...)}), never here.
 */
final class CallPolicy {
    private final RateLimiter limiter;

    /**
     * @param qps sustained requests per second, {@code <= 0} for no limit
     * @param burst requests allowed at once above the sustained rate
     */
    CallPolicy(double qps, int burst) {
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
    }

    /** Makes one request under the limit; {@code what} names it in errors. */
    <T> T run(String what, Supplier<T> request) {
        if (limiter == null) {
            return request.get();
        }
        try {
            return RateLimiter.decorateSupplier(limiter, request).get();
        } catch (RequestNotPermitted e) {
            throw new AksBackupException(ErrorCode.THROTTLED, what + " was not admitted by the client-side rate limit",
                    "Raise the client's request rate limit (--qps) or retry later.", e);
        }
    }
}
