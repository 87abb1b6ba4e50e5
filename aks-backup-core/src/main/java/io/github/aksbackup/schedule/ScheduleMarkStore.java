package io.github.aksbackup.schedule;

import java.util.Optional;

/**
 * Durable storage of each instance's {@link ScheduleMark}, so missed slots, "first of period" tags and
 * the one-per-day vault rule survive engine restarts. Implemented by the repository (a small record per
 * instance) and, for tests, by {@code testkit.InMemoryProtectionStore}. Thread-safe; the engine never
 * calls it for the same instance from two threads at once.
 */
public interface ScheduleMarkStore {

    /** The instance's mark, or empty when the engine has never seen the instance. */
    Optional<ScheduleMark> load(String instanceName);

    /** Replaces the instance's mark. */
    void save(String instanceName, ScheduleMark mark);
}
