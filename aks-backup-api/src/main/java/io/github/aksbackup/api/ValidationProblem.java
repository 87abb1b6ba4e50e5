package io.github.aksbackup.api;

import java.util.Objects;

/**
 * One problem found in user input: where it is (a JSON-path-like location such as
 * {@code $.policyRules[0].trigger.schedule.repeatingTimeIntervals[0]}) and what is wrong with it.
 */
public record ValidationProblem(String path, String message) {
    public ValidationProblem {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(message, "message");
    }

    @Override
    public String toString() {
        return path + ": " + message;
    }
}
