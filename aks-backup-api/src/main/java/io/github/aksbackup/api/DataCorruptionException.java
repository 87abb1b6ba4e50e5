package io.github.aksbackup.api;

/**
 * Thrown when stored data fails its integrity check (hash mismatch, truncated or undecodable pack,
 * index or manifest); names the damaged object. Damaged data is never restored silently.
 */
public class DataCorruptionException extends AksBackupException {
    private static final long serialVersionUID = 1L;

    public DataCorruptionException(String message) {
        super(ErrorCode.DATA_CORRUPTED, message);
    }

    /**
     * @param recommendedAction what to do, or {@code null} for {@link ErrorCode#DATA_CORRUPTED}'s advice
     * @param cause the underlying failure, or {@code null}
     */
    public DataCorruptionException(String message, String recommendedAction, Throwable cause) {
        super(ErrorCode.DATA_CORRUPTED, message, recommendedAction, cause);
    }
}
