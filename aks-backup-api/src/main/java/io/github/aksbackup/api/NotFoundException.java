package io.github.aksbackup.api;

/** Thrown when a named thing (recovery point, job, object, Kubernetes resource, hook) does not exist. */
public class NotFoundException extends AksBackupException {
    private static final long serialVersionUID = 1L;

    public NotFoundException(String message) {
        super("NotFound", message);
    }
}
