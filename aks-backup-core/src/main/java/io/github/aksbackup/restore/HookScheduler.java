package io.github.aksbackup.restore;

import io.github.aksbackup.api.job.JobError;
import io.github.aksbackup.hook.HookOutcome;
import io.github.aksbackup.hook.RestoreHooks;
import io.github.aksbackup.job.JobRecorder;
import io.github.aksbackup.spi.ClusterClient;
import io.github.aksbackup.spi.KubeObject;
import io.github.aksbackup.spi.ResourceType;
import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * Runs the restore hooks of each pod the restore created, off the restore's critical path (a hook
 * waits for its container to be ready, which may take minutes), and waits for them all at the end.
 * A hook's failure is an error and a warning of the job, never a failed item. Thread-safe.
 */
final class HookScheduler {
    private final ClusterClient target;
    private final JobRecorder job;
    private final TaskGroup runs;
    private volatile RestoreHooks hooks = RestoreHooks.NONE;

    HookScheduler(ClusterClient target, JobRecorder job, Executor executor) {
        this.target = target;
        this.job = job;
        this.runs = new TaskGroup(executor);
    }

    /** The hooks to run for this restore (none until set, and never in a dry run). */
    void use(RestoreHooks restoreHooks) {
        this.hooks = restoreHooks;
    }

    /** Starts the hooks of a pod the restore created in {@code ns} (backed up from {@code sourceNs}). */
    void podRestored(ResourceType podType, String ns, String name, String sourceNs) {
        RestoreHooks h = hooks;
        if (h == RestoreHooks.NONE) {
            return;
        }
        Optional<KubeObject> pod = target.get(podType, ns, name);
        if (pod.isEmpty()) {
            return;
        }
        runs.submit(() -> {
            String item = "v1/Pod " + ns + "/" + name;
            try {
                HookOutcome outcome = h.afterPodRestored(pod.get(), sourceNs);
                job.hookSteps(outcome.steps());
                outcome.warnings().forEach(job::warning);
                if (outcome.failed()) {
                    job.error(new JobError("HookFailed", outcome.message(), null, item));
                    job.warning("restore hook of " + item + " failed: " + outcome.message());
                }
            } catch (RuntimeException ex) {
                job.error(new JobError("HookFailed", "restore hooks could not run: " + ex.getMessage(), null, item));
                job.warning("restore hooks of " + item + " could not run: " + ex.getMessage());
            }
        });
    }

    /** Waits for every hook started. */
    void awaitAll() {
        if (runs.size() > 0) {
            job.phase("waiting for restore hooks");
        }
        runs.awaitAll();
    }

    /** Interrupts the hooks still running (the restore ended early). */
    void cancelAll() {
        runs.cancelAll();
    }
}
