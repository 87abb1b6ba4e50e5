package io.github.aksbackup.backup;

import io.github.aksbackup.api.AksBackupException;
import io.github.aksbackup.api.ErrorCode;
import io.github.aksbackup.api.instance.BackupConfiguration;
import io.github.aksbackup.api.instance.SecretData;
import io.github.aksbackup.api.instance.VolumeType;
import io.github.aksbackup.api.job.ItemAction;
import io.github.aksbackup.api.job.ItemResult;
import io.github.aksbackup.api.job.Job;
import io.github.aksbackup.api.job.JobStatus;
import io.github.aksbackup.api.recovery.RecoveryPoint;
import io.github.aksbackup.api.recovery.RecoveryPointStatus;
import io.github.aksbackup.api.recovery.VolumeSnapshotRecord;
import io.github.aksbackup.hook.BackupHookContext;
import io.github.aksbackup.hook.BackupHooks;
import io.github.aksbackup.hook.HookOutcome;
import io.github.aksbackup.hook.HookRunner;
import io.github.aksbackup.internal.Json;
import io.github.aksbackup.internal.ObjectSelection;
import io.github.aksbackup.job.JobRecorder;
import io.github.aksbackup.repository.Manifest;
import io.github.aksbackup.repository.RecoveryPointWriter;
import io.github.aksbackup.repository.Repository;
import io.github.aksbackup.resilience.RetryingClusterClient;
import io.github.aksbackup.spi.ClusterClient;
import io.github.aksbackup.spi.KubeObject;
import io.github.aksbackup.spi.ListOptions;
import io.github.aksbackup.spi.Page;
import io.github.aksbackup.spi.ResourceType;
import io.github.aksbackup.spi.SnapshotRequest;
import io.github.aksbackup.spi.SnapshotStatus;
import io.github.aksbackup.spi.VolumeSnapshotter;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes backups: streams the selected objects of a cluster page by page into a recovery point of the
 * repository, snapshots the volumes of selected claims, and runs backup hooks around each pod's
 * snapshots.
 *
 * <p>Selection follows the instance's {@link BackupConfiguration}: included/excluded namespaces
 * ({@code kube-system}, {@code kube-public} and {@code kube-node-lease} never), included/excluded
 * types, label selectors (any one matching), the {@code velero.io/exclude-from-backup=true}
 * annotation, and cluster-scoped objects when {@code includeClusterScopeResources} is on. With
 * {@code secretData} {@code MetadataOnly}, Secrets are stored without their content
 * ({@link Sanitizer#withoutSecretData}). Whatever
 * the switch says, the Namespace objects of selected namespaces and the cluster-scoped objects a
 * selected object needs come along unless their type is excluded explicitly: the PersistentVolume of
 * a claim, the StorageClass of a claim or volume, the CustomResourceDefinition of a custom resource,
 * the ClusterRole a RoleBinding refers to.
 *
 * <p>Volumes: with {@code snapshotVolumes} on, the volume of every selected, bound claim whose CSI
 * driver is {@code disk.csi.azure.com} is snapshotted (claims used by a selected pod between its pre
 * and post hooks, the others afterwards); a volume of any other driver is skipped with a warning
 * naming the claim and the driver.
 *
 * <p>Outcome: an item that fails (a type that cannot be listed, a snapshot that fails, a pod whose
 * hook fails) is counted and listed; the recovery point is then {@code Partial} and the job
 * {@code CompletedWithWarnings}. The job is {@code Failed}, and no recovery point exists, only when
 * the backup could not be written at all. Memory is bounded by the page size and the pack size.
 * Cluster calls that fail transiently are repeated ({@link RetryingClusterClient}).
 * Thread-safe; one call runs one backup.
 */
public final class BackupEngine {
    private static final Logger LOG = LoggerFactory.getLogger(BackupEngine.class);
    /** The CSI driver of Azure Disk volumes, the only one snapshotted. */
    public static final String AZURE_DISK_DRIVER = "disk.csi.azure.com";
    private static final String PVC = "v1/PersistentVolumeClaim";

    private final Repository repository;
    private final ClusterClient cluster;
    private final VolumeSnapshotter snapshotter;
    private final HookRunner hooks;
    private final Clock clock;
    private final BackupOptions options;

    /**
     * An engine.
     *
     * @param snapshotter takes volume snapshots; {@code null} when none is available (every volume is then skipped with a warning)
     */
    public BackupEngine(Repository repository, ClusterClient cluster, VolumeSnapshotter snapshotter, HookRunner hooks, Clock clock,
            BackupOptions options) {
        this.repository = Objects.requireNonNull(repository, "repository");
        this.cluster = RetryingClusterClient.wrap(Objects.requireNonNull(cluster, "cluster"));
        this.snapshotter = snapshotter;
        this.hooks = hooks == null ? HookRunner.NONE : hooks;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.options = options == null ? BackupOptions.DEFAULTS : options;
    }

    /** Takes the backup, recording into {@code job}; never throws for backup failures (see the job). */
    public BackupResult run(BackupSpec spec, JobRecorder job) {
        job.recoveryPoint(spec.recoveryPointId());
        return new Run(spec, job).execute();
    }

    /** The state of one backup. */
    private final class Run {
        final BackupSpec spec;
        final BackupConfiguration config;
        final JobRecorder job;
        ObjectSelection selection;
        BackupHooks backupHooks = BackupHooks.NONE;
        RecoveryPointWriter writer;
        final Set<String> selectedNamespaces = new TreeSet<>();
        /**
         * Whether the prefetching thread also compresses the objects it prepares: yes while most objects
         * of the last page were new to the vault (a first backup), no while most were there already (an
         * incremental one), where compressing would be wasted.
         */
        volatile boolean compressAhead = true;
        /** Selected claims, {@code namespace/name} → bound volume name (or {@code null}). */
        final Map<String, String> selectedClaims = new TreeMap<>();
        /** Claims handled, {@code namespace/name} → outcome. */
        final Map<String, Snap> claimOutcome = new HashMap<>();
        final Map<String, Set<String>> needed = new HashMap<>();
        final List<VolumeSnapshotRecord> snapshots = new ArrayList<>();
        long reportedNew;
        long reportedTotal;
        /** Pods at or before this key were handled before a listing restarted. */
        String podsDoneUpTo;
        String lastPod;

        Run(BackupSpec spec, JobRecorder job) {
            this.spec = spec;
            this.config = spec.instance().configuration();
            this.job = job;
        }

        BackupResult execute() {
            try {
                job.phase("preparing");
                selection = new ObjectSelection(config.includedNamespaces(), config.excludedNamespaces(),
                        BackupConfiguration.SYSTEM_NAMESPACES, config.includedResourceTypes(), config.excludedResourceTypes(),
                        config.labelSelectors());
                backupHooks = hooks.backupHooks(new BackupHookContext(cluster, config.backupHookReferences(),
                        spec.instance().name(), job.id(), clock));
                List<ResourceType> types = listableTypes();
                for (String pattern : selection.patternsMatchingNone(types)) {
                    job.warning(pattern + " names no resource type the cluster serves" + ObjectSelection.SELECTS_NOTHING);
                }
                writer = repository.startRecoveryPoint(spec.instance().name(), spec.recoveryPointId());
                backupNamespaces(types);
                List<ResourceType> namespaced = types.stream().filter(ResourceType::namespaced).sorted(NAMESPACED_ORDER).toList();
                for (ResourceType t : namespaced) {
                    if (selection.typeSelected(t)) {
                        backupNamespacedType(t);
                    }
                }
                job.phase("snapshotting volumes of claims no selected pod uses");
                for (Map.Entry<String, String> c : new ArrayList<>(selectedClaims.entrySet())) {
                    int slash = c.getKey().indexOf('/');
                    snapshotClaim(c.getKey().substring(0, slash), c.getKey().substring(slash + 1));
                }
                for (ResourceType t : types) {
                    if (!t.namespaced() && !isNamespaceType(t)) {
                        backupClusterType(t);
                    }
                }
                return commit();
            } catch (RuntimeException thrown) {
                RuntimeException e = thrown instanceof ListingFailure f ? f.cause : thrown;
                LOG.warn("backup {} of {} failed: {}", spec.recoveryPointId(), spec.instance().name(), e.toString());
                job.error(e, null);
                abandon();
                return new BackupResult(job.finish(JobStatus.Failed), null);
            }
        }

        private List<ResourceType> listableTypes() {
            job.phase("discovering resource types");
            List<ResourceType> out = new ArrayList<>();
            for (ResourceType t : cluster.discover()) {
                if (t.allows("list") && t.allows("get")) {
                    out.add(t);
                }
            }
            out.sort(Comparator.comparing(ResourceType::displayName));
            return out;
        }

        private void backupNamespaces(List<ResourceType> types) {
            ResourceType nsType = types.stream().filter(this::isNamespaceType).findFirst()
                    .orElseThrow(() -> new AksBackupException(ErrorCode.DISCOVERY_FAILED, "the cluster does not serve v1/Namespace"));
            job.phase("listing namespaces");
            boolean store = selection.typeNotExcluded(nsType);
            if (store) {
                writer.beginType(nsType);
            }
            TypeCounts counts = new TypeCounts();
            for (Page page : cluster.list(nsType, new ListOptions(null, null, options.pageSize()))) {
                if (page.restarted() && store) {
                    writer.restartType();
                    counts.undo(job);
                }
                for (KubeObject ns : page.items()) {
                    if (!selection.namespaceSelected(ns.name())) {
                        continue;
                    }
                    selectedNamespaces.add(ns.name());
                    if (store) {
                        clusterObject(nsType, ns, counts);
                    }
                }
            }
            if (store) {
                writer.endType();
                reportBytes();
            }
            for (String wanted : selection.includedNamespaces()) {
                if (!selectedNamespaces.contains(wanted) && selection.namespaceSelected(wanted)) {
                    job.warning("included namespace " + wanted + " does not exist in the cluster");
                }
            }
        }

        private boolean isNamespaceType(ResourceType t) {
            return t.group().isEmpty() && t.kind().equals("Namespace");
        }

        private void backupNamespacedType(ResourceType t) {
            if (selectedNamespaces.isEmpty()) {
                return;
            }
            List<String> scopes = selection.includedNamespaces().isEmpty() ? Collections.singletonList(null)
                    : new ArrayList<>(selectedNamespaces);
            String serverSelector = selection.serverSelector();
            takeType(t, counts -> listScopes(t, scopes, serverSelector, counts));
        }

        /**
         * Takes one type into the recovery point: again from scratch when its listing restarted, and as
         * one failed item when it cannot be listed.
         */
        private void takeType(ResourceType t, java.util.function.Predicate<TypeCounts> listOnce) {
            job.phase("listing " + t.displayName());
            writer.beginType(t);
            TypeCounts counts = new TypeCounts();
            try {
                for (int attempt = 1; !listOnce.test(counts); attempt++) {
                    if (attempt == 3) {
                        throw new AksBackupException(ErrorCode.LISTING_UNSTABLE, "listing " + t.displayName()
                                + " restarted three times; the cluster changes too fast to take a consistent copy",
                                "Retry the backup later.", null);
                    }
                    writer.restartType();
                    counts.undo(job);
                    podsDoneUpTo = lastPod;
                }
            } catch (ListingFailure f) {
                RuntimeException e = f.cause;
                writer.restartType();
                counts.undo(job);
                job.failed(1);
                job.error(e, t.displayName());
                job.item(new ItemResult(t.displayName(), null, "*", ItemAction.Failed, "cannot list: " + e.getMessage()));
            }
            writer.endType();
            reportBytes();
        }

        /** Lists a type in every scope; false when a listing restarted and the type must be taken again. */
        private boolean listScopes(ResourceType t, List<String> scopes, String serverSelector, TypeCounts counts) {
            for (String scope : scopes) {
                boolean first = true;
                for (Fetched fetched : pages(t, new ListOptions(scope, serverSelector, options.pageSize()),
                        o -> selected(o) && !ObjectSelection.excludedByAnnotation(o)
                                ? RecoveryPointWriter.prepare(stored(t, o), compressAhead) : null)) {
                    Page page = fetched.page();
                    if (page.restarted() && !first) {
                        return false;
                    }
                    first = false;
                    List<KubeObject> items = page.items();
                    int added = 0;
                    int fresh = 0;
                    for (int i = 0; i < items.size(); i++) {
                        KubeObject o = items.get(i);
                        if (!selected(o)) {
                            continue;
                        }
                        counts.seen++;
                        job.seen(1);
                        if (ObjectSelection.excludedByAnnotation(o)) {
                            counts.skipped++;
                            job.skipped(1);
                            job.item(new ItemResult(t.displayName(), o.namespace(), o.name(), ItemAction.Skipped,
                                    "annotated " + ObjectSelection.EXCLUDE_ANNOTATION + "=true"));
                            continue;
                        }
                        added++;
                        if (writer.add(o.namespace(), o.name(), fetched.prepared().get(i)).stored()) {
                            fresh++;
                        }
                        noteDependencies(t, o);
                        boolean ok = !isPod(t) || handlePod(o);
                        if (ok) {
                            counts.succeeded++;
                            job.succeeded(1);
                        } else {
                            counts.failed++;
                            job.failed(1);
                        }
                    }
                    if (added > 0) {
                        // Pages already on their way were prepared under the earlier guess; that costs
                        // at most two pages of needless or missed compression.
                        compressAhead = fresh * 2 > added;
                    }
                    reportBytes();
                }
            }
            return true;
        }

        /**
         * Whether a listed namespaced object belongs in the backup. Also called on the prefetching thread,
         * which is safe because the selected namespaces are settled before any namespaced type is listed.
         */
        private boolean selected(KubeObject o) {
            return selection.namespaceSelected(o.namespace()) && selectedNamespaces.contains(o.namespace())
                    && selection.labelsMatch(o.labels());
        }

        /**
         * What is stored of an object: sanitized, and a Secret without its data when the configuration says
         * so. Also called on the prefetching thread.
         */
        private Map<String, Object> stored(ResourceType t, KubeObject o) {
            if (config.secretData() == SecretData.MetadataOnly && t.group().isEmpty() && t.kind().equals("Secret")) {
                return Sanitizer.withoutSecretData(o.content());
            }
            return Sanitizer.sanitize(o.content());
        }

        private void noteDependencies(ResourceType t, KubeObject o) {
            if (!t.group().isEmpty()) {
                need("CustomResourceDefinition", t.plural() + "." + t.group());
            }
            if (t.group().isEmpty() && t.kind().equals("PersistentVolumeClaim")) {
                String volume = (String) o.at("spec", "volumeName");
                selectedClaims.put(o.qualifiedName(), volume);
                need("PersistentVolume", volume);
                need("StorageClass", (String) o.at("spec", "storageClassName"));
            }
            if (t.group().equals("rbac.authorization.k8s.io") && t.kind().equals("RoleBinding")
                    && "ClusterRole".equals(o.at("roleRef", "kind"))) {
                need("ClusterRole", (String) o.at("roleRef", "name"));
            }
        }

        private void need(String kind, String name) {
            if (name != null && !name.isEmpty()) {
                needed.computeIfAbsent(kind, k -> new TreeSet<>()).add(name);
            }
        }

        private boolean isPod(ResourceType t) {
            return t.group().isEmpty() && t.kind().equals("Pod");
        }

        /** Hooks and volume snapshots of one pod; false when the pod failed. */
        private boolean handlePod(KubeObject pod) {
            String key = pod.qualifiedName();
            if (podsDoneUpTo != null && key.compareTo(podsDoneUpTo) <= 0) {
                return true;
            }
            lastPod = key;
            boolean ok = true;
            HookOutcome pre = record(guarded(() -> backupHooks.beforePodVolumes(pod), "pre", pod));
            BackupHooks.PodVolumes volumes = BackupHooks.PodVolumes.NotSnapshotted;
            if (pre.failed()) {
                ok = false;
                for (String claim : claims(pod)) {
                    claimOutcome.putIfAbsent(pod.namespace() + "/" + claim, Snap.SKIPPED);
                }
                job.item(new ItemResult("v1/Pod", pod.namespace(), pod.name(), ItemAction.Failed,
                        "pre hook failed, volumes not snapshotted: " + pre.message()));
            } else if (config.snapshotVolumes()) {
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
            HookOutcome post = record(guarded(() -> backupHooks.afterPodVolumes(pod, handled), "post", pod));
            if (post.failed()) {
                ok = false;
                job.item(new ItemResult("v1/Pod", pod.namespace(), pod.name(), ItemAction.Failed, "post hook failed: " + post.message()));
            }
            return ok;
        }

        /** A hook implementation that throws is a failed hook of that pod, not a failed backup. */
        private HookOutcome guarded(java.util.function.Supplier<HookOutcome> call, String phase, KubeObject pod) {
            try {
                return call.get();
            } catch (RuntimeException e) {
                return new HookOutcome(List.of(), true, phase + " hooks of pod " + pod.qualifiedName() + " could not run: " + e.getMessage(),
                        List.of());
            }
        }

        private HookOutcome record(HookOutcome outcome) {
            job.hookSteps(outcome.steps());
            outcome.warnings().forEach(job::warning);
            return outcome;
        }

        private List<String> claims(KubeObject pod) {
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
            Snap done = claimOutcome.get(key);
            if (done != null) {
                return done;
            }
            Snap s = config.snapshotVolumes() && selectedClaims.containsKey(key) ? takeSnapshot(namespace, claim, selectedClaims.get(key))
                    : Snap.SKIPPED;
            claimOutcome.put(key, s);
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
            if (!AZURE_DISK_DRIVER.equals(driver)) {
                return skipVolume(namespace, claim, who + " uses volume driver " + driver + "; only " + AZURE_DISK_DRIVER
                        + " volumes are snapshotted, so its data is not in the backup");
            }
            if (!config.includedVolumeTypes().contains(VolumeType.AzureDisk)) {
                return skipVolume(namespace, claim, who + " is an Azure Disk volume but includedVolumeTypes does not list AzureDisk");
            }
            if (snapshotter == null || !snapshotter.supports(driver)) {
                return skipVolume(namespace, claim, who + " uses driver " + driver + ", which no configured volume snapshotter supports");
            }
            Map<String, String> attributes = new LinkedHashMap<>();
            if (pv.at("spec", "csi", "volumeAttributes") instanceof Map<?, ?> attrs) {
                attrs.forEach((k, v) -> attributes.put(String.valueOf(k), String.valueOf(v)));
            }
            Map<String, String> tags = Map.of("aks-backup/instance", spec.instance().name(),
                    "aks-backup/recovery-point", spec.recoveryPointId());
            job.phase("snapshotting " + who);
            try {
                VolumeSnapshotRecord rec = snapshotter.snapshot(new SnapshotRequest(namespace, claim, volumeName, driver,
                        (String) pv.at("spec", "csi", "volumeHandle"), capacity(pv), attributes, tags));
                snapshots.add(rec);
                awaitReady(rec);
                job.volumes(1);
                job.item(new ItemResult(PVC, namespace, claim, ItemAction.Snapshotted, "snapshot " + rec.snapshotHandle()));
                return Snap.TAKEN;
            } catch (RuntimeException e) {
                return failVolume(namespace, claim, e, "volume snapshot failed: " + e.getMessage());
            }
        }

        private Snap failVolume(String namespace, String claim, RuntimeException e, String why) {
            job.failed(1);
            job.error(e, PVC + " " + namespace + "/" + claim);
            job.item(new ItemResult(PVC, namespace, claim, ItemAction.Failed, why));
            return Snap.FAILED;
        }

        private Snap skipVolume(String namespace, String claim, String why) {
            job.warning(why);
            job.item(new ItemResult(PVC, namespace, claim, ItemAction.Skipped, why));
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

        private long capacity(KubeObject pv) {
            Object q = pv.at("spec", "capacity", "storage");
            return q instanceof String s ? Quantities.bytes(s) : 0;
        }

        private void backupClusterType(ResourceType t) {
            Set<String> deps = needed.getOrDefault(t.kind(), Set.of());
            boolean all = config.includeClusterScopeResources() && selection.typeSelected(t);
            if (!all && (deps.isEmpty() || !selection.typeNotExcluded(t) || !isDependencyType(t))) {
                return;
            }
            if (all) {
                takeType(t, counts -> listCluster(t, deps, counts));
            } else {
                takeType(t, counts -> {
                    for (String name : deps) {
                        KubeObject o;
                        try {
                            o = cluster.get(t, null, name).orElse(null);
                        } catch (RuntimeException e) {
                            throw new ListingFailure(e);
                        }
                        if (o == null && t.kind().equals("CustomResourceDefinition") && t.group().equals("apiextensions.k8s.io")) {
                            continue; // a type served without a CRD is built in or aggregated: nothing to back up
                        }
                        if (o == null) {
                            job.warning(t.kind() + " " + name + ", needed by a selected object, does not exist in the cluster");
                        } else {
                            clusterObject(t, o, counts);
                        }
                    }
                    return true;
                });
            }
        }

        private boolean isDependencyType(ResourceType t) {
            return switch (t.kind()) {
                case "PersistentVolume" -> t.group().isEmpty();
                case "StorageClass" -> t.group().equals("storage.k8s.io");
                case "CustomResourceDefinition" -> t.group().equals("apiextensions.k8s.io");
                case "ClusterRole" -> t.group().equals("rbac.authorization.k8s.io");
                default -> false;
            };
        }

        private boolean listCluster(ResourceType t, Set<String> deps, TypeCounts counts) {
            boolean first = true;
            for (Fetched fetched : pages(t, new ListOptions(null, null, options.pageSize()), o -> null)) {
                Page page = fetched.page();
                if (page.restarted() && !first) {
                    return false;
                }
                first = false;
                for (KubeObject o : page.items()) {
                    if (selection.labelsMatch(o.labels()) || deps.contains(o.name()) && isDependencyType(t)) {
                        clusterObject(t, o, counts);
                    }
                }
                reportBytes();
            }
            return true;
        }

        private void clusterObject(ResourceType t, KubeObject o, TypeCounts counts) {
            counts.seen++;
            job.seen(1);
            if (ObjectSelection.excludedByAnnotation(o)) {
                counts.skipped++;
                job.skipped(1);
                job.item(new ItemResult(t.displayName(), null, o.name(), ItemAction.Skipped,
                        "annotated " + ObjectSelection.EXCLUDE_ANNOTATION + "=true"));
                return;
            }
            writer.add(null, o.name(), Sanitizer.sanitize(o.content()));
            if (t.kind().equals("PersistentVolume") && t.group().isEmpty()) {
                need("StorageClass", (String) o.at("spec", "storageClassName"));
            }
            counts.succeeded++;
            job.succeeded(1);
        }

        private void reportBytes() {
            long written = writer.bytesWritten() + writer.bytesPending();
            long total = writer.totalBytes();
            job.bytes(written - reportedNew, total - reportedTotal);
            reportedNew = written;
            reportedTotal = total;
            job.progress();
        }

        private BackupResult commit() {
            job.phase("writing the manifest");
            RecoveryPointStatus status = job.failedCount() > 0 ? RecoveryPointStatus.Partial : RecoveryPointStatus.Completed;
            RecoveryPoint rp = new RecoveryPoint(spec.recoveryPointId(), spec.instance().name(), spec.time(), spec.type(), spec.tag(),
                    status, spec.stores(), 0, 0, snapshots);
            Manifest manifest = writer.commit(rp, job.id(), spec.instance().clusterRef(), spec.instance().policyName(),
                    Json.toTree(config));
            reportBytes();
            Job done = job.finish(job.outcome());
            LOG.info("backup {} of {}: {} objects, {} new bytes, status {}", spec.recoveryPointId(), spec.instance().name(),
                    manifest.recoveryPoint().objectCount(), done.counts().bytesNew(), done.status());
            return new BackupResult(done, manifest);
        }

        /** A failed backup leaves no snapshots behind: no recovery point refers to them. */
        private void abandon() {
            if (writer != null) {
                writer.close();
            }
            for (VolumeSnapshotRecord s : snapshots) {
                try {
                    snapshotter.delete(s);
                } catch (RuntimeException e) {
                    job.warning("snapshot " + s.snapshotHandle() + " of a failed backup could not be deleted: " + e.getMessage());
                }
            }
        }
    }

    /** Claims first (pods need to know them), pods last (their hooks run once everything else is captured). */
    private static final Comparator<ResourceType> NAMESPACED_ORDER = Comparator
            .comparingInt((ResourceType t) -> t.group().isEmpty() && t.kind().equals("PersistentVolumeClaim") ? 0
                    : t.group().isEmpty() && t.kind().equals("Pod") ? 2 : 1)
            .thenComparing(ResourceType::displayName);

    private enum Snap { TAKEN, FAILED, SKIPPED }

    /** A cluster call of a listing failed: that type is lost, the backup goes on. */
    private static final class ListingFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final transient RuntimeException cause;

        ListingFailure(RuntimeException cause) {
            super(cause.getMessage(), cause, false, false);
            this.cause = cause;
        }
    }

    /** Fetches the next page of a listing while the current one is processed. */
    private static final java.util.concurrent.ExecutorService PREFETCH = java.util.concurrent.Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "backup-page-prefetch");
        t.setDaemon(true);
        return t;
    });

    /** A fetched page and, item by item, what {@code prepare} made of it ({@code null} for items it left). */
    private record Fetched(Page page, List<RecoveryPointWriter.Prepared> prepared) {
    }

    /**
     * Pages of a listing, one page fetched ahead and its objects prepared for the writer on the fetching
     * thread (so the cluster's encoding, the canonical form and hashing, and the writer's compression
     * overlap; memory holds at most two pages), failures surfacing as {@link ListingFailure}.
     */
    private Iterable<Fetched> pages(ResourceType t, ListOptions o,
            java.util.function.Function<KubeObject, RecoveryPointWriter.Prepared> prepare) {
        Iterable<Page> pages;
        try {
            pages = cluster.list(t, o);
        } catch (RuntimeException e) {
            throw new ListingFailure(e);
        }
        return () -> new java.util.Iterator<>() {
            private java.util.Iterator<Page> it;
            private java.util.concurrent.Future<Optional<Fetched>> ahead = fetch();
            private Optional<Fetched> current;

            private java.util.concurrent.Future<Optional<Fetched>> fetch() {
                return PREFETCH.submit(() -> {
                    if (it == null) {
                        it = pages.iterator();
                    }
                    if (!it.hasNext()) {
                        return Optional.<Fetched>empty();
                    }
                    Page page = it.next();
                    List<RecoveryPointWriter.Prepared> prepared = new ArrayList<>(page.items().size());
                    for (KubeObject item : page.items()) {
                        prepared.add(prepare.apply(item));
                    }
                    return Optional.of(new Fetched(page, prepared));
                });
            }

            @Override
            public boolean hasNext() {
                if (current == null) {
                    try {
                        current = ahead.get();
                    } catch (java.util.concurrent.ExecutionException e) {
                        throw new ListingFailure(e.getCause() instanceof RuntimeException r ? r
                                : new AksBackupException(ErrorCode.LISTING_FAILED, String.valueOf(e.getCause()), null, e.getCause()));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new AksBackupException(ErrorCode.CANCELLED, "the backup was interrupted while listing " + t.displayName());
                    }
                }
                return current.isPresent();
            }

            @Override
            public Fetched next() {
                if (!hasNext()) {
                    throw new java.util.NoSuchElementException();
                }
                Fetched p = current.get();
                current = null;
                ahead = fetch();
                return p;
            }
        };
    }

    /** Counters of one type, so a restarted listing can take them back. */
    private static final class TypeCounts {
        long seen;
        long succeeded;
        long skipped;
        long failed;

        void undo(JobRecorder job) {
            job.seen(-seen);
            job.succeeded(-succeeded);
            job.skipped(-skipped);
            job.failed(-failed);
            seen = 0;
            succeeded = 0;
            skipped = 0;
            failed = 0;
        }
    }
}
