package io.github.aksbackup.spi;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A command to run in a pod container, exec'd directly (never through a shell).
 *
 * @param namespace pod namespace
 * @param pod pod name
 * @param container container name, or {@code null} for the pod's first container
 * @param command command and arguments, not empty
 * @param timeout how long it may run before it is abandoned
 */
public record ExecRequest(String namespace, String pod, String container, List<String> command, Duration timeout) {
    public ExecRequest {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(pod, "pod");
        command = List.copyOf(Objects.requireNonNull(command, "command"));
        if (command.isEmpty()) {
            throw new IllegalArgumentException("command must not be empty");
        }
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, was " + timeout);
        }
    }
}
