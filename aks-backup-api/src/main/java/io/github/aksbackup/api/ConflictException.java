package io.github.aksbackup.api;

/** Thrown when a create meets an existing object, or a write-once key is already taken. */
public class ConflictException extends AksBackupException {
    private static final long serialVersionUID = 1L;

    public ConflictException(String message) {
        super("Conflict", message);
    }
}
