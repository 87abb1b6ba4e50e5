package io.github.aksbackup.azure.internal;

import com.azure.core.util.polling.LongRunningOperationStatus;
import com.azure.core.util.polling.PollResponse;
import com.azure.core.util.polling.SyncPoller;
import io.github.aksbackup.api.AksBackupException;
import io.github.aksbackup.api.ErrorCode;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Azure Resource Manager calls at the adapter's edge: their failures translated once
 * ({@link AzureErrors}, server errors as {@code AzureUnavailable}), a circuit breaker around them (so
 * an outage fails fast instead of every job waiting out its own retries), and the polling of
 * long-running operations and copies until they are done. Nothing here repeats a failed request:
 * the SDK's retry layer does that. A poll that fails transiently counts as "not done yet", since the
 * next poll asks the same question.
 *
 * <p>Only transient failures (throttling, server errors, network) count against the breaker; a 404
 * or a 409 is an answer, not an outage.
 */
public final class ArmCalls {
    private final CircuitBreaker breaker;
    private final Duration pollInterval;
    private final Duration pollTimeout;
    private final Duration openFor;

    /**
     * @param name name of the breaker, for metrics and messages
     * @param failureRateThreshold percentage of transient failures among recent calls that opens the breaker
     * @param openFor how long an open breaker refuses calls before it lets a few through
     * @param pollInterval wait between two polls of a copy or snapshot
     * @param pollTimeout how long a copy or snapshot may take before polling gives up
     */
    public ArmCalls(String name, float failureRateThreshold, Duration openFor, Duration pollInterval,
            Duration pollTimeout) {
        this.pollInterval = positive(pollInterval, "pollInterval");
        this.pollTimeout = positive(pollTimeout, "pollTimeout");
        this.openFor = positive(openFor, "openFor");
        CircuitBreakerConfig config = CircuitBreakerConfig.custom()
                .failureRateThreshold(failureRateThreshold)
                .slidingWindowSize(10)
                .minimumNumberOfCalls(5)
                .waitDurationInOpenState(this.openFor)
                .permittedNumberOfCallsInHalfOpenState(2)
                .recordException(ArmCalls::isTransient)
                .build();
        this.breaker = CircuitBreaker.of(name, config);
    }

    private static Duration positive(Duration d, String what) {
        Objects.requireNonNull(d, what);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(what + " must be positive, was " + d);
        }
        return d;
    }

    /** The breaker, for tests and metrics. */
    public CircuitBreaker breaker() {
        return breaker;
    }

    /** Runs one ARM operation through the breaker and maps its failure. */
    public <T> T call(String operation, String permissionHint, Supplier<T> action) {
        try {
            return breaker.executeSupplier(action);
        } catch (CallNotPermittedException e) {
            throw new AksBackupException(ErrorCode.AZURE_UNAVAILABLE, operation + ": Azure Resource Manager failed"
                    + " repeatedly; calls are paused for " + openFor.toSeconds() + " s", null, e, openFor);
        } catch (RuntimeException e) {
            throw AzureErrors.map(e, operation, permissionHint, AzureErrors.Service.RESOURCE_MANAGER);
        }
    }

    /** {@link #call} for actions without a result. */
    public void run(String operation, String permissionHint, Runnable action) {
        call(operation, permissionHint, () -> {
            action.run();
            return null;
        });
    }

    /**
     * Polls {@code probe} every poll interval while {@code pending} holds, at most for the poll
     * timeout; a probe that fails transiently is asked again at the next poll.
     *
     * @throws AksBackupException with code {@code OperationTimedOut} when still pending at the end
     */
    public <T> T pollUntilDone(String what, Supplier<T> probe, Predicate<T> pending) {
        long attempts = Math.max(2, pollTimeout.toMillis() / pollInterval.toMillis() + 1);
        RetryConfig config = RetryConfig.<T>custom()
                .maxAttempts((int) Math.min(Integer.MAX_VALUE, attempts))
                .intervalFunction(IntervalFunction.of(pollInterval))
                .retryOnResult(pending)
                .retryOnException(e -> e instanceof AksBackupException a && a.isTransient())
                .build();
        T result = Retry.of(what, config).executeSupplier(probe);
        if (pending.test(result)) {
            throw new AksBackupException(ErrorCode.OPERATION_TIMED_OUT, what + " did not finish within " + pollTimeout,
                    null, null);
        }
        return result;
    }

    /**
     * Runs a long-running ARM operation: starts it through the breaker, polls it every poll
     * interval with a resilience4j retry (azure-core's poller would wait 30 s when the service sends
     * no Retry-After), and returns its final result.
     *
     * @throws AksBackupException with code {@code AzureOperationFailed} when the operation ends
     *     failed or cancelled, {@code OperationTimedOut} when it outlives the poll timeout
     */
    public <T> T awaitLro(String operation, String permissionHint, Supplier<SyncPoller<?, T>> begin) {
        SyncPoller<?, T> poller = call(operation, permissionHint, begin);
        PollResponse<?> last = pollUntilDone(operation, () -> call(operation, permissionHint, poller::poll),
                r -> !r.getStatus().isComplete());
        if (last.getStatus() != LongRunningOperationStatus.SUCCESSFULLY_COMPLETED) {
            throw new AksBackupException(ErrorCode.AZURE_OPERATION_FAILED, operation + ": the operation ended "
                    + last.getStatus(), null, null);
        }
        return call(operation, permissionHint, poller::getFinalResult);
    }

    /** True for failures that say Azure is unavailable rather than that the request was wrong. */
    public static boolean isTransient(Throwable e) {
        return AzureErrors.map(e instanceof RuntimeException r ? r : new RuntimeException(e), "", null,
                AzureErrors.Service.RESOURCE_MANAGER).isTransient();
    }
}
