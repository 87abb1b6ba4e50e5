package io.github.aksbackup.spi;

import java.util.Objects;

/**
 * How an exec ended: the exit code ({@code null} when it timed out or the process status is
 * unknown), what it wrote, and whether it hit its timeout.
 */
public record ExecResult(Integer exitCode, String stdout, String stderr, boolean timedOut) {
    public ExecResult {
        Objects.requireNonNull(stdout, "stdout");
        Objects.requireNonNull(stderr, "stderr");
    }

    /** True when the command finished with exit code 0. */
    public boolean succeeded() {
        return !timedOut && exitCode != null && exitCode == 0;
    }
}
