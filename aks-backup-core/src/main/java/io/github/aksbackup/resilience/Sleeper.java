package io.github.aksbackup.resilience;

import java.time.Duration;

/** Waits between two tries; tests replace it so that they never sleep on the wall clock. */
@FunctionalInterface
interface Sleeper {
    /** The wall clock's sleep. */
    Sleeper THREAD = d -> Thread.sleep(d.toMillis());

    void sleep(Duration duration) throws InterruptedException;
}
