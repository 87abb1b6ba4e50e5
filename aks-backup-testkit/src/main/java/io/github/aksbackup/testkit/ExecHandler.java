package io.github.aksbackup.testkit;

import io.github.aksbackup.spi.ExecRequest;
import io.github.aksbackup.spi.ExecResult;

/**
 * Plays the process a test expects an exec in a pod of the {@link InMemoryCluster} to run. It may
 * block (to test timeouts); it is interrupted when the exec times out.
 */
@FunctionalInterface
public interface ExecHandler {
    /** Runs the command and says how it ended. */
    ExecResult exec(ExecRequest request) throws InterruptedException;
}
