package io.github.aksbackup.restore;

import io.github.aksbackup.api.job.ItemAction;
import io.github.aksbackup.api.job.ItemResult;
import io.github.aksbackup.api.recovery.VolumeSnapshotRecord;
import io.github.aksbackup.api.restore.PersistentVolumeRestoreMode;
import io.github.aksbackup.api.restore.RestoreConfig;
import io.github.aksbackup.internal.ObjectSelection;
import io.github.aksbackup.repository.BlobId;
import io.github.aksbackup.repository.ManifestEntry;
import io.github.aksbackup.spi.ClusterClient;
import io.github.aksbackup.spi.KubeObject;
import io.github.aksbackup.spi.ResourceType;
import io.github.aksbackup.spi.RestoredVolume;
import io.github.aksbackup.spi.VolumeRestoreRequest;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Restores PersistentVolumes and points claims at them. With {@code RestoreWithVolumeData}, a claim
 * whose volume was snapshotted gets a new volume from the snapshot (a PersistentVolume bound to it,
 * named like the original unless that name is taken, or a data source); a claim without a snapshot is
 * restored as is when its volume's reclaim policy is {@code Retain} (the volume still holds the data;
 * not when the target's volume of that name is bound to another claim, which it is neither patched
 * nor bound to) and otherwise gets a new, empty volume. With {@code RestoreWithoutVolumeData} no
 * PersistentVolume is restored and claims get new volumes. Volumes run a tier before claims, so a
 * claim's volume is known when the claim is written.
 */
final class VolumeRestorer {
    private static final String RESOURCE = "v1/PersistentVolume";

    /** What a selected claim's volume became; written by the volume's worker, read by the claim's (a later tier). */
    private static final class ClaimVolume {
        final String storageClass;
        volatile String volumeName;
        volatile RestoredVolume.FromDataSource dataSource;

        ClaimVolume(String storageClass) {
            this.storageClass = storageClass;
        }
    }

    private final RestoreRun run;
    private final RestoreConfig config;
    private final ObjectSelection selection;
    private final ClusterClient target;
    private final ItemReport report;
    private final RestorePlan plan;
    private final VolumeSource volumes;
    private final RestoreTransform transform;
    private final ConflictApplier conflicts;
    private final ModifierStep writer;
    /** The selected claims by source {@code namespace/name}; the map itself is not changed after construction. */
    private final Map<String, ClaimVolume> claims = new HashMap<>();

    /** @param volumes where volume data comes from; {@code null} when none can be restored */
    VolumeRestorer(RestoreRun run, RestorePlan plan, VolumeSource volumes, RestoreTransform transform, ConflictApplier conflicts,
            ModifierStep writer) {
        this.run = run;
        this.config = run.config;
        this.selection = run.selection;
        this.target = run.target;
        this.report = run.report;
        this.plan = plan;
        this.volumes = volumes;
        this.transform = transform;
        this.conflicts = conflicts;
        this.writer = writer;
        plan.claims().forEach((key, storageClass) -> claims.put(key, new ClaimVolume(storageClass)));
    }

