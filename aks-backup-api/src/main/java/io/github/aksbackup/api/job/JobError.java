package io.github.aksbackup.api.job;

import java.util.Objects;

/**
 * An error a job met: a stable code, a message, what the user can do about it, and the item it
 * concerns ({@code null} when it concerns the whole job).
 */
public record JobError(String code, String message, String recommendedAction, String item) {
    public JobError {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
    }
}
