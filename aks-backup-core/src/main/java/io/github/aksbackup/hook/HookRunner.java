package io.github.aksbackup.hook;

/**
 * What the engine calls to run {@code BackupHook} and {@code RestoreHook} resources. The engine decides
 * <em>when</em> (per pod, around its volume snapshots; after a restore created a pod) and what a
 * failure means for the job; the implementation decides <em>what</em> runs (loading and matching the
 * referenced hook resources, exec'ing their steps with their timeouts).
 *
 * <p>Per backup the engine calls {@link #backupHooks} once, then for every pod the backup selects, in
 * this order: {@link BackupHooks#beforePodVolumes}, the pod's volume snapshots, {@link
 * BackupHooks#afterPodVolumes} (also when a snapshot failed or none was taken). Per restore it calls
 * {@link #restoreHooks} once, then {@link RestoreHooks#afterPodRestored} for every pod the restore
 * created (including pods it deleted and created again under the Recreate conflict policy; never for
 * pods it left alone or patched).
 *
 * <p>Implementations are thread-safe: a restore calls {@link RestoreHooks#afterPodRestored}
 * concurrently for different pods.
 */
public interface HookRunner {

    /** Runs nothing: the engine's default when no hook implementation is configured. */
    HookRunner NONE = new HookRunner() {
        @Override
        public BackupHooks backupHooks(BackupHookContext context) {
            return BackupHooks.NONE;
        }

        @Override
        public RestoreHooks restoreHooks(RestoreHookContext context) {
            return RestoreHooks.NONE;
        }
    };

    /**
     * Prepares the backup hooks the instance references, before any pod is processed.
     *
     * @throws io.github.aksbackup.api.InvalidInputException when a referenced resource is invalid or
     *     does not exist, listing every such problem with its location; makes the backup fail before
     *     anything is written
     */
    BackupHooks backupHooks(BackupHookContext context);

    /**
     * Prepares the restore hooks the restore configuration references, before anything is restored.
     *
     * @throws io.github.aksbackup.api.InvalidInputException when a referenced resource is invalid or
     *     does not exist, listing every such problem with its location
     */
    RestoreHooks restoreHooks(RestoreHookContext context);
}
