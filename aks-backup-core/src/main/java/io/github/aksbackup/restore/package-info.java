/**
 * Restore: puts a recovery point back into a cluster. {@link io.github.aksbackup.restore.RestoreEngine}
 * is the public entry (with {@link io.github.aksbackup.restore.RestoreOptions},
 * {@link io.github.aksbackup.restore.RestoreResult} and {@link io.github.aksbackup.restore.VolumeSource},
 * where volume data comes from); it coordinates package-private steps with one job each, the way
 * Velero's restore is split:
 *
 * <ul>
 * <li>{@code RestorePlanner} reads the recovery point's sections and plans: selection, tiers,
 *     namespace mapping, which cluster-scoped objects the selected objects need, and warnings about
 *     filters that select nothing. Its {@code RestorePlan} is read-only afterwards; {@code RestoreScope}
 *     decides from it which entries are considered.</li>
 * <li>{@code Tiers} orders the sections by the one priority table,
 *     {@link io.github.aksbackup.kube.KindTable}.</li>
 * <li>{@code TierRunner} runs a tier: objects in parallel on the caller's executor (bounded by
 *     {@code BoundedExecutor}), items recorded in restore order.</li>
 * <li>{@code ItemRestorer} restores one object: read, filter, transform ({@code RestoreTransform}s, the
 *     first being {@code ObjectTransformer}), and hand it to the step for its kind.</li>
 * <li>{@code ConflictApplier} creates, or applies the conflict policy (Skip, Patch, Recreate, Fail); in a
 *     dry run it only reads.</li>
 * <li>{@code VolumeRestorer} turns snapshots into volumes and claims, keeps retained volumes, and
 *     points claims at their volumes.</li>
 * <li>{@code ServedTypes} knows what the target serves and waits for custom types whose CRD the restore
 *     created; {@code MissingNamespaces} creates namespaces restored objects need.</li>
 * <li>{@code OwnerRelinker} points owner references at the restored owners;
 *     {@code HookScheduler} runs restore hooks of created pods.</li>
 * </ul>
 *
 * <p>What the steps share during one restore lives in one object, {@code RestoreRun}.
 */
package io.github.aksbackup.restore;
