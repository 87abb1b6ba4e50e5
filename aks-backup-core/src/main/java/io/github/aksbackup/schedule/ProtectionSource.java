package io.github.aksbackup.schedule;

import java.util.List;

/**
 * The instances the protection engine looks after, asked afresh on every pass so that instances and
 * policies added or changed in the catalog take effect without restarting the engine. Thread-safe.
 */
@FunctionalInterface
public interface ProtectionSource {

    /** Every instance with its current policy and state. */
    List<ProtectedInstance> protectedInstances();
}
