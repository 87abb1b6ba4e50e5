package io.github.aksbackup.client;

import io.github.aksbackup.api.AksBackupException;
import io.github.aksbackup.api.ConflictException;
import io.github.aksbackup.api.DataStoreType;
import io.github.aksbackup.api.InvalidInputException;
import io.github.aksbackup.api.NotFoundException;
import io.github.aksbackup.api.instance.BackupConfiguration;
import io.github.aksbackup.api.instance.BackupInstance;
import io.github.aksbackup.api.instance.ProtectionState;
import io.github.aksbackup.api.job.Job;
import io.github.aksbackup.api.job.JobError;
import io.github.aksbackup.api.job.JobStatus;
import io.github.aksbackup.api.job.Operation;
import io.github.aksbackup.api.policy.BackupPolicy;
import io.github.aksbackup.api.recovery.DataStoreDetail;
import io.github.aksbackup.api.recovery.DataStoreState;
import io.github.aksbackup.api.recovery.RecoveryPoint;
import io.github.aksbackup.api.recovery.RecoveryPointType;
import io.github.aksbackup.api.restore.RestoreConfig;
import io.github.aksbackup.backup.BackupEngine;
import io.github.aksbackup.backup.BackupOptions;
import io.github.aksbackup.backup.BackupResult;
import io.github.aksbackup.backup.BackupSpec;
import io.github.aksbackup.catalog.VaultCatalog;
import io.github.aksbackup.hook.HookRunner;
import io.github.aksbackup.internal.ObjectSelection;
import io.github.aksbackup.job.JobRecorder;
import io.github.aksbackup.job.ProgressListener;
import io.github.aksbackup.policy.Policies;
import io.github.aksbackup.policy.PolicyValidator;
import io.github.aksbackup.repository.GcResult;
import io.github.aksbackup.repository.Manifest;
import io.github.aksbackup.repository.Repository;
import io.github.aksbackup.repository.RepositoryOptions;
import io.github.aksbackup.spi.ObjectStore;
import io.github.aksbackup.restore.RestoreEngine;
import io.github.aksbackup.restore.RestoreOptions;
import io.github.aksbackup.restore.RestoreResult;
import io.github.aksbackup.restore.VolumeSource;
import io.github.aksbackup.schedule.BackupOutcome;
import io.github.aksbackup.schedule.BackupRequest;
import io.github.aksbackup.schedule.EngineEvent;
import io.github.aksbackup.schedule.ProtectedInstance;
import io.github.aksbackup.schedule.ProtectionEngine;
import io.github.aksbackup.schedule.RunReport;
import io.github.aksbackup.spi.ClusterClient;
import io.github.aksbackup.spi.VolumeSnapshotter;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SDK's entry point: protect clusters into a vault, take and list recovery points, restore them,
 * and follow jobs, the way Azure Backup for AKS does. Immutable and thread-safe; build it with
 * {@link #builder()}, close it to stop its scheduler.
 *
 * <pre>{@code
 * AksBackupClient client = AksBackupClient.builder()
 *         .vault(new DirectoryObjectStore(Path.of("vault")))
 *         .cluster(clusterClient)
 *         .volumeSnapshotter(snapshotter)
 *         .buildClient();
 * client.configureProtection(instance, policy);
 * Job backup = client.backupNow("prod");
 * RestoreResult restored = client.restore(RestoreConfig.builder().recoveryPointId(backup.recoveryPointId())
 *         .mapNamespace("shop", "shop-restored").build());
 * }</pre>
 *
 * <p>Everything it knows lives in the vault (instances, policies, recovery points, lifecycle state,
 * jobs), so another client on the same vault, in another process, sees the same. Scheduled backups,
 * vault copies, expiry and garbage collection happen in {@link #runDue()} (call it from your own
 * scheduler or a test with a manual clock) or on a background thread after {@link #start()}.
 */
public final class AksBackupClient implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AksBackupClient.class);
    private static final DateTimeFormatter RP_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final Repository operational;
    private final Repository vaultTier;
    private final VaultCatalog catalog;
    private final ClusterClient defaultCluster;
    private final Function<String, ClusterClient> clusterResolver;
    private final VolumeSnapshotter snapshotter;
    private final HookRunner hooks;
    private final Clock clock;
    private final BackupOptions backupOptions;
    private final RestoreOptions restoreOptions;
    /** Runs restores' workers and hooks: the builder's executor, or {@link #ownedRestorePool}. */
    private final Executor restoreExecutor;
    /** The restore threads this client made (none when the builder gave an executor); shut down by {@link #close()}. */
    private final ExecutorService ownedRestorePool;
    private final RepositoryOptions repositoryOptions;
    private final io.github.aksbackup.spi.KeyProvider keyProvider;
    private final PolicyValidator.Options policyValidation;
    private final RecoveryPointLifecycle lifecycle;
    private final VaultTiering tiering;
    private final ProtectionEngine engine;
    private final Map<String, ProgressListener> listeners = new ConcurrentHashMap<>();
    private final Map<String, Job> lastBackup = new ConcurrentHashMap<>();

    AksBackupClient(AksBackupClientBuilder b, Repository operational, Repository vaultTier) {
        this.operational = operational;
        this.vaultTier = vaultTier;
        this.catalog = new VaultCatalog(operational.recordStore());
        this.defaultCluster = b.cluster;
        this.clusterResolver = b.clusterResolver;
        this.snapshotter = b.snapshotter;
        this.hooks = b.hooks;
        this.clock = b.clock;
        this.backupOptions = b.backupOptions;
        this.restoreOptions = b.restoreOptions;
        this.ownedRestorePool = b.restoreExecutor == null ? Executors.newCachedThreadPool(daemonThreads("aks-backup-restore-")) : null;
        this.restoreExecutor = b.restoreExecutor != null ? b.restoreExecutor : ownedRestorePool;
        this.repositoryOptions = b.repositoryOptions;
        this.keyProvider = b.keyProvider;
        this.policyValidation = b.policyValidation;
        this.lifecycle = new RecoveryPointLifecycle(operational, vaultTier, clock);
        this.tiering = new VaultTiering(operational, vaultTier, snapshotter, catalog, clock);
        this.engine = ProtectionEngine.builder()
                .clock(clock)
                .protectionSource(this::protectedInstances)
                .backupRunner(this::runBackup)
                .lifecycleStore(lifecycle)
                .scheduleMarkStore(catalog)
                .tieringActions(tiering)
                .leaseManager(b.leaseManager)
                .parallelism(b.parallelism)
                .build();
    }

    /** A builder. */
    public static AksBackupClientBuilder builder() {
        return new AksBackupClientBuilder();
    }

    // ---- protection ----

    /**
     * Stores a policy (a new version when one of that name exists).
     *
     * @throws InvalidInputException with every problem of the policy
     */
    public BackupPolicy createOrUpdatePolicy(BackupPolicy policy) {
        Policies.requireValid(policy, policyValidation);
        catalog.savePolicy(policy);
        return policy;
    }

    /**
     * Protects a cluster: stores the policy and the instance (under that policy, in state
     * {@code ProtectionConfigured}); scheduled backups start with the next slot of the policy.
     *
     * @throws InvalidInputException when the policy or the configuration is invalid, or no cluster client serves the instance's cluster
     */
    public BackupInstance configureProtection(BackupInstance instance, BackupPolicy policy) {
        BackupConfiguration c = instance.configuration();
        new ObjectSelection(c.includedNamespaces(), c.excludedNamespaces(), Set.of(), c.includedResourceTypes(),
                c.excludedResourceTypes(), c.labelSelectors());
        cluster(instance.clusterRef());
        createOrUpdatePolicy(policy);
        BackupInstance protectedOne = new BackupInstance(instance.name(), instance.clusterRef(), policy.name(), c,
                instance.snapshotLocation(), ProtectionState.ProtectionConfigured);
        catalog.saveInstance(protectedOne);
        return protectedOne;
    }

    /**
     * An instance.
     *
     * @throws NotFoundException when the vault has no such instance
     */
    public BackupInstance getInstance(String name) {
        return catalog.instance(name).orElseThrow(() -> new NotFoundException("the vault has no backup instance named '" + name + "'"));
    }

    /** Every instance of the vault. */
    public List<BackupInstance> listInstances() {
        return catalog.instances();
    }

    /**
     * Stops protection: no more scheduled or on-demand backups. With {@code deleteData} every recovery
     * point of the instance is deleted (both tiers, snapshots included) and its data collected; without,
     * existing recovery points stay and still expire by their retention.
     */
    public Job stopProtection(String instanceName, boolean deleteData) {
        BackupInstance instance = getInstance(instanceName);
        JobRecorder job = new JobRecorder(Operation.StopProtection, instanceName, null, clock, null);
        catalog.jobStarted(job.snapshot());
        catalog.saveInstance(instance.withProtectionState(deleteData ? ProtectionState.ProtectionDeleted : ProtectionState.ProtectionStopped));
        if (deleteData) {
            job.phase("deleting recovery points");
            for (RecoveryPoint rp : lifecycle.recoveryPoints(instanceName)) {
                try {
                    for (DataStoreDetail d : rp.stores()) {
                        if (d.state() != DataStoreState.Deleted) {
                            job.volumes(tiering.deleteCopyData(rp, d.type()));
                        }
                    }
                    lifecycle.removeRecoveryPoint(instanceName, rp.id());
                    job.succeeded(1);
                } catch (RuntimeException e) {
                    job.failed(1);
                    job.error(e, "recovery point " + rp.id());
                }
            }
            collectGarbage();
        }
        Job done = job.finish(job.outcome());
        catalog.jobEnded(done);
        return done;
    }

    // ---- backups ----

    /** Takes an on-demand backup with the policy's default tag; see {@link #backupNow(String, BackupJobOptions)}. */
    public Job backupNow(String instanceName) {
        return backupNow(instanceName, BackupJobOptions.defaults());
    }

    /**
     * Takes an on-demand backup now and returns its job (with the recovery point id when it made one).
     * Vault copies the tag's rule asks for immediately are made before this returns.
     *
     * @throws NotFoundException when the instance does not exist
     * @throws ConflictException when protection is stopped or a backup of the instance is running
     * @throws IllegalArgumentException when the retention tag names no rule of the policy
     */
    public Job backupNow(String instanceName, BackupJobOptions options) {
        getInstance(instanceName);
        if (options.listener() != null) {
            listeners.put(instanceName, options.listener());
        }
        try {
            BackupOutcome outcome = engine.backupNow(instanceName, options.retentionTagOverride());
            Job job = lastBackup.remove(instanceName);
            if (job == null) {
                throw new AksBackupException("BackupFailed", "the backup of " + instanceName + " did not run: "
                        + (outcome instanceof BackupOutcome.Failed f ? f.reason() : "unknown reason"));
            }
            return job;
        } finally {
            listeners.remove(instanceName);
        }
    }

    /** The protection engine's backup runner: one backup into the operational tier, recorded as a job. */
    private BackupOutcome runBackup(BackupRequest request) {
        BackupInstance instance = getInstance(request.instanceName());
        String rpId = recoveryPointId(request);
        if (request.type() == RecoveryPointType.Scheduled && operational.exists(instance.name(), rpId)) {
            // The engine stopped after this slot's backup and before recording it: the point exists.
            return new BackupOutcome.Succeeded(rpId);
        }
        JobRecorder job = new JobRecorder(Operation.Backup, instance.name(), rpId, clock, listeners.get(instance.name()));
        catalog.jobStarted(job.snapshot());
        BackupEngine backup = new BackupEngine(operational, cluster(instance.clusterRef()), snapshotter, hooks, clock, backupOptions);
        BackupResult result = backup.run(new BackupSpec(instance, rpId, request.time(), request.type(), request.tag(), request.stores()), job);
        catalog.jobEnded(result.job());
        lastBackup.put(instance.name(), result.job());
        if (result.manifest() == null) {
            List<JobError> errors = result.job().errors();
            return new BackupOutcome.Failed(errors.isEmpty() ? "backup failed" : errors.get(0).message());
        }
        return new BackupOutcome.Succeeded(rpId);
    }

    /** Scheduled points are named after their slot, so a slot run twice finds its point; on-demand ones get a random suffix. */
    private static String recoveryPointId(BackupRequest request) {
        String time = RP_TIME.format(request.time());
        return request.type() == RecoveryPointType.Scheduled ? time + "-scheduled"
                : time + "-" + String.format("%06x", ThreadLocalRandom.current().nextInt(1 << 24));
    }

    private List<ProtectedInstance> protectedInstances() {
        List<ProtectedInstance> out = new ArrayList<>();
        for (BackupInstance i : catalog.instances()) {
            try {
                catalog.policy(i.policyName()).ifPresentOrElse(p -> out.add(new ProtectedInstance(i.name(), p, i.protectionState())),
                        () -> LOG.warn("instance {} refers to policy {}, which the vault does not hold", i.name(), i.policyName()));
            } catch (AksBackupException e) {
                LOG.warn("instance {}: {}", i.name(), e.getMessage());
            }
        }
        return out;
    }

    // ---- recovery points ----

    /** The recovery points of an instance, oldest first, with the current state of each copy. */
    public List<RecoveryPoint> listRecoveryPoints(String instanceName) {
        return lifecycle.recoveryPoints(instanceName);
    }

    /**
     * One recovery point.
     *
     * @throws NotFoundException when it does not exist
     */
    public RecoveryPoint getRecoveryPoint(String instanceName, String recoveryPointId) {
        return lifecycle.current(instanceName, recoveryPointId);
    }

    // ---- restore ----

    /** Restores a recovery point; see {@link #restore(RestoreConfig, RestoreJobOptions)}. */
    public RestoreResult restore(RestoreConfig config) {
        return restore(config, RestoreJobOptions.defaults());
    }

    /**
     * Restores (or with {@link RestoreJobOptions#dryRun()} plans) a recovery point from the tier the
     * configuration names into the cluster it names (default: the instance's cluster).
     *
     * @throws InvalidInputException when the configuration is invalid
     * @throws NotFoundException when the recovery point does not exist
     * @throws ConflictException when it has no available copy in the requested tier
     */
    public RestoreResult restore(RestoreConfig config, RestoreJobOptions options) {
        if (config.recoveryPointId() == null) {
            throw new InvalidInputException("recoveryPointId", "is required: name the recovery point to restore");
        }
        String rpId = config.recoveryPointId();
        DataStoreType tier = config.sourceDataStore();
        Repository repo;
        String instanceName;
        if (options.crossRegionVault() != null) {
            if (tier != DataStoreType.VaultStore) {
                throw new InvalidInputException("sourceDataStore", "a cross-region restore reads the vault tier only;"
                        + " set VaultStore (was " + tier + ")");
            }
            // The other region's replica is read on its own: the primary region may be down.
            repo = Repository.open(options.crossRegionVault(), clock, repositoryOptions, keyProvider);
            instanceName = owner(List.of(repo), rpId);
        } else {
            instanceName = owner(List.of(operational, vaultTier), rpId);
            RecoveryPoint rp = lifecycle.current(instanceName, rpId);
            boolean available = rp.store(tier).map(d -> d.state() == DataStoreState.Available).orElse(false);
            repo = tier == DataStoreType.VaultStore ? vaultTier : operational;
            if (!available || !repo.exists(instanceName, rpId)) {
                throw new ConflictException("recovery point " + rpId + " has no available " + tier + " copy; its copies are " + rp.stores());
            }
        }
        Manifest manifest = repo.readManifest(instanceName, rpId);
        BackupInstance instance = config.targetClusterRef() != null && options.crossRegionVault() != null ? null
                : catalog.instance(instanceName).orElse(null);
        String clusterRef = config.targetClusterRef() != null ? config.targetClusterRef() : instance == null ? null : instance.clusterRef();
        ClusterClient target = cluster(clusterRef);
        ObjectStore volumeStore = repo.store();
        VolumeSource volumes = snapshotter == null ? null : tier == DataStoreType.VaultStore
                ? VolumeSource.vault(snapshotter, volumeStore, s -> VaultTiering.volumeKey(instanceName, rpId, s),
                        config.stagingLocation())
                : VolumeSource.operational(snapshotter);
        JobRecorder job = new JobRecorder(JobRecorder.newId(Operation.Restore, clock.instant()), Operation.Restore, instanceName, rpId,
                clock, options.listener(), restoreOptions.maxItems());
        if (!options.dryRun()) {
            catalog.jobStarted(job.snapshot());
        }
        RestoreResult result = new RestoreEngine(target, volumes, hooks, clock, restoreOptions, restoreExecutor)
                .run(config, manifest, repo.openReader(), options.dryRun(), job);
        if (!options.dryRun()) {
            catalog.jobEnded(result.job());
        }
        return result;
    }

    private String owner(List<Repository> repositories, String rpId) {
        for (Repository r : repositories) {
            for (String instance : r.instancesWithRecoveryPoints()) {
                if (r.exists(instance, rpId)) {
                    return instance;
                }
            }
        }
        throw new NotFoundException("the vault has no recovery point " + rpId);
    }

    // ---- jobs ----

    /** Every job of every instance, newest first, without per-item results. */
    public List<Job> listJobs() {
        return catalog.jobs();
    }

    /**
     * One job with its per-item results.
     *
     * @throws NotFoundException when the vault has no such job
     */
    public Job getJob(String jobId) {
        return catalog.job(jobId);
    }

    // ---- engine ----

    /**
     * Does everything due at the clock's time: scheduled backups (missed slots collapse into one),
     * vault copies, expiry of copies; collects garbage when copies were deleted.
     */
    public RunReport runDue() {
        RunReport report = engine.runDue();
        if (!report.events(EngineEvent.Kind.COPY_DELETED).isEmpty() || !report.events(EngineEvent.Kind.RECOVERY_POINT_REMOVED).isEmpty()) {
            collectGarbage();
        }
        return report;
    }

    /** Starts the background scheduler: {@link #runDue()}'s work now and then every minute, until {@link #close()}. */
    public void start() {
        engine.start();
    }

    /**
     * Reclaims data no recovery point references, in both tiers, recorded as a job. Deferred (nothing
     * deleted) while a backup is running.
     *
     * @return the operational tier's and the vault tier's results
     */
    public List<GcResult> collectGarbage() {
        JobRecorder job = new JobRecorder(Operation.GarbageCollection, null, null, clock, null);
        List<GcResult> results = new ArrayList<>();
        try {
            for (Repository r : List.of(operational, vaultTier)) {
                GcResult gc = r.collectGarbage();
                results.add(gc);
                job.succeeded(gc.packsDeleted());
                job.bytes(0, gc.bytesFreed());
                gc.warnings().forEach(job::warning);
                if (gc.deferred()) {
                    job.warning("deferred: " + gc.deferredBecause());
                }
                if (gc.objectsLocked() > 0) {
                    job.warning(gc.objectsLocked() + " unreferenced objects are still under the store's retention policy;"
                            + " a later collection removes them");
                }
            }
            Job done = job.finish(job.outcome());
            catalog.jobStarted(done);
            catalog.jobEnded(done);
        } catch (RuntimeException e) {
            job.error(e, null);
            Job failed = job.finish(JobStatus.Failed);
            catalog.jobStarted(failed);
            catalog.jobEnded(failed);
            throw e;
        }
        return results;
    }

    /** Reads both tiers back completely and reports damage by object and recovery point. */
    public VaultCheck verifyVault() {
        return new VaultCheck(operational.verify(), vaultTier.verify());
    }

    /** The clock the client runs on. */
    public Clock clock() {
        return clock;
    }

    /** Stops the background scheduler, waiting for running work, and the threads the client made for restores. */
    @Override
    public void close() {
        engine.close();
        if (ownedRestorePool != null) {
            ownedRestorePool.shutdown();
        }
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    private ClusterClient cluster(String clusterRef) {
        ClusterClient c = clusterResolver == null || clusterRef == null ? null : clusterResolver.apply(clusterRef);
        if (c == null) {
            c = defaultCluster;
        }
        if (c == null) {
            throw new InvalidInputException("clusterRef", "no cluster client is configured for cluster '" + clusterRef
                    + "'; give the client builder a cluster or a cluster resolver");
        }
        return c;
    }

}
