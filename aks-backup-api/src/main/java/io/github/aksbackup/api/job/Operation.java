package io.github.aksbackup.api.job;

/** What a job does. */
public enum Operation {
    Backup,
    Restore,
    /** Copy of a recovery point from the operational tier to the vault tier. */
    VaultCopy,
    /** Removal of recovery-point copies whose retention ended. */
    Expiry,
    /** Reclamation of data no live recovery point references. */
    GarbageCollection,
    /** Read-back of a vault to find damaged data. */
    Verify,
    StopProtection
}
