package io.github.aksbackup.api;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Thrown when user input (a policy, a configuration, a selector, a hook resource, ...) is invalid.
 * Carries every problem found, each with its location, so a user can fix them all in one go.
 */
public class InvalidInputException extends AksBackupException {
    private static final long serialVersionUID = 1L;

    private final transient List<ValidationProblem> problems;

    public InvalidInputException(List<ValidationProblem> problems) {
        super(ErrorCode.INVALID_INPUT, summarize(problems));
        this.problems = List.copyOf(problems);
    }

    public InvalidInputException(String path, String message) {
        this(List.of(new ValidationProblem(path, message)));
    }

    /** Every problem found, in document order where there is one. */
    public List<ValidationProblem> problems() {
        return problems;
    }

    private static String summarize(List<ValidationProblem> problems) {
        if (problems == null || problems.isEmpty()) {
            throw new IllegalArgumentException("problems must not be empty");
        }
        return problems.stream().map(ValidationProblem::toString).collect(Collectors.joining("; "));
    }
}
