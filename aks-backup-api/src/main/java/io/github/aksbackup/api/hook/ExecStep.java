package io.github.aksbackup.api.hook;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * One backup hook command, exec'd directly in a pod container (never through a shell).
 *
 * @param container container name; {@code null} means the pod's first container
 * @param command the command and its arguments; not empty
 * @param onError what a failure (non-zero exit, error, timeout) does; backup default {@code Fail}
 * @param timeout how long the command may run; backup default 30s
 */
public record ExecStep(String container, List<String> command, OnError onError, Duration timeout) {
    /** Default of {@link #timeout()} for backup hooks. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    public ExecStep {
        command = List.copyOf(Objects.requireNonNull(command, "command"));
        if (command.isEmpty() || command.get(0).isBlank()) {
            throw new IllegalArgumentException("exec.command must not be empty");
        }
        onError = onError == null ? OnError.Fail : onError;
        timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("exec.timeout must be positive, was " + timeout);
        }
    }
}
