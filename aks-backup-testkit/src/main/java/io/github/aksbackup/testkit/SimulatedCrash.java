package io.github.aksbackup.testkit;

/**
 * Thrown by fault-injecting decorators where a {@link FaultPlan} makes the process "die": an
 * {@link Error}, so the engine's failure handling (which catches exceptions) does not run, and every
 * later call through the same plan throws it too, so no clean-up reaches the store or the cluster.
 */
public final class SimulatedCrash extends Error {
    private static final long serialVersionUID = 1L;

    SimulatedCrash(String where) {
        super("simulated crash at " + where);
    }
}
