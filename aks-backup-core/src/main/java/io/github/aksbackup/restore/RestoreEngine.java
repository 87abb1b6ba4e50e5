package io.github.aksbackup.restore;

import io.github.aksbackup.api.AksBackupException;
import io.github.aksbackup.api.ConflictException;
import io.github.aksbackup.api.DataCorruptionException;
import io.github.aksbackup.api.ErrorCode;
import io.github.aksbackup.api.job.ItemAction;
import io.github.aksbackup.api.job.ItemResult;
import io.github.aksbackup.api.job.Job;
import io.github.aksbackup.api.job.JobError;
import io.github.aksbackup.api.job.JobStatus;
import io.github.aksbackup.api.recovery.VolumeSnapshotRecord;
import io.github.aksbackup.api.restore.ConflictPolicy;
import io.github.aksbackup.api.restore.PersistentVolumeRestoreMode;
import io.github.aksbackup.api.restore.RestoreConfig;
import io.github.aksbackup.backup.Sanitizer;
import io.github.aksbackup.hook.HookOutcome;
import io.github.aksbackup.hook.HookRunner;
import io.github.aksbackup.hook.RestoreHookContext;
import io.github.aksbackup.hook.RestoreHooks;
import io.github.aksbackup.internal.ObjectSelection;
import io.github.aksbackup.job.JobRecorder;
import io.github.aksbackup.repository.BlobId;
import io.github.aksbackup.repository.Manifest;
import io.github.aksbackup.repository.ManifestEntry;
import io.github.aksbackup.repository.RecoveryPointReader;
import io.github.aksbackup.repository.TypeSection;
import io.github.aksbackup.resilience.RetryingClusterClient;
import io.github.aksbackup.restore.modifier.ResourceModifiers;
import io.github.aksbackup.spi.ClusterClient;
import io.github.aksbackup.spi.KubeObject;
import io.github.aksbackup.spi.ResourceType;
import io.github.aksbackup.spi.RestoredVolume;
import io.github.aksbackup.spi.VolumeRestoreRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Restores a recovery point into a cluster, tier by tier (see {@link Tiers}: CRDs, namespaces,
 * storage classes, volumes, claims, service accounts, RBAC, secrets, config maps, services,
 * workloads, pods, ..., unknown types, custom resources once their type is served), objects of one
 * tier in parallel with bounded concurrency.
 *
 * <p>Selection: the configuration's namespace, type and label filters apply to the source objects;
 * namespaces are mapped; with {@code includeClusterScopeResources} off only the cluster-scoped
 * objects restored objects need come along (CRDs of custom resources, StorageClasses and volumes of
 * claims, ClusterRoles of RoleBindings). A namespace that restored objects need is created when the
 * recovery point does not hold it.
 *
 * <p>Volumes: with {@code RestoreWithVolumeData}, a claim whose volume was snapshotted gets a new
 * volume from the snapshot (a PersistentVolume bound to it, named like the original unless that name
 * is taken, or a data source); a claim without a snapshot is restored as is when its volume's reclaim
 * policy is {@code Retain} (the volume still holds the data; not when the target's volume of that name
 * is bound to another claim, which it is neither patched nor bound to) and otherwise gets a new, empty
 * volume.
 * With {@code RestoreWithoutVolumeData} no PersistentVolume is restored and claims get new volumes.
 *
 * <p>Conflicts: Skip leaves the existing object and reports it skipped; Patch merge-patches the
 * restored fields onto it; Recreate deletes and creates it (never a Namespace, which would take its
 * content with it: namespaces are patched instead); Fail reports the item failed. A dry run decides
 * the same way by reading the target (never writing) and returns that plan; the real run's items come
 * in the same order.
 *
 * <p>A Secret backed up without its data ({@code secretData MetadataOnly}) is never created: an empty
 * Secret would hide the missing data behind a working name. It is a skipped item saying so, and the
 * job warns once with their number.
 *
 * <p>A damaged object in the vault fails its item, naming it, and the rest is restored. Cluster
 * calls that fail transiently are repeated ({@link RetryingClusterClient}).
 *
 * <p>Resource modifier rules ({@link ResourceModifiers}) change each object after it is prepared
 * (namespace mapped, server fields stripped) and before it is created or patched; an object a rule
 * fails on is a failed item naming the rule, the items say which rules changed them, and the job warns
 * about rules that matched nothing.
 */
public final class RestoreEngine {
    private static final Logger LOG = LoggerFactory.getLogger(RestoreEngine.class);
    private static final String CRD_GROUP = "apiextensions.k8s.io";

    private final ClusterClient target;
    private final VolumeSource volumes;
    private final HookRunner hooks;
    private final Clock clock;
    private final RestoreOptions options;

    /**
     * An engine restoring into {@code target}.
     *
     * @param volumes where volume data comes from; {@code null} when none can be restored
     */
    public RestoreEngine(ClusterClient target, VolumeSource volumes, HookRunner hooks, Clock clock, RestoreOptions options) {
        this.target = RetryingClusterClient.wrap(Objects.requireNonNull(target, "target"));
        this.volumes = volumes;
        this.hooks = hooks == null ? HookRunner.NONE : hooks;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.options = options == null ? RestoreOptions.DEFAULTS : options;
    }

