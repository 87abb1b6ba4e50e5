package io.github.aksbackup.api;

/**
 * Thrown when stored data fails its integrity check (hash mismatch, truncated or undecodable pack,
 * index or manifest); names the damaged object. Damaged data is never restored silently.
 */
public class DataCorruptionException extends AksBackupException {
    private static final long serialVersionUID = 1L;

    public DataCorruptionException(String message) {
        super("DataCorrupted", message, "Run 'aks-backup vault verify' to list every damaged object.", null);
    }
}
