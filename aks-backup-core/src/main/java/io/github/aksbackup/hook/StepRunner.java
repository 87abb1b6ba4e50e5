package io.github.aksbackup.hook;

import io.github.aksbackup.api.AksBackupException;
import io.github.aksbackup.api.ErrorCode;
import io.github.aksbackup.api.job.HookStepResult;
import io.github.aksbackup.spi.ClusterClient;
import io.github.aksbackup.spi.ExecRequest;
import io.github.aksbackup.spi.ExecResult;
import io.github.aksbackup.spi.KubeObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one hook step in one pod and records it as a {@link HookStepResult}: resolves the container
 * (the pod's first when the step names none), execs the command directly with the step's timeout,
 * and keeps the head and tail of its output.
 *
 * <p>The cluster client enforces the timeout; as a guard against a client that does not, the call
 * is also abandoned after the timeout plus a grace period of real time. A call that returns but took
 * longer than its timeout on the injected clock counts as timed out too, so a test on a manual clock
 * can play a slow command by advancing the clock.
 */
final class StepRunner {
    static final String SUCCEEDED = "Succeeded";
    static final String FAILED = "Failed";
    static final String TIMED_OUT = "TimedOut";
    static final String NOT_READY = "NotReady";

    private static final Logger LOG = LoggerFactory.getLogger(StepRunner.class);

    private final ClusterClient cluster;
    private final Clock clock;
    private final int outputLimit;
    private final Duration grace;
    /** Where cluster calls run, so that one the cluster client does not end can be abandoned. */
    private final Executor calls;

    StepRunner(ClusterClient cluster, Clock clock, int outputLimit, Duration grace, Executor calls) {
        this.cluster = cluster;
        this.clock = clock;
        this.outputLimit = outputLimit;
        this.grace = grace;
        this.calls = calls;
    }

    /**
     * The container a step runs in: its own, or the pod's first. {@code null} when the pod object
     * lists no containers and the step names none (the cluster then picks its first).
     *
     * @throws IllegalArgumentException when the step names a container the pod does not have
     */
    static String container(KubeObject pod, String stepContainer) {
        List<String> containers = PodSelection.containers(pod);
        if (stepContainer == null) {
            return containers.isEmpty() ? null : containers.get(0);
        }
        if (!containers.isEmpty() && !containers.contains(stepContainer)) {
            throw new IllegalArgumentException("container '" + stepContainer + "' is not in pod " + pod.qualifiedName()
                    + "; its containers are " + String.join(", ", containers));
        }
        return stepContainer;
    }

    /** A step that could not start (such as an unknown container), recorded as failed without running. */
    HookStepResult notRun(String hook, String phase, KubeObject pod, String container, List<String> command, String why) {
        return new HookStepResult(hook, phase, pod.qualifiedName(), container, command, null, Duration.ZERO, "", "", FAILED, why);
    }

    /** Execs the command and records how it ended. */
    HookStepResult exec(String hook, String phase, KubeObject pod, String container, List<String> command, Duration timeout) {
        Instant start = clock.instant();
        ExecRequest request = new ExecRequest(pod.namespace(), pod.name(), container, command, timeout);
        Integer exitCode = null;
        String stdout = "";
        String stderr = "";
        String outcome;
        String message;
        try {
            ExecResult r = call(() -> cluster.exec(request), timeout);
            Duration took = Duration.between(start, clock.instant());
            stdout = truncate(r.stdout());
            stderr = truncate(r.stderr());
            exitCode = r.exitCode();
            if (r.timedOut()) {
                outcome = TIMED_OUT;
                message = "did not finish within its timeout of " + HookDuration.format(timeout);
            } else if (took.compareTo(timeout) > 0) {
                outcome = TIMED_OUT;
                message = "ran " + HookDuration.format(took) + ", longer than its timeout of " + HookDuration.format(timeout);
            } else if (exitCode == null) {
                outcome = FAILED;
                message = "ended without an exit status";
            } else if (exitCode != 0) {
                outcome = FAILED;
                message = "exit code " + exitCode;
            } else {
                outcome = SUCCEEDED;
                message = null;
            }
        } catch (TimeoutException e) {
            outcome = TIMED_OUT;
            message = "did not finish within its timeout of " + HookDuration.format(timeout) + " (the cluster did not end it)";
        } catch (AksBackupException e) {
            outcome = FAILED;
            message = e.getMessage();
        }
        Duration took = Duration.between(start, clock.instant());
        LOG.debug("hook {} {} in pod {} container {}: {} after {}", hook, phase, pod.qualifiedName(), container, outcome, took);
        return new HookStepResult(hook, phase, pod.qualifiedName(), container, command, exitCode, took, stdout, stderr, outcome, message);
    }

    /**
     * Waits until the container is ready; a result only when it is not (outcome {@code NotReady} or,
     * when the wait itself failed, {@code Failed}), {@code null} when it is ready.
     */
    HookStepResult awaitReady(String hook, String phase, KubeObject pod, String container, List<String> command, Duration waitTimeout) {
        Instant start = clock.instant();
        String outcome;
        String message;
        try {
            if (call(() -> cluster.waitForPodReady(pod.namespace(), pod.name(), container, waitTimeout), waitTimeout)) {
                return null;
            }
            outcome = NOT_READY;
            message = "container " + (container == null ? "" : container + " ") + "was not ready within its waitTimeout of "
                    + HookDuration.format(waitTimeout) + "; the command did not run";
        } catch (TimeoutException e) {
            outcome = NOT_READY;
            message = "container " + (container == null ? "" : container + " ") + "was not ready within its waitTimeout of "
                    + HookDuration.format(waitTimeout) + " (the cluster did not end the wait); the command did not run";
        } catch (AksBackupException e) {
            outcome = FAILED;
            message = "waiting for the container to be ready failed: " + e.getMessage();
        }
        return new HookStepResult(hook, phase, pod.qualifiedName(), container, command, null,
                Duration.between(start, clock.instant()), "", "", outcome, message);
    }

    /** Runs a cluster call on a worker thread, abandoning it after {@code timeout} plus the grace period. */
    private <T> T call(Callable<T> task, Duration timeout) throws TimeoutException {
        FutureTask<T> f = new FutureTask<>(task);
        calls.execute(f);
        try {
            return f.get(timeout.plus(grace).toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            throw e;
        } catch (InterruptedException e) {
            f.cancel(true);
            Thread.currentThread().interrupt();
            throw new AksBackupException(ErrorCode.INTERRUPTED, "interrupted while running a hook");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof AksBackupException a) {
                throw a;
            }
            throw new AksBackupException(ErrorCode.EXEC_FAILED, String.valueOf(cause), null, cause);
        }
    }

    /** The output if it fits the limit, else its head and tail around a note of how much was left out. */
    String truncate(String s) {
        if (s == null) {
            return "";
        }
        if (s.length() <= outputLimit) {
            return s;
        }
        int half = outputLimit / 2;
        int omitted = s.length() - 2 * half;
        return s.substring(0, half) + "\n[... " + omitted + " characters omitted ...]\n" + s.substring(s.length() - half);
    }
}
