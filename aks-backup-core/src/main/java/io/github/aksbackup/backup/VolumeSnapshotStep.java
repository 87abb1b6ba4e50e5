package io.github.aksbackup.backup;

import io.github.aksbackup.api.AksBackupException;
import io.github.aksbackup.api.ErrorCode;
import io.github.aksbackup.api.instance.SnapshotLocation;
import io.github.aksbackup.api.instance.VolumeType;
import io.github.aksbackup.api.job.ItemAction;
import io.github.aksbackup.api.job.ItemResult;
import io.github.aksbackup.api.recovery.VolumeSnapshotRecord;
import io.github.aksbackup.hook.BackupHooks;
import io.github.aksbackup.hook.HookOutcome;
import io.github.aksbackup.spi.ClusterClient;
import io.github.aksbackup.spi.CsiDrivers;
import io.github.aksbackup.spi.KubeObject;
import io.github.aksbackup.spi.ResourceType;
import io.github.aksbackup.spi.SnapshotRequest;
import io.github.aksbackup.spi.SnapshotStatus;
import io.github.aksbackup.spi.VolumeSnapshotter;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The volume snapshot step: for each selected pod, its pre hooks, snapshots of the volumes of its
 * claims, its post hooks; afterwards the volumes of selected claims no pod used. Each claim's volume
 * is snapshotted once, only when it is bound, an Azure Disk ({@value CsiDrivers#AZURE_DISK}),
 * of an included volume type and supported by the snapshotter; otherwise it is skipped with a warning
 * that says why. Runs on the run's thread; what it learns goes into the {@link BackupRun}.
 */
final class VolumeSnapshotStep {
    private static final String PVC = "v1/PersistentVolumeClaim";

    /** What became of one claim's volume. */
    enum Snap { TAKEN, FAILED, SKIPPED }

    private final BackupRun run;
    private final ClusterClient cluster;
    private final VolumeSnapshotter snapshotter;
    private final Clock clock;
    private final BackupOptions options;

    /** @param snapshotter {@code null} when none is available */
    VolumeSnapshotStep(BackupRun run, ClusterClient cluster, VolumeSnapshotter snapshotter, Clock clock, BackupOptions options) {
        this.run = run;
        this.cluster = cluster;
        this.snapshotter = snapshotter;
        this.clock = clock;
        this.options = options;
    }

    /** Hooks and volume snapshots of one pod; false when the pod failed. */
    boolean handlePod(KubeObject pod) {
        String key = pod.qualifiedName();
        if (run.podsDoneUpTo != null && key.compareTo(run.podsDoneUpTo) <= 0) {
            return true;
        }
        run.lastPod = key;
        boolean ok = true;
        HookOutcome pre = record(guarded(() -> run.hooks.beforePodVolumes(pod), "pre", pod));
        BackupHooks.PodVolumes volumes = BackupHooks.PodVolumes.NotSnapshotted;
        if (pre.failed()) {
            ok = false;
            for (String claim : claims(pod)) {
                run.claimOutcome.putIfAbsent(pod.namespace() + "/" + claim, Snap.SKIPPED);
            }
            run.job.item(new ItemResult("v1/Pod", pod.namespace(), pod.name(), ItemAction.Failed,
                    "pre hook failed, volumes not snapshotted: " + pre.message()));
        } else if (run.config.snapshotVolumes()) {
            boolean any = false;
            boolean failed = false;
            for (String claim : claims(pod)) {
                Snap s = snapshotClaim(pod.namespace(), claim);
                any |= s == Snap.TAKEN;
                failed |= s == Snap.FAILED;
            }
            volumes = failed ? BackupHooks.PodVolumes.SnapshotFailed
                    : any ? BackupHooks.PodVolumes.Snapshotted : BackupHooks.PodVolumes.NotSnapshotted;
        }
        BackupHooks.PodVolumes handled = volumes;
        HookOutcome post = record(guarded(() -> run.hooks.afterPodVolumes(pod, handled), "post", pod));
        if (post.failed()) {
            ok = false;
            run.job.item(new ItemResult("v1/Pod", pod.namespace(), pod.name(), ItemAction.Failed, "post hook failed: " + post.message()));
        }
        return ok;
    }

    /** Snapshots the volumes of the selected claims no selected pod used. */
    void snapshotRemainingClaims() {
        run.job.phase("snapshotting volumes of claims no selected pod uses");
        for (Map.Entry<String, String> c : new ArrayList<>(run.selectedClaims.entrySet())) {
            int slash = c.getKey().indexOf('/');
            snapshotClaim(c.getKey().substring(0, slash), c.getKey().substring(slash + 1));
        }
    }

    /** A failed backup leaves no snapshots behind: no recovery point refers to them. */
    void deleteSnapshots() {
        for (VolumeSnapshotRecord s : run.snapshots) {
            try {
                snapshotter.delete(s);
            } catch (RuntimeException e) {
                run.job.warning("snapshot " + s.snapshotHandle() + " of a failed backup could not be deleted: " + e.getMessage());
            }
        }
    }

    /** A hook implementation that throws is a failed hook of that pod, not a failed backup. */
    private static HookOutcome guarded(Supplier<HookOutcome> call, String phase, KubeObject pod) {
        try {
            return call.get();
        } catch (RuntimeException e) {
            return new HookOutcome(List.of(), true, phase + " hooks of pod " + pod.qualifiedName() + " could not run: " + e.getMessage(),
                    List.of());
        }
    }

    private HookOutcome record(HookOutcome outcome) {
        run.job.hookSteps(outcome.steps());
        outcome.warnings().forEach(run.job::warning);
        return outcome;
    }

    private static List<String> claims(KubeObject pod) {
        List<String> out = new ArrayList<>();
        if (pod.at("spec", "volumes") instanceof List<?> vs) {
            for (Object v : vs) {
                if (v instanceof Map<?, ?> m && m.get("persistentVolumeClaim") instanceof Map<?, ?> c
                        && c.get("claimName") instanceof String name) {
                    out.add(name);
                }
            }
        }
        return out;
    }

    /** Snapshots a claim's volume once; claims that are not selected or not snapshottable are skipped. */
    private Snap snapshotClaim(String namespace, String claim) {
        String key = namespace + "/" + claim;
        Snap done = run.claimOutcome.get(key);
        if (done != null) {
            return done;
        }
        Snap s = run.config.snapshotVolumes() && run.selectedClaims.containsKey(key)
                ? takeSnapshot(namespace, claim, run.selectedClaims.get(key)) : Snap.SKIPPED;
        run.claimOutcome.put(key, s);
        return s;
    }

    private Snap takeSnapshot(String namespace, String claim, String volumeName) {
        String who = "PVC " + namespace + "/" + claim;
        if (volumeName == null) {
            return skipVolume(namespace, claim, who + " is not bound to a volume; nothing to snapshot");
        }
        ResourceType pvType = new ResourceType("", "v1", "PersistentVolume", "persistentvolumes", false, Set.of());
        KubeObject pv;
        try {
            pv = cluster.get(pvType, null, volumeName).orElse(null);
        } catch (RuntimeException e) {
            return failVolume(namespace, claim, e, "cannot read volume " + volumeName + ": " + e.getMessage());
        }
        if (pv == null) {
            return skipVolume(namespace, claim, who + " is bound to volume " + volumeName + ", which does not exist");
        }
        String driver = (String) pv.at("spec", "csi", "driver");
        if (driver == null) {
            driver = pv.at("spec", "azureDisk") != null ? "kubernetes.io/azure-disk (in-tree)"
                    : pv.at("spec", "azureFile") != null ? "kubernetes.io/azure-file (in-tree)" : "none (not a CSI volume)";
        }
        if (!CsiDrivers.AZURE_DISK.equals(driver)) {
            return skipVolume(namespace, claim, who + " uses volume driver " + driver + "; only " + CsiDrivers.AZURE_DISK
                    + " volumes are snapshotted, so its data is not in the backup");
        }
        if (!run.config.includedVolumeTypes().contains(VolumeType.AzureDisk)) {
            return skipVolume(namespace, claim, who + " is an Azure Disk volume but includedVolumeTypes does not list AzureDisk");
        }
        if (snapshotter == null || !snapshotter.supports(driver)) {
            return skipVolume(namespace, claim, who + " uses driver " + driver + ", which no configured volume snapshotter supports");
        }
        Map<String, String> attributes = new LinkedHashMap<>();
        if (pv.at("spec", "csi", "volumeAttributes") instanceof Map<?, ?> attrs) {
            attrs.forEach((k, v) -> attributes.put(String.valueOf(k), String.valueOf(v)));
        }
        Map<String, String> tags = Map.of("aks-backup/instance", run.spec.instance().name(),
                "aks-backup/recovery-point", run.spec.recoveryPointId());
        run.job.phase("snapshotting " + who);
        try {
            SnapshotLocation location = run.spec.instance().snapshotLocation();
            VolumeSnapshotRecord rec = snapshotter.snapshot(new SnapshotRequest(namespace, claim, volumeName, driver,
                    (String) pv.at("spec", "csi", "volumeHandle"), capacity(pv), attributes, tags,
                    location.snapshotResourceGroupId()));
            run.snapshots.add(rec);
            awaitReady(rec);
            run.job.volumes(1);
            run.job.item(new ItemResult(PVC, namespace, claim, ItemAction.Snapshotted, "snapshot " + rec.snapshotHandle()));
            return Snap.TAKEN;
        } catch (RuntimeException e) {
            return failVolume(namespace, claim, e, "volume snapshot failed: " + e.getMessage());
        }
    }

    private Snap failVolume(String namespace, String claim, RuntimeException e, String why) {
        run.job.failed(1);
        run.job.error(e, PVC + " " + namespace + "/" + claim);
        run.job.item(new ItemResult(PVC, namespace, claim, ItemAction.Failed, why));
        return Snap.FAILED;
    }

    private Snap skipVolume(String namespace, String claim, String why) {
        run.job.warning(why);
        run.job.item(new ItemResult(PVC, namespace, claim, ItemAction.Skipped, why));
        return Snap.SKIPPED;
    }

    private void awaitReady(VolumeSnapshotRecord rec) {
        Instant deadline = clock.instant().plus(options.snapshotTimeout());
        long polls = Math.max(1, options.snapshotTimeout().toMillis() / Math.max(1, options.snapshotPollInterval().toMillis()));
        for (long i = 0; ; i++) {
            SnapshotStatus st = snapshotter.status(rec);
            if (st.state() == SnapshotStatus.State.Ready) {
                return;
            }
            if (st.state() == SnapshotStatus.State.Failed) {
                throw new AksBackupException(ErrorCode.SNAPSHOT_FAILED, "snapshot " + rec.snapshotHandle() + " failed: " + st.message());
            }
            if (i >= polls || !clock.instant().isBefore(deadline)) {
                throw new AksBackupException(ErrorCode.SNAPSHOT_TIMEOUT, "snapshot " + rec.snapshotHandle() + " was not ready within "
                        + options.snapshotTimeout(), "Check the snapshot in the cloud portal; raise the snapshot timeout.", null);
            }
            try {
                Thread.sleep(options.snapshotPollInterval().toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AksBackupException(ErrorCode.CANCELLED, "interrupted while waiting for snapshot " + rec.snapshotHandle());
            }
        }
    }

    private static long capacity(KubeObject pv) {
        Object q = pv.at("spec", "capacity", "storage");
        return q instanceof String s ? Quantities.bytes(s) : 0;
    }
}
