package io.github.aksbackup.api;

/** Thrown when a named thing (recovery point, job, object, Kubernetes resource, hook) does not exist. */
public class NotFoundException extends AksBackupException {
    private static final long serialVersionUID = 1L;

    public NotFoundException(String message) {
        super(ErrorCode.NOT_FOUND, message);
    }

    /**
     * @param recommendedAction what to do, or {@code null} for {@link ErrorCode#NOT_FOUND}'s advice
     * @param cause the underlying failure, or {@code null}
     */
    public NotFoundException(String message, String recommendedAction, Throwable cause) {
        super(ErrorCode.NOT_FOUND, message, recommendedAction, cause);
    }
}
