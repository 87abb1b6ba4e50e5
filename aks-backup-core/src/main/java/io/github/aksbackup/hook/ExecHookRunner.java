package io.github.aksbackup.hook;

import io.github.aksbackup.api.hook.BackupHook;
import io.github.aksbackup.api.hook.RestoreHook;
import io.github.aksbackup.internal.DaemonThreads;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Runs the {@code BackupHook} and {@code RestoreHook} resources a backup instance or restore
 * references by exec'ing their steps in pod containers through the {@link
 * io.github.aksbackup.spi.ClusterClient}.
 *
 * <p>Backup: for each pod the backup selects, the pre steps of every matching hook entry run (in
 * reference, entry and step order) before its volumes are snapshotted, and the post steps after —
 * also when a snapshot failed or a pre step failed, so that a freeze is always followed by its thaw.
 * A failed step with {@code onError: Fail} stops the pod's remaining steps of that phase and fails
 * the pod (before: its volumes are not snapshotted); with {@code onError: Continue} it is a warning.
 *
 * <p>Restore: for each pod the restore created that matches a hook entry (by its restored namespace
 * and labels), each step waits up to its {@code waitTimeout} for the container to be ready, then
 * execs with its {@code execTimeout}; a failure stops the pod's remaining steps only with
 * {@code onError: Fail}. Pods the restore did not create (left alone or patched under the conflict
 * policy) get no hooks.
 *
 * <p>Every step is recorded as a {@link io.github.aksbackup.api.job.HookStepResult} with its
 * output cut to {@value #DEFAULT_OUTPUT_LIMIT} characters per stream (head and tail kept). Pods that
 * have finished ({@code Succeeded} / {@code Failed}) cannot run commands and get a warning instead.
 * Cluster calls run on the executor given to the constructor, or on a pool of the runner's own that
 * {@link #close()} shuts down. Thread-safe.
 */
public final class ExecHookRunner implements HookRunner, AutoCloseable {
    /** Characters of each output stream a step record keeps by default. */
    public static final int DEFAULT_OUTPUT_LIMIT = 4096;
    /** How long past a step's timeout a cluster call is abandoned if the cluster client does not end it. */
    public static final Duration DEFAULT_GRACE = Duration.ofSeconds(10);

    private final int outputLimit;
    private final Duration grace;
    private final Executor calls;
    /** The pool this runner made for itself, or {@code null} when the caller gave one. */
    private final ExecutorService owned;

    /** A runner keeping {@value #DEFAULT_OUTPUT_LIMIT} characters of each output stream. */
    public ExecHookRunner() {
        this(DEFAULT_OUTPUT_LIMIT, DEFAULT_GRACE);
    }

    /**
     * A runner keeping {@code outputLimit} characters of each output stream and abandoning a cluster
     * call {@code grace} after its timeout when the cluster client does not end it.
     */
    public ExecHookRunner(int outputLimit, Duration grace) {
        this(outputLimit, grace, null);
    }

    /**
     * As {@link #ExecHookRunner(int, Duration)}, running cluster calls (exec, waiting for a container)
     * on {@code calls}, which stays the caller's to shut down; {@code null}: on a pool of the runner's
     * own, shut down by {@link #close()}.
     */
    public ExecHookRunner(int outputLimit, Duration grace, Executor calls) {
        if (outputLimit < 2) {
            throw new IllegalArgumentException("outputLimit must be at least 2 characters, was " + outputLimit);
        }
        if (grace.isNegative()) {
            throw new IllegalArgumentException("grace must not be negative, was " + grace);
        }
        this.outputLimit = outputLimit;
        this.grace = grace;
        this.owned = calls == null ? Executors.newCachedThreadPool(DaemonThreads.named("aks-backup-hook-exec-")) : null;
        this.calls = calls == null ? owned : calls;
    }

    /** Shuts down the runner's own pool, if it made one; calls already running end on their own. */
    @Override
    public void close() {
        if (owned != null) {
            owned.shutdown();
        }
    }

    /**
     * Reads and validates the referenced BackupHook resources from the cluster.
     *
     * @throws io.github.aksbackup.api.InvalidInputException listing every reference that does not
     *     exist and every problem in the resources
     */
    @Override
    public BackupHooks backupHooks(BackupHookContext context) {
        if (context.references().isEmpty()) {
            return BackupHooks.NONE;
        }
        List<BackupHook> hooks = HookResources.backupHooks(context.cluster(), context.references());
        return new PodBackupHooks(hooks, new StepRunner(context.cluster(), context.clock(), outputLimit, grace, calls));
    }

    /**
     * Reads and validates the referenced RestoreHook resources from the cluster.
     *
     * @throws io.github.aksbackup.api.InvalidInputException as {@link #backupHooks}
     */
    @Override
    public RestoreHooks restoreHooks(RestoreHookContext context) {
        if (context.references().isEmpty()) {
            return RestoreHooks.NONE;
        }
        List<RestoreHook> hooks = HookResources.restoreHooks(context.cluster(), context.references());
        return new PodRestoreHooks(hooks, new StepRunner(context.cluster(), context.clock(), outputLimit, grace, calls));
    }

    /** Backup hooks over resources already read, such as from a file; for tools and tests. */
    public BackupHooks backupHooks(BackupHookContext context, List<BackupHook> hooks) {
        return new PodBackupHooks(hooks, new StepRunner(context.cluster(), context.clock(), outputLimit, grace, calls));
    }

    /** Restore hooks over resources already read, such as from a file; for tools and tests. */
    public RestoreHooks restoreHooks(RestoreHookContext context, List<RestoreHook> hooks) {
        return new PodRestoreHooks(hooks, new StepRunner(context.cluster(), context.clock(), outputLimit, grace, calls));
    }
}
