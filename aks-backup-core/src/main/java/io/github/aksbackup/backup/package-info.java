/**
 * Taking backups: the {@link io.github.aksbackup.backup.BackupEngine} streams the selected objects of
 * a cluster into a recovery point, snapshots the volumes of selected claims and runs backup hooks
 * around each pod's snapshots. Its value types are {@link io.github.aksbackup.backup.BackupSpec} (what
 * to take), {@link io.github.aksbackup.backup.BackupOptions} (page size, snapshot timeouts) and
 * {@link io.github.aksbackup.backup.BackupResult}; {@link io.github.aksbackup.backup.Sanitizer} says
 * what is removed from an object before it is stored.
 *
 * <p>The engine is a coordinator over package-private steps with one job each, in the way Velero
 * splits {@code pkg/backup}:
 * <ul>
 * <li>{@code ItemCollector} and {@code PrefetchedPages} — discovery and paged listing per type, the
 *     next page fetched and prepared (sanitized, canonical, hashed, maybe compressed) on the caller's
 *     prefetching executor;</li>
 * <li>{@code ItemPreparer} — selection (namespaces, label selectors, the exclude annotation), what of
 *     an object is stored, and what it brings along;</li>
 * <li>{@link io.github.aksbackup.kube.KindTable} (shared with restore) — the one table of what a
 *     selected object needs from the cluster scope (a claim its volume and storage class, a RoleBinding
 *     its ClusterRole, a custom resource its definition);</li>
 * <li>{@code VolumeSnapshotStep} — per pod: pre hooks, snapshots of its claims' volumes, post hooks;
 *     then the volumes of claims no pod used;</li>
 * <li>{@code BackupWriter} — type sections, objects and packs through the repository's writer, byte
 *     progress and counts, the manifest at the end.</li>
 * </ul>
 * The state of one backup is a {@code BackupRun}; the steps keep none of their own.
 */
package io.github.aksbackup.backup;
