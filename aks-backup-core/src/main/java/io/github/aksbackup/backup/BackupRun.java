package io.github.aksbackup.backup;

import io.github.aksbackup.api.instance.BackupConfiguration;
import io.github.aksbackup.api.recovery.VolumeSnapshotRecord;
import io.github.aksbackup.hook.BackupHooks;
import io.github.aksbackup.internal.ObjectSelection;
import io.github.aksbackup.job.JobRecorder;
import io.github.aksbackup.kube.KindTable;
import io.github.aksbackup.kube.Need;
import io.github.aksbackup.repository.RecoveryPointWriter;
import io.github.aksbackup.spi.GroupKind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Everything one backup knows while it runs, in one place; the steps ({@link ItemCollector},
 * {@link ItemPreparer}, {@link VolumeSnapshotStep}, {@link BackupWriter}) keep no state of their own.
 *
 * <p>Threads: the run's thread (the caller of {@link BackupEngine#run}) owns every field. The
 * prefetching thread of the {@link ItemCollector} reads only {@link #config}, {@link #selection},
 * {@link #selectedNamespaces} and {@link #compressAhead}: the first three are settled before any
 * namespaced type is listed (and so before the first namespaced page is fetched ahead; submitting that
 * task orders the writes before its reads), the last is volatile.
 */
final class BackupRun {
    final BackupSpec spec;
    final BackupConfiguration config;
    final JobRecorder job;

    /** What the configuration selects; set while preparing. */
    ObjectSelection selection;
    /** The backup hooks of the configuration, resolved while preparing. */
    BackupHooks hooks = BackupHooks.NONE;
    /** The recovery point being written; {@code null} until the types are known. */
    RecoveryPointWriter writer;
    /** Namespaces that exist and are selected; settled by the namespace pass, before any namespaced type. */
    final Set<String> selectedNamespaces = new TreeSet<>();
    /**
     * Whether the prefetching thread also compresses the objects it prepares: yes while most objects
     * of the last page were new to the vault (a first backup), no while most were there already (an
     * incremental one), where compressing would be wasted.
     */
    volatile boolean compressAhead = true;
    /** Cluster-scoped objects selected objects need ({@link KindTable}): kind → names, in name order. */
    final Map<GroupKind, Set<String>> needed = new HashMap<>();

    /** Selected claims, {@code namespace/name} → bound volume name (or {@code null}). */
    final Map<String, String> selectedClaims = new TreeMap<>();
    /** Claims handled, {@code namespace/name} → outcome. */
    final Map<String, VolumeSnapshotStep.Snap> claimOutcome = new HashMap<>();
    /** Snapshots taken so far; a failed backup deletes them. */
    final List<VolumeSnapshotRecord> snapshots = new ArrayList<>();
    /** Pods at or before this key were handled before a listing restarted. */
    String podsDoneUpTo;
    /** The last pod handled. */
    String lastPod;

    /** New and total bytes reported to the job so far. */
    long reportedNew;
    long reportedTotal;

    BackupRun(BackupSpec spec, JobRecorder job) {
        this.spec = spec;
        this.config = spec.instance().configuration();
        this.job = job;
    }

    /** Records that a selected object needs {@code needed}. */
    void need(Need needed) {
        this.needed.computeIfAbsent(needed.kind(), k -> new TreeSet<>()).add(needed.name());
    }

    /** The names of the objects of {@code kind} selected objects need so far. */
    Set<String> needed(GroupKind kind) {
        return needed.getOrDefault(kind, Set.of());
    }

    /** A listing restarted: its pods are seen again, and those handled already are not handled twice. */
    void listingRestarted() {
        podsDoneUpTo = lastPod;
    }
}
