package io.github.aksbackup.api.recovery;

/** How a recovery point came about. */
public enum RecoveryPointType {
    /** Taken at a slot of the policy's schedule. */
    Scheduled,
    /** Taken on a user's request. */
    OnDemand
}
