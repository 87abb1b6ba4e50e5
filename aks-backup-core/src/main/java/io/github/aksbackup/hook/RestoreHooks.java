package io.github.aksbackup.hook;

import io.github.aksbackup.spi.KubeObject;

/**
 * The restore hooks of one restore, called for each pod the restore created. Thread-safe: the
 * engine calls it concurrently for different pods, off the restore's critical path, and waits for all
 * calls before the restore ends.
 */
public interface RestoreHooks {

    /** Runs nothing. */
    RestoreHooks NONE = (pod, sourceNamespace) -> HookOutcome.NOTHING;

    /**
     * Runs the post hooks matching a pod this restore created: waits (up to each step's wait timeout)
     * for the container to be ready, then execs. May block for that long.
     *
     * @param pod the pod as the cluster returned it from the create (target namespace)
     * @param sourceNamespace the namespace the pod was backed up from (differs under a namespace mapping)
     */
    HookOutcome afterPodRestored(KubeObject pod, String sourceNamespace);
}
