package io.github.aksbackup.api.hook;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * One restore hook command, exec'd in a restored pod's container once that container is ready.
 *
 * @param container container name; {@code null} means the pod's first container
 * @param command the command and its arguments; not empty
 * @param onError what a failure does; restore default {@code Continue}
 * @param execTimeout how long the command may run; default 30s
 * @param waitTimeout how long to wait for the container to become ready; default 5m
 */
public record RestoreExecStep(String container, List<String> command, OnError onError, Duration execTimeout,
        Duration waitTimeout) {
    /** Default of {@link #execTimeout()}. */
    public static final Duration DEFAULT_EXEC_TIMEOUT = Duration.ofSeconds(30);
    /** Default of {@link #waitTimeout()}. */
    public static final Duration DEFAULT_WAIT_TIMEOUT = Duration.ofMinutes(5);

    public RestoreExecStep {
        command = List.copyOf(Objects.requireNonNull(command, "command"));
        if (command.isEmpty() || command.get(0).isBlank()) {
            throw new IllegalArgumentException("exec.command must not be empty");
        }
        onError = onError == null ? OnError.Continue : onError;
        execTimeout = execTimeout == null ? DEFAULT_EXEC_TIMEOUT : execTimeout;
        waitTimeout = waitTimeout == null ? DEFAULT_WAIT_TIMEOUT : waitTimeout;
        if (execTimeout.isNegative() || execTimeout.isZero()) {
            throw new IllegalArgumentException("exec.execTimeout must be positive, was " + execTimeout);
        }
        if (waitTimeout.isNegative() || waitTimeout.isZero()) {
            throw new IllegalArgumentException("exec.waitTimeout must be positive, was " + waitTimeout);
        }
    }
}
