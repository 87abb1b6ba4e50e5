/**
 * Backup and restore hooks: commands exec'd in pods around a backup's volume snapshots and after a
 * restore created a pod, from {@code BackupHook} / {@code RestoreHook} custom resources.
 *
 * <ul>
 * <li>the seam the engines call: {@link io.github.aksbackup.hook.HookRunner} (when), with
 *     {@link io.github.aksbackup.hook.BackupHooks} and {@link io.github.aksbackup.hook.RestoreHooks}
 *     per run (given a {@link io.github.aksbackup.hook.BackupHookContext} or
 *     {@link io.github.aksbackup.hook.RestoreHookContext}), and {@link io.github.aksbackup.hook.HookOutcome} per pod;</li>
 * <li>the implementation: {@link io.github.aksbackup.hook.ExecHookRunner} (what runs), which matches
 *     pods ({@code PodSelection}), runs a pod's steps in order with their {@code onError} rule
 *     ({@code PodSteps}, {@code PodBackupHooks}, {@code PodRestoreHooks}) and each step with its
 *     timeouts ({@code StepRunner});</li>
 * <li>reading hook resources from text, files or the cluster, every problem collected with its
 *     location: {@link io.github.aksbackup.hook.HookResources}, {@link io.github.aksbackup.hook.HookDocuments}
 *     (a summary with the defaults marked), {@code LocatedDocuments} (YAML/JSON with lines),
 *     {@code HookDecoder} (resources and entries), {@code HookStepDecoder} (steps),
 *     {@code HookFields} (single fields), {@link io.github.aksbackup.hook.HookDuration} (Go durations)
 *     and {@code Suggestions} ("did you mean").</li>
 * </ul>
 */
package io.github.aksbackup.hook;
