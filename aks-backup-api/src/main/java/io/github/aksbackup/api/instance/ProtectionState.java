package io.github.aksbackup.api.instance;

/** Lifecycle of a backup instance, following Azure's protection states. */
public enum ProtectionState {
    /** Backups run on the policy's schedule. */
    ProtectionConfigured,
    /** Scheduled backups are suspended; existing recovery points are retained and still expire. */
    ProtectionStopped,
    /** Protection was stopped and the data deleted. */
    ProtectionDeleted,
    /** The instance cannot be protected (configuration or permission problem). */
    ProtectionError
}