    /** Restores a PersistentVolume according to the volume restore mode and its claim; {@code null} when it is left out. */
    ItemResult restoreVolume(ResourceType t, KubeObject original, ManifestEntry e) {
        String claimNs = (String) original.at("spec", "claimRef", "namespace");
        String claimName = (String) original.at("spec", "claimRef", "name");
        String claimKey = claimNs == null || claimName == null ? null : claimNs + "/" + claimName;
        ClaimVolume claim = claimKey == null || !selection.namespaceSelected(claimNs) ? null : claims.get(claimKey);
        boolean generic = config.includeClusterScopeResources() && selection.typeSelected(t) && selection.labelsMatch(original.labels());
        if (claim == null) {
            if (claimKey != null && plan.damagedClaims().contains(claimKey) && selection.namespaceSelected(claimNs)) {
                run.job.seen(1);
                return report.skipped(RESOURCE, null, e.name(), "its claim " + claimKey + " is damaged in the vault, so the volume"
                        + " is not restored");
            }
            if (!generic) {
                return null;
            }
            run.job.seen(1);
            if (claimKey != null) {
                return report.skipped(RESOURCE, null, e.name(), "its claim " + claimKey + " is not restored");
            }
            return writer.write(t, RESOURCE, null, null, e.name(), transform.apply(t, original.content()), null);
        }
        run.job.seen(1);
        if (config.persistentVolumeRestoreMode() == PersistentVolumeRestoreMode.RestoreWithoutVolumeData) {
            return report.skipped(RESOURCE, null, e.name(), "restored without volume data: claim " + claimKey + " gets a new, empty volume");
        }
        VolumeSnapshotRecord snapshot = plan.snapshots().get(claimKey);
        String targetNs = config.targetNamespace(claimNs);
        if (snapshot == null) {
            return restoreKept(t, original, e, claim, claimKey, targetNs, claimName);
        }
        if (volumes == null) {
            return report.failed(RESOURCE, null, e.name(), null, "no volume snapshotter is configured to restore snapshot "
                    + snapshot.snapshotHandle());
        }
        String pvName = freeVolumeName(t, e.name(), targetNs + "/" + claimName);
        if (run.dryRun) {
            claim.volumeName = pvName;
            run.job.volumes(1);
            return report.succeeded(RESOURCE, null, pvName, ItemAction.Created, "would be created from snapshot " + snapshot.snapshotHandle());
        }
        RestoredVolume restored = volumes.restore(snapshot, new VolumeRestoreRequest(targetNs, claimName, claim.storageClass,
                snapshot.sizeBytes(), snapshot.attributes().get("zone"), VolumeSource.tags(run.job.id())));
        run.job.volumes(1);
        if (restored instanceof RestoredVolume.FromDataSource ds) {
            claim.dataSource = ds;
            return report.succeeded(RESOURCE, null, pvName, ItemAction.Created, "provisioned by the cluster for claim " + targetNs + "/"
                    + claimName + " from " + ds.kind() + " " + ds.name());
        }
        RestoredVolume.PreProvisioned pre = (RestoredVolume.PreProvisioned) restored;
        Map<String, Object> pv = transform.apply(t, original.content());
        ItemResult r = writer.write(t, RESOURCE, null, null, pvName, pointedAt(pv, pvName, pre, targetNs, claimName), null);
        if (r.action() != ItemAction.Failed) {
            claim.volumeName = pvName;
        }
        return r.action() == ItemAction.Created
                ? new ItemResult(RESOURCE, null, pvName, ItemAction.Created, "new volume " + pre.volumeHandle() + " from snapshot "
                        + snapshot.snapshotHandle() + (r.message() == null ? "" : "; " + r.message()))
                : r;
    }

    /** A volume without a snapshot: kept as is when its reclaim policy is {@code Retain}, else its claim gets a new one. */
    private ItemResult restoreKept(ResourceType t, KubeObject original, ManifestEntry e, ClaimVolume claim, String claimKey,
            String targetNs, String claimName) {
        if (!"Retain".equals(original.at("spec", "persistentVolumeReclaimPolicy"))) {
            String driver = String.valueOf(original.at("spec", "csi", "driver"));
            return report.skipped(RESOURCE, null, e.name(), "the recovery point holds no snapshot of its data (driver " + driver
                    + "); claim " + claimKey + " gets a new, empty volume");
        }
        ItemResult held = retainedVolumeInUse(t, e.name(), targetNs, claimName);
        if (held != null) {
            if (held.action() == ItemAction.Patched) {
                claim.volumeName = e.name();
            }
            return held;
        }
        ItemResult r = writer.write(t, RESOURCE, null, null, e.name(), transform.apply(t, original.content()), null);
        if (r.action() != ItemAction.Failed) {
            claim.volumeName = e.name();
        }
        return r;
    }

