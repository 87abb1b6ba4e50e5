package io.github.aksbackup.api;

/** Thrown when a create meets an existing object, or a write-once key is already taken. */
public class ConflictException extends AksBackupException {
    private static final long serialVersionUID = 1L;

    public ConflictException(String message) {
        super(ErrorCode.CONFLICT, message);
    }

    /**
     * @param recommendedAction what to do, or {@code null} for {@link ErrorCode#CONFLICT}'s advice
     * @param cause the underlying failure, or {@code null}
     */
    public ConflictException(String message, String recommendedAction, Throwable cause) {
        super(ErrorCode.CONFLICT, message, recommendedAction, cause);
    }
}
