package io.github.aksbackup.api;

/**
 * Root of every unchecked exception the SDK throws; its message says what went wrong and what to do next.
 *
 * <p>{@link #code()} is a stable, machine-readable identifier (for example {@code InvalidInput},
 * {@code NotFound}, {@code Conflict}, {@code DataCorrupted}) that scripts and job records use.
 */
public class AksBackupException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String code;
    private final String recommendedAction;

    public AksBackupException(String code, String message) {
        this(code, message, null, null);
    }

    public AksBackupException(String code, String message, String recommendedAction, Throwable cause) {
        super(message, cause);
        this.code = code == null || code.isBlank() ? "Internal" : code;
        this.recommendedAction = recommendedAction;
    }

    /** Stable machine-readable error code. */
    public String code() {
        return code;
    }

    /** What the user can do about it, or {@code null} when there is nothing beyond the message. */
    public String recommendedAction() {
        return recommendedAction;
    }
}