    /** The prepared volume, renamed and pointing at the new volume and at the restored claim. */
    private static Map<String, Object> pointedAt(Map<String, Object> pv, String pvName, RestoredVolume.PreProvisioned pre,
            String targetNs, String claimName) {
        ObjectTransformer.map(pv, "metadata").put("name", pvName);
        Map<String, Object> spec = ObjectTransformer.map(pv, "spec");
        for (String inTree : List.of("azureDisk", "azureFile", "csi")) {
            spec.remove(inTree);
        }
        Map<String, Object> csi = new LinkedHashMap<>();
        csi.put("driver", pre.driver());
        csi.put("volumeHandle", pre.volumeHandle());
        if (!pre.volumeAttributes().isEmpty()) {
            csi.put("volumeAttributes", new LinkedHashMap<>(pre.volumeAttributes()));
        }
        spec.put("csi", csi);
        spec.put("claimRef", new LinkedHashMap<>(Map.of("apiVersion", "v1", "kind", "PersistentVolumeClaim",
                "namespace", targetNs, "name", claimName)));
        return pv;
    }

    /**
     * For a kept ({@code Retain}) volume that already exists in the target: {@code null} when the
     * restored claim can bind to it, else the item saying why not. A volume bound to another claim
     * (the source claim, when restoring into a mapped namespace) is neither patched nor bound to, or
     * the restored claim would wait forever or take another claim's data; its claim gets a new volume.
     * A volume its deleted claim left {@code Released} still names that claim's uid, which no restored
     * claim has: the uid is cleared so that the claim binds to it again.
     */
    private ItemResult retainedVolumeInUse(ResourceType t, String name, String targetNs, String claimName) {
        Optional<KubeObject> existing = conflicts.existing(t, null, name);
        if (existing.isEmpty() || !(existing.get().at("spec", "claimRef") instanceof Map<?, ?> ref)) {
            return null;
        }
        if (!targetNs.equals(ref.get("namespace")) || !claimName.equals(ref.get("name"))) {
            return report.skipped(RESOURCE, null, name, "exists in the target cluster bound to claim " + ref.get("namespace") + "/"
                    + ref.get("name") + "; claim " + targetNs + "/" + claimName + " gets a new, empty volume");
        }
        if (ref.get("uid") == null || !"Released".equals(existing.get().at("status", "phase"))) {
            return null;
        }
        if (!run.dryRun) {
            Map<String, Object> reset = new HashMap<>();
            reset.put("uid", null);
            reset.put("resourceVersion", null);
            target.mergePatch(t, null, name, Map.of("spec", Map.of("claimRef", reset)));
        }
        return report.succeeded(RESOURCE, null, name, ItemAction.Patched, (run.dryRun ? "would be released" : "released")
                + " from its deleted claim so that the restored claim " + targetNs + "/" + claimName + " binds to it");
    }

    /** The original volume name when the target has no volume of that name, else a name derived from the claim. */
    private String freeVolumeName(ResourceType t, String original, String targetClaim) {
        if (target.get(t, null, original).isEmpty()) {
            return original;
        }
        String suffix = "-" + BlobId.of(targetClaim.getBytes(StandardCharsets.UTF_8)).hex().substring(0, 8);
        return (original.length() + suffix.length() > 253 ? original.substring(0, 253 - suffix.length()) : original) + suffix;
    }

    /** Points a prepared claim at its restored volume, at its data source, or at nothing (a new volume). */
    void bindClaim(Map<String, Object> pvc, String sourceKey) {
        Map<String, Object> spec = ObjectTransformer.map(pvc, "spec");
        ClaimVolume c = claims.get(sourceKey);
        String volume = c == null ? null : c.volumeName;
        RestoredVolume.FromDataSource ds = c == null ? null : c.dataSource;
        if (ds != null) {
            spec.remove("volumeName");
            Map<String, Object> source = new LinkedHashMap<>();
            if (ds.apiGroup() != null) {
                source.put("apiGroup", ds.apiGroup());
            }
            source.put("kind", ds.kind());
            source.put("name", ds.name());
            spec.put("dataSource", source);
        } else if (volume != null) {
            spec.put("volumeName", volume);
        } else {
            spec.remove("volumeName");
        }
    }
}
