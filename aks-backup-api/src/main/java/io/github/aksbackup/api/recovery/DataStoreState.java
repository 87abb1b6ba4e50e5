package io.github.aksbackup.api.recovery;

/** State of one copy of a recovery point in one data store. */
public enum DataStoreState {
    /** Planned (for example a vault copy due later) but not yet made. */
    Pending,
    /** Present and restorable. */
    Available,
    /** Expired and removed. */
    Deleted
}
