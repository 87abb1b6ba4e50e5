package io.github.aksbackup.client;

import io.github.aksbackup.api.AksBackupException;
import io.github.aksbackup.api.ConflictException;
import io.github.aksbackup.api.DataStoreType;
import io.github.aksbackup.api.ErrorCode;
import io.github.aksbackup.api.InvalidInputException;
import io.github.aksbackup.api.NotFoundException;
import io.github.aksbackup.api.instance.BackupConfiguration;
import io.github.aksbackup.api.instance.BackupInstance;
import io.github.aksbackup.api.instance.ProtectionState;
import io.github.aksbackup.api.job.Job;
import io.github.aksbackup.api.job.Operation;
import io.github.aksbackup.api.policy.BackupPolicy;
import io.github.aksbackup.api.recovery.DataStoreState;
import io.github.aksbackup.api.recovery.RecoveryPoint;
import io.github.aksbackup.api.restore.RestoreConfig;
import io.github.aksbackup.catalog.VaultCatalog;
import io.github.aksbackup.hook.ExecHookRunner;
import io.github.aksbackup.hook.HookRunner;
import io.github.aksbackup.internal.ObjectSelection;
import io.github.aksbackup.job.JobRecorder;
import io.github.aksbackup.policy.Policies;
import io.github.aksbackup.policy.PolicyValidator;
import io.github.aksbackup.repository.GcResult;
import io.github.aksbackup.repository.Manifest;
import io.github.aksbackup.repository.Repository;
import io.github.aksbackup.repository.RepositoryOptions;
import io.github.aksbackup.resilience.RetryOptions;
import io.github.aksbackup.resilience.RetryingObjectStore;
import io.github.aksbackup.resilience.RetryingVaultVolumeCopier;
import io.github.aksbackup.resilience.RetryingVolumeSnapshotter;
import io.github.aksbackup.spi.ObjectStore;
import io.github.aksbackup.restore.RestoreEngine;
import io.github.aksbackup.restore.RestoreOptions;
import io.github.aksbackup.restore.RestoreResult;
import io.github.aksbackup.restore.VolumeSource;
import io.github.aksbackup.restore.modifier.ResourceModifiers;
import io.github.aksbackup.schedule.BackupOutcome;
import io.github.aksbackup.schedule.EngineEvent;
import io.github.aksbackup.schedule.ProtectionEngine;
import io.github.aksbackup.schedule.RunReport;
import io.github.aksbackup.spi.ClusterClient;
import io.github.aksbackup.spi.VaultVolumeCopier;
import io.github.aksbackup.spi.VolumeSnapshotter;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executor;
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
 * client.createVault();                    // once, when the vault is set up; harmless when it exists
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
 *
 * <p><b>Opening the vault.</b> Building a client reads and writes nothing. The vault is opened by the
 * first call that needs it (nearly every call), once, however many threads make it; a call that fails
 * to open it leaves it closed, and the next call tries again. Such a call therefore also throws what
 * opening throws: {@link NotFoundException} when the location holds no vault (naming
 * {@link #createVault()}, which makes one), {@code AksBackupException} code {@code VaultEncrypted},
 * {@code KeyUnavailable} or {@code KeyMismatch} when the vault is encrypted and the key provider is
 * missing or holds none of its keys, {@code VaultNotEncrypted} when a provider is given for a vault that
 * is not encrypted, and the errors of {@link Repository#open(ObjectStore, Clock, RepositoryOptions,
 * io.github.aksbackup.spi.KeyProvider)}.
 */
public final class AksBackupClient implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AksBackupClient.class);

    private final VaultHandles vault;
    private final Clusters clusters;
    private final VolumeSnapshotter snapshotter;
    private final VaultVolumeCopier volumeCopier;
    private final RetryOptions retryOptions;
    private final HookRunner hooks;
    private final Clock clock;
    private final RestoreOptions restoreOptions;
    /** Runs restores' workers and hooks: the builder's executor, or a pool the client owns. */
    private final Executor restoreExecutor;
    private final RepositoryOptions repositoryOptions;
    private final io.github.aksbackup.spi.KeyProvider keyProvider;
    private final PolicyValidator.Options policyValidation;
    private final OwnedExecutors executors = new OwnedExecutors();

    /** Reads nothing: the vault is opened by the first call that needs it ({@link VaultHandles}). */
    AksBackupClient(AksBackupClientBuilder b, ObjectStore operationalStore, ObjectStore tierStore) {
        this.clusters = new Clusters(b.cluster, b.clusterResolver, b.retryOptions);
        this.retryOptions = b.retryOptions;
        this.snapshotter = RetryingVolumeSnapshotter.wrap(b.snapshotter, retryOptions);
        this.volumeCopier = RetryingVaultVolumeCopier.wrap(b.volumeCopier != null ? b.volumeCopier
                : b.snapshotter instanceof VaultVolumeCopier c ? c : null, retryOptions);
        this.hooks = b.hooks != null ? b.hooks : new ExecHookRunner(ExecHookRunner.DEFAULT_OUTPUT_LIMIT,
                ExecHookRunner.DEFAULT_GRACE, executors.givenOrNew(null, "aks-backup-hook-exec"));
        this.clock = b.clock;
        this.restoreOptions = b.restoreOptions;
        this.restoreExecutor = executors.givenOrNew(b.restoreExecutor, "aks-backup-restore");
        this.repositoryOptions = b.repositoryOptions;
        this.keyProvider = b.keyProvider;
        this.policyValidation = b.policyValidation;
        Executor prefetch = executors.givenOrNew(b.backupExecutor, "backup-page-prefetch");
        this.vault = new VaultHandles(operationalStore, tierStore, clock, repositoryOptions, keyProvider, (operational, tier) ->
                VaultParts.assemble(this, b, operational, tier, hooks, snapshotter, volumeCopier, clusters::of, prefetch));
    }

    /** The client's parts on its vault, which the first call opens. */
    private VaultParts vault() {
        return vault.parts();
    }

    /** A builder. */
    public static AksBackupClientBuilder builder() {
        return new AksBackupClientBuilder();
    }

    /**
     * Creates the vault where the builder's {@link AksBackupClientBuilder#vault vault} points: writes its
     * {@code config.json}, encrypted when the builder has a {@link AksBackupClientBuilder#keyProvider key
     * provider}, and the vault tier's, then keeps the vault open for the client's other calls. Every other
     * call refuses a location that holds no vault, so an application calls this when it sets a vault up.
     *
     * <p>Creating is idempotent: a location that holds a vault already is opened instead, and its
     * {@code config.json} is left as it is, when that vault's settings agree with the client's (encrypted
     * under a key the provider holds; or not encrypted, and no provider given); only a vault tier that has
     * no configuration yet gets one. So several processes may each call it. A vault whose settings
     * conflict with the client's is refused, as any call would refuse it.
     *
     * @return the vault's id and encryption
     * @throws io.github.aksbackup.repository.UnsupportedFormatException when the location holds a vault of
     *     another format version
     * @throws io.github.aksbackup.api.DataCorruptionException when its configuration is damaged
     * @throws AksBackupException code {@code NotAVault} when the location holds a {@code config.json} that is
     *     not a vault's; {@code VaultEncrypted} when the vault is encrypted and no key provider was given;
     *     {@code KeyUnavailable} or {@code KeyMismatch} when the provider holds none of its keys (nothing is
     *     written then); {@code VaultNotEncrypted} when a provider was given for a vault that is not encrypted
     */
    public VaultInfo createVault() {
        return vault.create();
    }

    // ---- protection ----

    /**
     * Stores a policy (a new version when one of that name exists).
     *
     * @throws InvalidInputException with every problem of the policy
     */
    public BackupPolicy createOrUpdatePolicy(BackupPolicy policy) {
        Policies.requireValid(policy, policyValidation);
        vault().catalog().savePolicy(policy);
        return policy;
    }

    /**
     * A policy the vault holds (the current version of that name).
     *
     * @throws NotFoundException when the vault has no policy of that name
     */
    public BackupPolicy getPolicy(String name) {
        return vault().catalog().policy(name).orElseThrow(() -> new NotFoundException("the vault has no backup policy named '" + name + "'"));
    }

    /**
     * Protects a cluster: stores the policy and the instance (under that policy, in state
     * {@code ProtectionConfigured}); scheduled backups start with the next slot of the policy.
     *
     * @throws InvalidInputException when the policy or the configuration is invalid, the instance names another policy
     *     ({@code policyName}, compared ignoring letter case as Azure compares resource names; blank names none), or no
     *     cluster client serves the instance's cluster
     */
    public BackupInstance configureProtection(BackupInstance instance, BackupPolicy policy) {
        String named = instance.policyName();
        if (!named.isBlank() && !named.strip().equalsIgnoreCase(policy.name())) {
            throw new InvalidInputException("policyName", "is '" + named + "', but the instance is to be protected under policy '"
                    + policy.name() + "'; give the policy the instance names, or set policyName to '" + policy.name() + "'");
        }
        InstanceOperations.requireNoStoreLocation(instance.snapshotLocation());
        BackupConfiguration c = instance.configuration();
        new ObjectSelection(c.includedNamespaces(), c.excludedNamespaces(), Set.of(), c.includedResourceTypes(),
                c.excludedResourceTypes(), c.labelSelectors());
        clusters.of(instance.clusterRef());
        createOrUpdatePolicy(policy);
        BackupInstance protectedOne = new BackupInstance(instance.name(), instance.clusterRef(), policy.name(), c,
                instance.snapshotLocation(), ProtectionState.ProtectionConfigured);
        vault().catalog().saveInstance(protectedOne);
        return protectedOne;
    }

    /**
     * An instance.
     *
     * @throws NotFoundException when the vault has no such instance
     */
    public BackupInstance getInstance(String name) {
        return vault().catalog().instance(name).orElseThrow(() -> new NotFoundException("the vault has no backup instance named '" + name + "'"));
    }

    /** Every instance of the vault. */
    public List<BackupInstance> listInstances() {
        return vault().catalog().instances();
    }

    /**
     * Stops protection: no more scheduled or on-demand backups. With {@code deleteData} every recovery
     * point of the instance is deleted (both tiers, snapshots included) and its data collected; without,
     * existing recovery points stay and still expire by their retention.
     */
    public Job stopProtection(String instanceName, boolean deleteData) {
        return vault().instances().stop(instanceName, deleteData);
    }

    /**
     * Protects a cluster as {@link #configureProtection(BackupInstance, BackupPolicy)} does and records
     * which cluster the instance protects, so that a protection service connected to that cluster
     * ({@link AksBackupClientBuilder#servedCluster}) serves it. As in Azure Backup, two instances of one
     * cluster in one vault must use different policies. A new instance (or one whose data was deleted)
     * starts with the policy's next slot.
     *
     * @throws InvalidInputException when the policy or configuration is invalid, another instance of the
     *     cluster uses the same policy, or the name belongs to an instance of another cluster
     */
    public BackupInstance configureProtection(BackupInstance instance, BackupPolicy policy,
            io.github.aksbackup.api.instance.ClusterIdentity cluster) {
        return vault().instances().configure(instance, policy, cluster);
    }

    /**
     * Resumes protection stopped with retained data: scheduled backups start again with the policy's
     * next slot (slots that passed while it was stopped are not made up for).
     *
     * @throws NotFoundException when the vault has no such instance
     * @throws ConflictException when its data was deleted
     */
    public BackupInstance resumeProtection(String instanceName) {
        return vault().instances().resume(instanceName);
    }

    /**
     * An instance's state, next slot, last backup and recovery points per tier.
     *
     * @throws NotFoundException when the vault has no such instance
     */
    public InstanceStatus instanceStatus(String instanceName) {
        return vault().instances().status(instanceName);
    }

    /** The status of every instance of the vault, by name. */
    public List<InstanceStatus> instanceStatuses() {
        return vault().instances().statuses();
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
     * @throws InvalidInputException when the retention tag names no rule of the policy
     */
    public Job backupNow(String instanceName, BackupJobOptions options) {
        getInstance(instanceName);
        if (options.listener() != null) {
            vault().backups().listen(instanceName, options.listener());
        }
        try {
            BackupOutcome outcome = vault().engine().backupNow(instanceName, options.retentionTagOverride());
            Job job = vault().backups().takeLast(instanceName);
            if (job == null) {
                throw new AksBackupException(ErrorCode.BACKUP_FAILED, "the backup of " + instanceName + " did not run: "
                        + (outcome instanceof BackupOutcome.Failed f ? f.reason() : "unknown reason"));
            }
            return job;
        } finally {
            vault().backups().listen(instanceName, null);
        }
    }

    // ---- recovery points ----

    /** The recovery points of an instance, oldest first, with the current state of each copy. */
    public List<RecoveryPoint> listRecoveryPoints(String instanceName) {
        return vault().lifecycle().recoveryPoints(instanceName);
    }

    /**
     * One recovery point.
     *
     * @throws NotFoundException when it does not exist
     */
    public RecoveryPoint getRecoveryPoint(String instanceName, String recoveryPointId) {
        return vault().lifecycle().current(instanceName, recoveryPointId);
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
     * @throws InvalidInputException when the configuration is invalid, or its resource modifier rules
     *     (the ConfigMap of {@code resourceModifierReference} in the target cluster, or those of the
     *     options) have problems; nothing is restored then
     * @throws NotFoundException when the recovery point does not exist
     * @throws ConflictException when it has no available copy in the requested tier
     */
    public RestoreResult restore(RestoreConfig config, RestoreJobOptions options) {
        if (config.recoveryPointId() == null) {
            throw new InvalidInputException("recoveryPointId", "is required: name the recovery point to restore");
        }
        DataStoreType tier = config.sourceDataStore();
        if (options.crossRegionVault() != null && tier != DataStoreType.VaultStore) {
            throw new InvalidInputException("sourceDataStore", "a cross-region restore reads the vault tier only;"
                    + " set VaultStore (was " + tier + ")");
        }
        VaultParts v = vault();
        VaultCatalog catalog = v.catalog();
        Repository repo;
        RecoveryPointOwner owner;
        if (options.crossRegionVault() != null) {
            // The other region's replica is read on its own: the primary region may be down. It is read, never initialized.
            repo = Repository.openExisting(RetryingObjectStore.wrap(options.crossRegionVault(), retryOptions), clock,
                    repositoryOptions, keyProvider);
            owner = RecoveryPointOwner.find(List.of(repo), config.recoveryPointId(), config.sourceClusterRef(), this::clusterOf);
        } else {
            owner = RecoveryPointOwner.find(List.of(v.operational(), v.vaultTier()), config.recoveryPointId(),
                    config.sourceClusterRef(), this::clusterOf);
            RecoveryPoint rp = v.lifecycle().current(owner.instance(), owner.id());
            boolean available = rp.store(tier).map(d -> d.state() == DataStoreState.Available).orElse(false);
            repo = tier == DataStoreType.VaultStore ? v.vaultTier() : v.operational();
            if (!available || !repo.exists(owner.instance(), owner.id())) {
                throw new ConflictException("recovery point " + owner.id() + " has no available " + tier + " copy; its copies are "
                        + rp.stores());
            }
        }
        String instanceName = owner.instance();
        String rpId = owner.id();
        Manifest manifest = repo.readManifest(instanceName, rpId);
        owner.requireSourceCluster(config.sourceClusterRef(), catalog, manifest);
        BackupInstance instance = config.targetClusterRef() != null && options.crossRegionVault() != null ? null
                : catalog.instance(instanceName).orElse(null);
        boolean targetNamed = config.targetClusterRef() != null;
        String clusterRef = targetNamed ? config.targetClusterRef() : instance == null ? null : instance.clusterRef();
        ClusterClient target = clusters.of(clusterRef, targetNamed ? "targetClusterRef" : null);
        // Read before the job starts: rules with problems are bad input, and nothing is restored.
        ResourceModifiers modifiers = ResourceModifiers.forRestore(target, config.resourceModifierReference(),
                options.resourceModifiers());
        // The copier is retried as a whole; its store calls must not be retried once more inside.
        ObjectStore volumeStore = RetryingObjectStore.unwrap(repo.store());
        // A vault-tier volume is restored by the copier that imports it, with or without a cluster snapshotter.
        VolumeSource volumes = tier == DataStoreType.VaultStore
                ? snapshotter == null && volumeCopier == null ? null
                        : VolumeSource.vault(volumeCopier, volumeStore, s -> VaultTiering.volumeKey(instanceName, rpId, s),
                                config.stagingLocation(), options.keepStaging())
                : snapshotter == null ? null : VolumeSource.operational(snapshotter);
        JobRecorder job = new JobRecorder(JobRecorder.newId(Operation.Restore, clock.instant()), Operation.Restore, instanceName, rpId,
                clock, options.listener(), restoreOptions.maxItems());
        if (!options.dryRun()) {
            catalog.jobStarted(job.snapshot());
        }
        RestoreResult result = new RestoreEngine(target, volumes, hooks, clock, restoreOptions, restoreExecutor)
                .run(config, manifest, repo.openReader(), options.dryRun(), job, modifiers);
        if (!options.dryRun()) {
            catalog.jobEnded(result.job());
        }
        return result;
    }

    /** The cluster an instance of the vault protects, or {@code null} when the vault has no such instance. */
    private String clusterOf(String instanceName) {
        return vault().catalog().instance(instanceName).map(BackupInstance::clusterRef).orElse(null);
    }

    // ---- jobs ----

    /** Every job of every instance, newest first, without per-item results. */
    public List<Job> listJobs() {
        return vault().catalog().jobs();
    }

    /**
     * One job with its per-item results.
     *
     * @throws NotFoundException when the vault has no such job
     */
    public Job getJob(String jobId) {
        return vault().catalog().job(jobId);
    }

    // ---- engine ----

    /**
     * Does everything due at the clock's time: scheduled backups (missed slots collapse into one),
     * vault copies, expiry of copies; collects garbage when copies were deleted.
     */
    public RunReport runDue() {
        RunReport report = vault().engine().runDue();
        if (!report.events(EngineEvent.Kind.COPY_DELETED).isEmpty() || !report.events(EngineEvent.Kind.RECOVERY_POINT_REMOVED).isEmpty()) {
            collectGarbage();
        }
        return report;
    }

    /**
     * Starts the background scheduler: {@link #runDue()}'s work now and then every minute, until {@link #close()}.
     *
     * @throws NotFoundException when the location holds no vault ({@link #createVault()} makes one)
     */
    public void start() {
        vault().engine().start();
    }

    /**
     * Reclaims data no recovery point references, in both tiers, recorded as a job. Deferred (nothing
     * deleted) while a backup is running.
     *
     * @return the operational tier's and the vault tier's results
     */
    public List<GcResult> collectGarbage() {
        VaultParts v = vault();
        return GarbageCollectionJob.run(List.of(v.operational(), v.vaultTier()), v.catalog(), clock);
    }

    /** Reads both tiers back completely and reports damage by object and recovery point. */
    public VaultCheck verifyVault() {
        VaultParts v = vault();
        return new VaultCheck(v.operational().verify(), v.vaultTier().verify());
    }

    /** The clock the client runs on. */
    public Clock clock() {
        return clock;
    }

    /** The protection engine, for the {@link ProtectionService} that drives it. */
    ProtectionEngine engine() {
        return vault().engine();
    }

    /** The instances' operations, for the {@link ProtectionService}. */
    InstanceOperations instances() {
        return vault().instances();
    }

    /** Makes running scheduled backups end at their next cluster call with {@code reason} (nothing is committed then). */
    void abandonScheduledBackups(AksBackupException reason) {
        VaultParts v = vault.ifOpen();
        if (v != null) {
            v.backups().abandon(reason);
        }
    }

    /** Stops the background scheduler, waiting for running work, and shuts down the threads the client made. */
    @Override
    public void close() {
        vault.close();
        executors.close();
    }

}