    /**
     * Restores (or with {@code dryRun} plans) the recovery point of {@code manifest}, recording into
     * {@code job}, with the resource modifier rules the configuration's {@code resourceModifierReference}
     * names in the target cluster; never throws for restore failures (see the job).
     *
     * @throws io.github.aksbackup.api.InvalidInputException when those rules have problems (before anything is restored)
     */
    public RestoreResult run(RestoreConfig config, Manifest manifest, RecoveryPointReader reader, boolean dryRun, JobRecorder job) {
        return run(config, manifest, reader, dryRun, job, ResourceModifiers.load(target, config.resourceModifierReference()));
    }

    /**
     * Restores (or plans) as {@link #run(RestoreConfig, Manifest, RecoveryPointReader, boolean, JobRecorder)},
     * with resource modifier rules loaded by the caller (who has checked them before starting the job).
     */
    public RestoreResult run(RestoreConfig config, Manifest manifest, RecoveryPointReader reader, boolean dryRun, JobRecorder job,
            ResourceModifiers modifiers) {
        job.recoveryPoint(manifest.id());
        ExecutorService workers = Executors.newFixedThreadPool(options.parallelism(), r -> {
            Thread t = new Thread(r, "restore-worker");
            t.setDaemon(true);
            return t;
        });
        ExecutorService hookThreads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "restore-hook");
            t.setDaemon(true);
            return t;
        });
        Run run = new Run(config, manifest, reader, dryRun, job, workers, hookThreads, modifiers.applier(target::patchMetadata));
        try {
            return run.execute();
        } finally {
            workers.shutdownNow();
            hookThreads.shutdownNow();
            if (volumes != null && !dryRun) {
                try {
                    volumes.cleanUp();
                } catch (RuntimeException e) {
                    job.warning("staged volume data could not be removed: " + e.getMessage());
                }
            }
        }
    }

    /** A section of the recovery point and how it is restored. */
    private record Section(TypeSection section, ResourceType type, int tier, boolean custom) {
    }

    /** A restored object whose owners were not all restored yet when it was created. */
    private record LateOwners(ResourceType type, String namespace, String name, List<?> references, int linked) {
    }

    /** A claim selected for restore: what its volume becomes. */
    private static final class Claim {
        final String storageClass;
        volatile String volumeName;
        volatile RestoredVolume.FromDataSource dataSource;

        Claim(String storageClass) {
            this.storageClass = storageClass;
        }
    }

    /** The state of one restore. */
    private final class Run {
        final RestoreConfig config;
        final Manifest manifest;
        final RecoveryPointReader reader;
        final boolean dryRun;
        final JobRecorder job;
        final ExecutorService workers;
        final ExecutorService hookThreads;
        final ObjectTransformer transformer;
        final ResourceModifiers.Applier modifiers;
        ObjectSelection selection;
        RestoreHooks restoreHooks = RestoreHooks.NONE;
        final Map<String, ResourceType> served = new ConcurrentHashMap<>();
        final Map<String, String> uids = new ConcurrentHashMap<>();
        final Set<String> sourceNamespaces = new TreeSet<>();
        /** Target namespaces the Namespace section took care of. */
        final Set<String> namespacesHandled = ConcurrentHashMap.newKeySet();
        final Map<String, Claim> claims = new ConcurrentHashMap<>();
        final AtomicLong secretsWithoutData = new AtomicLong();
        /** Claims the vault holds damaged: their volumes are reported, not silently left out. */
        final Set<String> damagedClaims = ConcurrentHashMap.newKeySet();
        final Map<String, Set<String>> needed = new HashMap<>();
        final Set<String> crdsInBackup = new TreeSet<>();
        /** CRDs this restore created, patched or found in the target. */
        final Set<String> crdsInPlace = ConcurrentHashMap.newKeySet();
        final Map<String, VolumeSnapshotRecord> snapshots = new HashMap<>();
        final List<Future<?>> hookRuns = new ArrayList<>();
        final AtomicLong seq = new AtomicLong();
        final List<LateOwners> lateOwners = java.util.Collections.synchronizedList(new ArrayList<>());

        Run(RestoreConfig config, Manifest manifest, RecoveryPointReader reader, boolean dryRun, JobRecorder job,
                ExecutorService workers, ExecutorService hookThreads, ResourceModifiers.Applier modifiers) {
            this.config = config;
            this.manifest = manifest;
            this.reader = reader;
            this.dryRun = dryRun;
            this.job = job;
            this.workers = workers;
            this.hookThreads = hookThreads;
            this.transformer = new ObjectTransformer(config, uids::get);
            this.modifiers = modifiers;
        }

        RestoreResult execute() {
            try {
                job.phase(dryRun ? "planning (dry run)" : "preparing");
                selection = new ObjectSelection(config.includedNamespaces(), config.excludedNamespaces(), Set.of(),
                        config.includedResourceTypes(), config.excludedResourceTypes(), config.labelSelectors());
                if (!dryRun) {
                    restoreHooks = hooks.restoreHooks(new RestoreHookContext(target, config.restoreHookReferences(),
                            config.namespaceMappings(), job.id(), clock));
                }
                for (VolumeSnapshotRecord s : manifest.recoveryPoint().volumeSnapshots()) {
                    snapshots.put(s.pvcNamespace() + "/" + s.pvcName(), s);
                }
                refreshServedTypes();
                List<Section> sections = sections();
                for (String pattern : selection.patternsMatchingNone(manifest.types().stream().map(TypeSection::type).toList())) {
                    job.warning(pattern + " names no resource type the recovery point holds" + ObjectSelection.SELECTS_NOTHING);
                }
                survey(sections);
                warnAboutNamespacesNotInThePoint(sections);
                TreeMap<Integer, List<Section>> tiers = new TreeMap<>();
                for (Section s : sections) {
                    tiers.computeIfAbsent(s.tier(), k -> new ArrayList<>()).add(s);
                }
                tiers.computeIfAbsent(Tiers.NAMESPACES, k -> new ArrayList<>());
                for (Map.Entry<Integer, List<Section>> tier : tiers.entrySet()) {
                    job.phase((dryRun ? "planning " : "restoring ") + Tiers.describe(tier.getKey()));
                    if (tier.getKey() == Tiers.CUSTOM || tier.getKey() == Tiers.UNKNOWN) {
                        refreshServedTypes();
                    }
                    runTier(tier.getKey(), tier.getValue());
                }
                linkLateOwners();
                awaitHooks();
                modifiers.unmatchedRules().forEach(job::warning);
                if (secretsWithoutData.get() > 0) {
                    job.warning(secretsWithoutData.get() + " Secrets were backed up without their data and were not restored;"
                            + " objects that use them need them created from where their data is kept");
                }
                Job done = job.finish(dryRun ? (job.failedCount() > 0 ? JobStatus.CompletedWithWarnings : JobStatus.Completed)
                        : job.outcome());
                return new RestoreResult(done, dryRun);
            } catch (RuntimeException e) {
                LOG.warn("restore of {} failed: {}", manifest.id(), e.toString());
                job.error(e, null);
                return new RestoreResult(job.finish(JobStatus.Failed), dryRun);
            }
        }

        /**
         * The entries of a section, chunk by chunk; a damaged chunk loses the entries it lists, which is
         * reported once (as a failed item of the type when {@code report}) and the other chunks go on.
         */
        private Iterable<ManifestEntry> entries(Section s, boolean report) {
            List<ManifestEntry> none = List.of();
            return () -> new java.util.Iterator<>() {
                int next;
                java.util.Iterator<ManifestEntry> current = none.iterator();

                @Override
                public boolean hasNext() {
                    while (!current.hasNext() && next < s.section().chunks().size()) {
                        BlobId chunk = s.section().chunks().get(next++);
                        try {
                            current = reader.chunk(chunk).iterator();
                        } catch (DataCorruptionException damaged) {
                            if (report) {
                                job.seen(1);
                                job.item(fail(s.type().displayName(), null, "*", damaged, "some " + s.type().displayName()
                                        + " objects are lost: the list of them is damaged in the vault: " + damaged.getMessage()));
                            }
                        }
                    }
                    return current.hasNext();
                }

                @Override
                public ManifestEntry next() {
                    if (!hasNext()) {
                        throw new java.util.NoSuchElementException();
                    }
                    return current.next();
                }
            };
        }

        private void refreshServedTypes() {
            for (ResourceType t : target.discover()) {
                served.put(t.group() + "/" + t.kind(), t);
            }
        }

        /** The sections to restore, each with its tier; never-restored types are reported once. */
        private List<Section> sections() {
            for (TypeSection s : manifest.types()) {
                if (s.type().group().equals(CRD_GROUP) && s.type().kind().equals("CustomResourceDefinition")) {
                    for (ManifestEntry e : entries(new Section(s, s.type(), Tiers.CRDS, false), false)) {
                        crdsInBackup.add(e.name());
                    }
                }
            }
            List<Section> out = new ArrayList<>();
            for (TypeSection s : manifest.types()) {
                ResourceType t = s.type();
                if (Tiers.neverRestored(t)) {
                    job.warning(s.count() + " " + t.displayName() + " objects in the recovery point are never restored");
                    continue;
                }
                boolean custom = crdsInBackup.contains(t.plural() + "." + t.group());
                out.add(new Section(s, t, Tiers.of(t, custom), custom));
            }
            out.sort(Comparator.comparingInt(Section::tier).thenComparing(s -> s.type().displayName()));
            return out;
        }

        private boolean isKind(ResourceType t, String group, String kind) {
            return t.group().equals(group) && t.kind().equals(kind);
        }

        /**
         * Reads what later tiers depend on: the namespaces of selected objects, the selected claims (and
         * the storage classes and volumes they need), the ClusterRoles of selected RoleBindings, the CRDs
         * of selected custom resources.
         */
        private void survey(List<Section> sections) {
            for (Section s : sections) {
                ResourceType t = s.type();
                if (!t.namespaced() || !selection.typeSelected(t)) {
                    continue;
                }
                boolean readObjects = isKind(t, "", "PersistentVolumeClaim") || isKind(t, "rbac.authorization.k8s.io", "RoleBinding")
                        || selection.hasLabelSelectors();
                boolean any = false;
                for (ManifestEntry e : entries(s, false)) {
                    if (!selection.namespaceSelected(e.namespace())) {
                        continue;
                    }
                    KubeObject o = null;
                    if (readObjects) {
                        try {
                            o = new KubeObject(reader.readObject(e));
                        } catch (DataCorruptionException damaged) {
                            if (isKind(t, "", "PersistentVolumeClaim")) {
                                damagedClaims.add(e.qualifiedName());
                            }
                            continue;
                        }
                        if (!selection.labelsMatch(o.labels())) {
                            continue;
                        }
                    }
                    any = true;
                    sourceNamespaces.add(e.namespace());
                    if (o != null && isKind(t, "", "PersistentVolumeClaim")) {
                        claims.put(e.qualifiedName(), new Claim((String) o.at("spec", "storageClassName")));
                        need("StorageClass", (String) o.at("spec", "storageClassName"));
                    } else if (o != null && "ClusterRole".equals(o.at("roleRef", "kind"))) {
                        need("ClusterRole", (String) o.at("roleRef", "name"));
                    }
                }
                if (any && s.custom()) {
                    need("CustomResourceDefinition", t.plural() + "." + t.group());
                }
            }
        }

        /**
         * Warns about included namespaces and namespace mappings that name no namespace the recovery
         * point holds (or that the filters leave out): a misspelt name restores nothing, silently, otherwise.
         */
        private void warnAboutNamespacesNotInThePoint(List<Section> sections) {
            Set<String> held = new TreeSet<>(sourceNamespaces);
            for (Section s : sections) {
                if (isKind(s.type(), "", "Namespace")) {
                    for (ManifestEntry e : entries(s, false)) {
                        held.add(e.name());
                    }
                }
            }
            for (String ns : config.includedNamespaces()) {
                if (!held.contains(ns)) {
                    job.warning("includedNamespaces '" + ns + "' is not a namespace the recovery point holds, so nothing of it is restored");
                }
            }
            for (String ns : config.namespaceMappings().keySet()) {
                if (!held.contains(ns)) {
                    job.warning("namespaceMappings '" + ns + "' is not a namespace the recovery point holds, so the mapping is not used");
                } else if (!selection.namespaceSelected(ns)) {
                    job.warning("namespaceMappings '" + ns + "' names a namespace the included and excluded namespaces leave out,"
                            + " so the mapping is not used");
                }
            }
        }

        private void need(String kind, String name) {
            if (name != null && !name.isEmpty()) {
                needed.computeIfAbsent(kind, k -> new TreeSet<>()).add(name);
            }
        }

        /** Runs one tier: objects in parallel, results recorded in restore order. */
        private void runTier(int tier, List<Section> sections) {
            ConcurrentSkipListMap<Long, ItemResult> results = new ConcurrentSkipListMap<>();
            Semaphore inFlight = new Semaphore(options.parallelism() * 4);
            List<Future<?>> futures = new ArrayList<>();
            for (Section s : sections) {
                Optional<ResourceType> targetType = targetType(s);
                for (ManifestEntry e : entries(s, true)) {
                    if (!inScope(s, e)) {
                        continue;
                    }
                    long n = seq.getAndIncrement();
                    acquire(inFlight);
                    futures.add(workers.submit(() -> {
                        try {
                            if ((n & 255) == 0) {
                                job.progress();
                            }
                            ItemResult r = restoreOne(s, targetType, e);
                            if (r != null) {
                                results.put(n, r);
                            }
                        } finally {
                            inFlight.release();
                        }
                    }));
                    if (futures.size() > 10_000) {
                        drain(futures);
                    }
                }
            }
            drain(futures);
            if (tier == Tiers.NAMESPACES) {
                for (String ns : sourceNamespaces) {
                    long n = seq.getAndIncrement();
                    ItemResult r = ensureNamespace(config.targetNamespace(ns));
                    if (r != null) {
                        results.put(n, r);
                    }
                }
            }
            results.values().forEach(job::item);
            job.progress();
        }

        private void acquire(Semaphore s) {
            try {
                s.acquire();
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new AksBackupException(ErrorCode.CANCELLED, "the restore was interrupted");
            }
        }

        private void drain(List<Future<?>> futures) {
            for (Future<?> f : futures) {
                try {
                    f.get();
                } catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                    throw new AksBackupException(ErrorCode.CANCELLED, "the restore was interrupted");
                } catch (ExecutionException ex) {
                    throw ex.getCause() instanceof RuntimeException r ? r : new AksBackupException(ErrorCode.INTERNAL, "a restore task failed: " + ex.getCause(), null, ex.getCause());
                }
            }
            futures.clear();
        }

        /** Whether an entry is considered at all, before its content is read. */
        private boolean inScope(Section s, ManifestEntry e) {
            ResourceType t = s.type();
            if (t.namespaced()) {
                return selection.namespaceSelected(e.namespace()) && selection.typeSelected(t);
            }
            if (isKind(t, "", "Namespace")) {
                return selection.namespaceSelected(e.name()) && selection.typeNotExcluded(t)
                        && (sourceNamespaces.contains(e.name()) || !selection.includedNamespaces().isEmpty()
                        || !selection.hasLabelSelectors());
            }
            if (isKind(t, "", "PersistentVolume")) {
                return config.persistentVolumeRestoreMode() == PersistentVolumeRestoreMode.RestoreWithVolumeData
                        || config.includeClusterScopeResources() && selection.typeSelected(t);
            }
            return config.includeClusterScopeResources() && selection.typeSelected(t)
                    || neededBySelected(t, e.name()) && selection.typeNotExcluded(t);
        }

        private boolean neededBySelected(ResourceType t, String name) {
            return switch (t.group() + "/" + t.kind()) {
                case "storage.k8s.io/StorageClass" -> needed.getOrDefault("StorageClass", Set.of()).contains(name);
                case "apiextensions.k8s.io/CustomResourceDefinition" -> needed.getOrDefault("CustomResourceDefinition", Set.of()).contains(name);
                case "rbac.authorization.k8s.io/ClusterRole" -> needed.getOrDefault("ClusterRole", Set.of()).contains(name);
                default -> false;
            };
        }

        /** The type as the target serves it, with the backed-up version; empty when the target does not serve it. */
        private Optional<ResourceType> targetType(Section s) {
            ResourceType b = s.type();
            ResourceType t = served.get(b.group() + "/" + b.kind());
            if (t == null && s.custom() && !dryRun && crdsInPlace.contains(b.plural() + "." + b.group())) {
                t = awaitServed(b);
            }
            if (t == null) {
                return dryRun && s.custom() ? Optional.of(b) : Optional.empty();
            }
            return Optional.of(new ResourceType(t.group(), b.version(), t.kind(), t.plural(), t.namespaced(), t.verbs()));
        }

        /** Waits until the target serves a type whose CRD this restore created. */
        private ResourceType awaitServed(ResourceType b) {
            Instant deadline = clock.instant().plus(options.typeWaitTimeout());
            long pauses = Math.max(1, options.typeWaitTimeout().toMillis() / 500);
            for (long i = 0; ; i++) {
                refreshServedTypes();
                ResourceType t = served.get(b.group() + "/" + b.kind());
                if (t != null || i >= pauses || !clock.instant().isBefore(deadline)) {
                    return t;
                }
                try {
                    Thread.sleep(500);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return null;
                }
            }
        }

        /** Restores one object; {@code null} when a label selector leaves it out. */
        private ItemResult restoreOne(Section s, Optional<ResourceType> targetType, ManifestEntry e) {
            ResourceType t = s.type();
            String resource = t.displayName();
            String targetNs = e.namespace() == null ? null : config.targetNamespace(e.namespace());
            Map<String, Object> content;
            try {
                content = reader.readObject(e);
            } catch (DataCorruptionException damaged) {
                job.seen(1);
                return fail(resource, targetNs, e.name(), damaged, "damaged in the vault, not restored: " + damaged.getMessage());
            }
            // Read before the transformer changes the tree in place.
            KubeObject original = new KubeObject(content);
            String oldUid = uidOf(original);
            boolean labelled = !(isKind(t, "", "Namespace") || !t.namespaced() && neededBySelected(t, e.name())
                    || isKind(t, "", "PersistentVolume"));
            if (labelled && !selection.labelsMatch(original.labels())) {
                return null;
            }
            String name = isKind(t, "", "Namespace") ? config.targetNamespace(e.name()) : e.name();
            if (isKind(t, "", "Secret") && Sanitizer.secretDataOmitted(content)) {
                job.seen(1);
                secretsWithoutData.incrementAndGet();
                return skipped(resource, targetNs, name, "backed up without its data (secretData MetadataOnly), so it is not"
                        + " restored; create it from where its data is kept");
            }
            if (targetType.isEmpty()) {
                job.seen(1);
                return fail(resource, targetNs, name, null, "the target cluster does not serve " + resource);
            }
            try {
                if (isKind(t, "", "PersistentVolume")) {
                    return restoreVolume(targetType.get(), original, e);
                }
                job.seen(1);
                List<?> owners = original.metadata().get("ownerReferences") instanceof List<?> refs ? refs : List.of();
                Map<String, Object> prepared = transformer.prepare(t, content);
                if (isKind(t, "", "PersistentVolumeClaim")) {
                    bindClaim(prepared, e.qualifiedName());
                }
                ItemResult r = applyModified(targetType.get(), resource, e.namespace(), targetNs, name, prepared, oldUid);
                int linked = prepared.get("metadata") instanceof Map<?, ?> md && md.get("ownerReferences") instanceof List<?> l ? l.size() : 0;
                if (linked < owners.size() && !dryRun && (r.action() == ItemAction.Created || r.action() == ItemAction.Recreated
                        || r.action() == ItemAction.Patched)) {
                    lateOwners.add(new LateOwners(targetType.get(), targetNs, name, owners, linked));
                }
                if (isKind(t, "", "Namespace")) {
                    namespacesHandled.add(name);
                }
                if (isKind(t, CRD_GROUP, "CustomResourceDefinition") && r.action() != ItemAction.Failed) {
                    crdsInPlace.add(name);
                }
                job.bytes(0, e.size());
                if (isKind(t, "", "Pod") && !dryRun && (r.action() == ItemAction.Created || r.action() == ItemAction.Recreated)) {
                    runRestoreHooks(targetType.get(), targetNs, name, e.namespace());
                }
                return r;
            } catch (RuntimeException ex) {
                return fail(resource, targetNs, name, ex, ex.getMessage());
            }
        }

        private ItemResult fail(String resource, String ns, String name, RuntimeException cause, String message) {
            job.failed(1);
            String item = resource + " " + (ns == null ? name : ns + "/" + name);
            if (cause instanceof AksBackupException a) {
                job.error(new JobError(a.code(), message, a.recommendedAction(), item));
            } else {
                job.error(new JobError("RestoreFailed", message, null, item));
            }
            return new ItemResult(resource, ns, name, ItemAction.Failed, message);
        }

        /**
         * The resource modifier step: applies the rules to the prepared object, then {@link #apply}; an
         * object a rule fails on is a failed item, and the item says which rules changed the object.
         *
         * @param sourceNs the namespace the object was backed up from (the rules' namespaces condition), or {@code null}
         */
        private ItemResult applyModified(ResourceType t, String resource, String sourceNs, String ns, String name,
                Map<String, Object> prepared, String oldUid) {
            ResourceModifiers.Outcome modified = modifiers.apply(t, sourceNs, prepared);
            if (modified.failed()) {
                return fail(resource, ns, name, new AksBackupException(ErrorCode.RESOURCE_MODIFIER_FAILED, modified.failure(),
                        "Correct the resource modifier rule named, or restore without it.", null), modified.failure());
            }
            return modified.note(apply(t, resource, ns, name, modified.object(), oldUid), dryRun);
        }

        /**
         * Creates the object, or applies the conflict policy when it exists; in a dry run decides the
         * same from a read of the target.
         */
        private ItemResult apply(ResourceType t, String resource, String ns, String name, Map<String, Object> prepared,
                String oldUid) {
            ConflictPolicy policy = config.conflictPolicy();
            if (isKind(t, "", "Namespace")) {
                // An existing namespace is where its objects go, not a conflict: never deleted, never failed.
                policy = policy == ConflictPolicy.Recreate ? ConflictPolicy.Patch : policy == ConflictPolicy.Fail ? ConflictPolicy.Skip : policy;
            }
            if (dryRun) {
                Optional<KubeObject> existing = existing(t, ns, name);
                if (existing.isEmpty()) {
                    return succeeded(resource, ns, name, ItemAction.Created, "would be created");
                }
                return switch (policy) {
                    case Skip -> skipped(resource, ns, name, "exists in the target cluster; would be left as it is");
                    case Patch -> succeeded(resource, ns, name, ItemAction.Patched, "exists; would be patched with the backed-up fields");
                    case Recreate -> succeeded(resource, ns, name, ItemAction.Recreated, "exists; would be deleted and created again");
                    case Fail -> conflictFailure(resource, ns, name);
                };
            }
            try {
                KubeObject created = target.create(t, new KubeObject(prepared));
                remember(oldUid, created);
                return succeeded(resource, ns, name, ItemAction.Created, null);
            } catch (ConflictException conflict) {
                switch (policy) {
                    case Skip -> {
                        target.get(t, ns, name).ifPresent(existing -> remember(oldUid, existing));
                        return skipped(resource, ns, name, "exists in the target cluster; left as it is (conflict policy Skip)");
                    }
                    case Patch -> {
                        KubeObject patched = target.mergePatch(t, ns, name, ObjectTransformer.patchOf(prepared));
                        remember(oldUid, patched);
                        return succeeded(resource, ns, name, ItemAction.Patched, "existed; patched with the backed-up fields");
                    }
                    case Recreate -> {
                        KubeObject again = recreate(t, ns, name, prepared);
                        remember(oldUid, again);
                        return succeeded(resource, ns, name, ItemAction.Recreated, "existed; deleted and created again");
                    }
                    default -> {
                        return conflictFailure(resource, ns, name);
                    }
                }
            }
        }

        /**
         * Links objects to owners restored after them (in the same tier, or custom resources that own
         * built-in objects): when such an object was created, its owner's new uid was not known yet.
         */
        private void linkLateOwners() {
            for (LateOwners late : lateOwners) {
                List<Object> refs = transformer.relinked(late.references());
                if (refs.size() <= late.linked()) {
                    continue;
                }
                try {
                    target.mergePatch(late.type(), late.namespace(), late.name(), Map.of("metadata", Map.of("ownerReferences", refs)));
                } catch (RuntimeException ex) {
                    String item = late.type().displayName() + " " + (late.namespace() == null ? "" : late.namespace() + "/") + late.name();
                    job.warning(item + " could not be linked to its restored owners: " + ex.getMessage());
                }
            }
        }

        /** In a dry run, a type the target does not serve yet (its CRD is planned) holds nothing. */
        private Optional<KubeObject> existing(ResourceType t, String ns, String name) {
            try {
                return target.get(t, ns, name);
            } catch (io.github.aksbackup.api.NotFoundException notServed) {
                return Optional.empty();
            }
        }

        private ItemResult conflictFailure(String resource, String ns, String name) {
            job.failed(1);
            String item = resource + " " + (ns == null ? name : ns + "/" + name);
            job.error(new JobError("Conflict", item + " exists in the target cluster (conflict policy Fail)",
                    "Delete it, or restore with conflict policy Skip, Patch or Recreate.", item));
            return new ItemResult(resource, ns, name, ItemAction.Failed, "exists in the target cluster (conflict policy Fail)");
        }

        private KubeObject recreate(ResourceType t, String ns, String name, Map<String, Object> prepared) {
            target.delete(t, ns, name);
            for (int attempt = 1; ; attempt++) {
                try {
                    return target.create(t, new KubeObject(prepared));
                } catch (ConflictException stillThere) {
                    if (attempt >= options.recreateAttempts()) {
                        throw new ConflictException("deleted but still terminating after " + attempt + " attempts to create it",
                                "Check its finalizers, then retry the restore.", stillThere);
                    }
                    pause();
                }
            }
        }

        private void pause() {
            try {
                Thread.sleep(options.recreatePause().toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AksBackupException(ErrorCode.CANCELLED, "the restore was interrupted");
            }
        }

        private ItemResult succeeded(String resource, String ns, String name, ItemAction action, String message) {
            job.succeeded(1);
            return new ItemResult(resource, ns, name, action, message);
        }

        private ItemResult skipped(String resource, String ns, String name, String message) {
            job.skipped(1);
            return new ItemResult(resource, ns, name, ItemAction.Skipped, message);
        }

        private String uidOf(KubeObject o) {
            return o.metadata().get("uid") instanceof String u ? u : null;
        }

        private void remember(String oldUid, KubeObject now) {
            if (oldUid != null && now.metadata().get("uid") instanceof String n) {
                uids.put(oldUid, n);
            }
        }

        /** A namespace that restored objects need but the recovery point does not hold (or it was filtered out). */
        private ItemResult ensureNamespace(String name) {
            ResourceType nsType = served.get("/Namespace");
            if (nsType == null || namespacesHandled.contains(name) || target.get(nsType, null, name).isPresent()) {
                return null;
            }
            if (dryRun) {
                return succeeded("v1/Namespace", null, name, ItemAction.Created, "would be created for the restored objects");
            }
            try {
                target.create(nsType, new KubeObject(Map.of("apiVersion", "v1", "kind", "Namespace", "metadata", Map.of("name", name))));
                return succeeded("v1/Namespace", null, name, ItemAction.Created, "created for the restored objects");
            } catch (ConflictException raced) {
                return null;
            } catch (RuntimeException ex) {
                return fail("v1/Namespace", null, name, ex, ex.getMessage());
            }
        }

        /** Restores a PersistentVolume according to the volume restore mode and its claim. */
        private ItemResult restoreVolume(ResourceType t, KubeObject original, ManifestEntry e) {
            String resource = "v1/PersistentVolume";
            String claimNs = (String) original.at("spec", "claimRef", "namespace");
            String claimName = (String) original.at("spec", "claimRef", "name");
            String claimKey = claimNs == null || claimName == null ? null : claimNs + "/" + claimName;
            Claim claim = claimKey == null || !selection.namespaceSelected(claimNs) ? null : claims.get(claimKey);
            boolean generic = config.includeClusterScopeResources() && selection.typeSelected(t) && selection.labelsMatch(original.labels());
            if (claim == null) {
                if (claimKey != null && damagedClaims.contains(claimKey) && selection.namespaceSelected(claimNs)) {
                    job.seen(1);
                    return skipped(resource, null, e.name(), "its claim " + claimKey + " is damaged in the vault, so the volume"
                            + " is not restored");
                }
                if (!generic) {
                    return null;
                }
                job.seen(1);
                if (claimKey != null) {
                    return skipped(resource, null, e.name(), "its claim " + claimKey + " is not restored");
                }
                return applyModified(t, resource, null, null, e.name(), transformer.prepare(t, original.content()), null);
            }
            job.seen(1);
            if (config.persistentVolumeRestoreMode() == PersistentVolumeRestoreMode.RestoreWithoutVolumeData) {
                return skipped(resource, null, e.name(), "restored without volume data: claim " + claimKey + " gets a new, empty volume");
            }
            VolumeSnapshotRecord snapshot = snapshots.get(claimKey);
            String targetNs = config.targetNamespace(claimNs);
            if (snapshot == null) {
                if (!"Retain".equals(original.at("spec", "persistentVolumeReclaimPolicy"))) {
                    String driver = String.valueOf(original.at("spec", "csi", "driver"));
                    return skipped(resource, null, e.name(), "the recovery point holds no snapshot of its data (driver " + driver
                            + "); claim " + claimKey + " gets a new, empty volume");
                }
                ItemResult held = retainedVolumeInUse(t, e.name(), targetNs, claimName);
                if (held != null) {
                    if (held.action() == ItemAction.Patched) {
                        claim.volumeName = e.name();
                    }
                    return held;
                }
                ItemResult r = applyModified(t, resource, null, null, e.name(), transformer.prepare(t, original.content()), null);
                if (r.action() != ItemAction.Failed) {
                    claim.volumeName = e.name();
                }
                return r;
            }
            if (volumes == null) {
                return fail(resource, null, e.name(), null, "no volume snapshotter is configured to restore snapshot "
                        + snapshot.snapshotHandle());
            }
            String pvName = freeVolumeName(t, e.name(), targetNs + "/" + claimName);
            if (dryRun) {
                claim.volumeName = pvName;
                job.volumes(1);
                return succeeded(resource, null, pvName, ItemAction.Created, "would be created from snapshot " + snapshot.snapshotHandle());
            }
            RestoredVolume restored = volumes.restore(snapshot, new VolumeRestoreRequest(targetNs, claimName, claim.storageClass,
                    snapshot.sizeBytes(), snapshot.attributes().get("zone"), VolumeSource.tags(job.id())));
            job.volumes(1);
            if (restored instanceof RestoredVolume.FromDataSource ds) {
                claim.dataSource = ds;
                return succeeded(resource, null, pvName, ItemAction.Created, "provisioned by the cluster for claim " + targetNs + "/"
                        + claimName + " from " + ds.kind() + " " + ds.name());
            }
            RestoredVolume.PreProvisioned pre = (RestoredVolume.PreProvisioned) restored;
            Map<String, Object> pv = transformer.prepare(t, original.content());
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
            ItemResult r = applyModified(t, resource, null, null, pvName, pv, null);
            if (r.action() != ItemAction.Failed) {
                claim.volumeName = pvName;
            }
            return r.action() == ItemAction.Created
                    ? new ItemResult(resource, null, pvName, ItemAction.Created, "new volume " + pre.volumeHandle() + " from snapshot "
                            + snapshot.snapshotHandle() + (r.message() == null ? "" : "; " + r.message()))
                    : r;
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
            Optional<KubeObject> existing = existing(t, null, name);
            if (existing.isEmpty() || !(existing.get().at("spec", "claimRef") instanceof Map<?, ?> ref)) {
                return null;
            }
            String resource = "v1/PersistentVolume";
            if (!targetNs.equals(ref.get("namespace")) || !claimName.equals(ref.get("name"))) {
                return skipped(resource, null, name, "exists in the target cluster bound to claim " + ref.get("namespace") + "/"
                        + ref.get("name") + "; claim " + targetNs + "/" + claimName + " gets a new, empty volume");
            }
            if (ref.get("uid") == null || !"Released".equals(existing.get().at("status", "phase"))) {
                return null;
            }
            if (!dryRun) {
                Map<String, Object> reset = new HashMap<>();
                reset.put("uid", null);
                reset.put("resourceVersion", null);
                target.mergePatch(t, null, name, Map.of("spec", Map.of("claimRef", reset)));
            }
            return succeeded(resource, null, name, ItemAction.Patched, (dryRun ? "would be released" : "released")
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

        /** Points a claim at its restored volume, at its data source, or at nothing (a new volume). */
        private void bindClaim(Map<String, Object> pvc, String sourceKey) {
            Map<String, Object> spec = ObjectTransformer.map(pvc, "spec");
            Claim c = claims.get(sourceKey);
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

        private void runRestoreHooks(ResourceType podType, String ns, String name, String sourceNs) {
            Optional<KubeObject> pod = target.get(podType, ns, name);
            if (pod.isEmpty() || restoreHooks == RestoreHooks.NONE) {
                return;
            }
            synchronized (hookRuns) {
                hookRuns.add(hookThreads.submit(() -> {
                    String item = "v1/Pod " + ns + "/" + name;
                    try {
                        HookOutcome outcome = restoreHooks.afterPodRestored(pod.get(), sourceNs);
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
                }));
            }
        }

        private void awaitHooks() {
            List<Future<?>> runs;
            synchronized (hookRuns) {
                runs = new ArrayList<>(hookRuns);
            }
            if (!runs.isEmpty()) {
                job.phase("waiting for restore hooks");
            }
            drain(runs);
        }
    }
}
