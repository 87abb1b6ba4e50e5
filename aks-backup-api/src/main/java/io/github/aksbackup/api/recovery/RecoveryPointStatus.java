package io.github.aksbackup.api.recovery;

/** Whether a recovery point holds everything its backup selected. */
public enum RecoveryPointStatus {
    /** Every selected item was captured. */
    Completed,
    /** Some items failed; the recovery point holds the rest and its job lists the failures. */
    Partial
}
