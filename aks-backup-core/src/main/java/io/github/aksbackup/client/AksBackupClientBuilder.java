package io.github.aksbackup.client;

import io.github.aksbackup.backup.BackupOptions;
import io.github.aksbackup.hook.ExecHookRunner;
import io.github.aksbackup.hook.HookRunner;
import io.github.aksbackup.policy.PolicyValidator;
import io.github.aksbackup.repository.Repository;
import io.github.aksbackup.repository.RepositoryFormat;
import io.github.aksbackup.repository.RepositoryOptions;
import io.github.aksbackup.resilience.RetryOptions;
import io.github.aksbackup.resilience.RetryingObjectStore;
import io.github.aksbackup.restore.RestoreOptions;
import io.github.aksbackup.spi.ClusterClient;
import io.github.aksbackup.spi.KeyProvider;
import io.github.aksbackup.spi.LeaseManager;
import io.github.aksbackup.spi.ObjectStore;
import io.github.aksbackup.spi.VaultVolumeCopier;
import io.github.aksbackup.spi.VolumeSnapshotter;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * Builds an {@link AksBackupClient}. Only the vault is required; a cluster client (or a resolver from
 * an instance's {@code clusterRef} to one) is needed to back up and restore. Building reads nothing;
 * a new vault is made by {@link AksBackupClient#createVault()}.
 */
public final class AksBackupClientBuilder {
    /** Prefix of the vault tier inside the vault store when no separate store is given ({@link RepositoryFormat#VAULT_TIER}). */
    public static final String VAULT_TIER_PREFIX = RepositoryFormat.VAULT_TIER;

    ObjectStore vault;
    ObjectStore vaultTier;
    ClusterClient cluster;
    Function<String, ClusterClient> clusterResolver;
    VolumeSnapshotter snapshotter;
    VaultVolumeCopier volumeCopier;
    RetryOptions retryOptions = RetryOptions.DEFAULTS;
    /** {@code null}: the client's own {@link ExecHookRunner}, on a pool it closes. */
    HookRunner hooks;
    Clock clock = Clock.systemUTC();
    RepositoryOptions repositoryOptions = RepositoryOptions.DEFAULTS;
    BackupOptions backupOptions = BackupOptions.DEFAULTS;
    RestoreOptions restoreOptions = RestoreOptions.DEFAULTS;
    Executor restoreExecutor;
    PolicyValidator.Options policyValidation = PolicyValidator.Options.AZURE;
    int parallelism = 4;
    LeaseManager leaseManager = LeaseManager.none();
    KeyProvider keyProvider;
    io.github.aksbackup.api.instance.ClusterIdentity servedCluster;
    java.util.function.Consumer<io.github.aksbackup.api.job.Job> jobListener = job -> { };
    Executor backupExecutor;

    AksBackupClientBuilder() {
    }

    /** The vault: catalog, operational tier of cluster state, lifecycle markers and jobs. Required. */
    public AksBackupClientBuilder vault(ObjectStore store) {
        this.vault = Objects.requireNonNull(store, "store");
        return this;
    }

    /** Where vault-tier copies go (another container or account); default: the vault under {@value #VAULT_TIER_PREFIX}. */
    public AksBackupClientBuilder vaultTier(ObjectStore store) {
        this.vaultTier = store;
        return this;
    }

    /**
     * The cluster every instance and restore uses unless the resolver gives another; without a
     * resolver this one cluster serves every {@code clusterRef} and {@code targetClusterRef}.
     */
    public AksBackupClientBuilder cluster(ClusterClient c) {
        this.cluster = c;
        return this;
    }

    /**
     * Finds the cluster client for a {@code clusterRef}. A {@code null} answer for an instance's
     * {@code clusterRef} means the default cluster; for a restore's {@code targetClusterRef} it refuses
     * the restore ({@link io.github.aksbackup.api.InvalidInputException} naming {@code targetClusterRef}):
     * a restore goes into the cluster it names or nowhere.
     */
    public AksBackupClientBuilder clusterResolver(Function<String, ClusterClient> resolver) {
        this.clusterResolver = resolver;
        return this;
    }

    /**
     * Takes and restores volume snapshots; without one, volumes are skipped with a warning. A snapshotter
     * that is also a {@link VaultVolumeCopier} (the Azure disk snapshotter) copies volumes to and from
     * the vault tier unless {@link #vaultVolumeCopier} names another.
     */
    public AksBackupClientBuilder volumeSnapshotter(VolumeSnapshotter s) {
        this.snapshotter = s;
        return this;
    }

    /**
     * Copies volume snapshots to the vault tier and back for vault-tier restores; default the volume
     * snapshotter when it is one. Without one, recovery points with volumes cannot be copied to the vault.
     */
    public AksBackupClientBuilder vaultVolumeCopier(VaultVolumeCopier c) {
        this.volumeCopier = c;
        return this;
    }

    /**
     * How calls to the vault's stores, clusters and volume snapshotters that failed transiently are
     * repeated: the SDK's only retries (adapters make each request once), so a call makes at most
     * {@link RetryOptions#maxAttempts()} requests. Default {@link RetryOptions#DEFAULTS}.
     */
    public AksBackupClientBuilder retryOptions(RetryOptions o) {
        this.retryOptions = Objects.requireNonNull(o, "retryOptions");
        return this;
    }

    /**
     * Runs backup and restore hooks; default: an {@link ExecHookRunner} of the client's own (BackupHook/RestoreHook
     * resources, exec in pods) whose threads {@link AksBackupClient#close()} ends.
     */
    public AksBackupClientBuilder hookRunner(HookRunner h) {
        this.hooks = h == null ? HookRunner.NONE : h;
        return this;
    }

    /** The clock of schedules, expiries and job times; default the system clock. */
    public AksBackupClientBuilder clock(Clock c) {
        this.clock = Objects.requireNonNull(c, "clock");
        return this;
    }

    /** Pack size, caches and staleness limits of the repositories. */
    public AksBackupClientBuilder repositoryOptions(RepositoryOptions o) {
        this.repositoryOptions = Objects.requireNonNull(o, "repositoryOptions");
        return this;
    }

    /** Page size and snapshot timeouts of backups. */
    public AksBackupClientBuilder backupOptions(BackupOptions o) {
        this.backupOptions = Objects.requireNonNull(o, "backupOptions");
        return this;
    }

    /**
     * Runs the fetching and preparing of the next page of a listing while a backup writes the current
     * one, and the first pages of the next few listings (up to five tasks at a time per running backup). Default: daemon threads the client makes and shuts
     * down in {@link AksBackupClient#close()}; an executor given here stays yours to shut down, after
     * the client is closed.
     */
    public AksBackupClientBuilder backupExecutor(Executor executor) {
        this.backupExecutor = Objects.requireNonNull(executor, "executor");
        return this;
    }

    /** Parallelism and limits of restores. */
    public AksBackupClientBuilder restoreOptions(RestoreOptions o) {
        this.restoreOptions = Objects.requireNonNull(o, "restoreOptions");
        return this;
    }

    /**
     * The threads restores run on: their workers (at most {@link RestoreOptions#parallelism()} at a time
     * per restore) and their restore hooks, which may wait minutes for a pod. The client never shuts an
     * executor given here down. Default: a cached pool of daemon threads that the client owns and shuts
     * down in {@link AksBackupClient#close()}.
     */
    public AksBackupClientBuilder restoreExecutor(Executor executor) {
        this.restoreExecutor = Objects.requireNonNull(executor, "restoreExecutor");
        return this;
    }

    /** How strictly policies are checked; default Azure's rules. */
    public AksBackupClientBuilder policyValidation(PolicyValidator.Options o) {
        this.policyValidation = Objects.requireNonNull(o, "policyValidation");
        return this;
    }

    /**
     * How several clients (engines) sharing one vault keep out of each other's way: each instance's
     * scheduled work runs under its lease, so every slot runs once. Default: a single engine.
     */
    public AksBackupClientBuilder leaseManager(LeaseManager m) {
        this.leaseManager = java.util.Objects.requireNonNull(m, "leaseManager");
        return this;
    }

    /** Instances the scheduler handles at once (default 4). */
    public AksBackupClientBuilder parallelism(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1, was " + n);
        }
        this.parallelism = n;
        return this;
    }

    /**
     * The keys of an encrypted vault. A vault created with a provider is encrypted (AES-256-GCM, a
     * fresh data key per pack, index file, manifest and catalog record, wrapped by the provider's current
     * key), and so is its vault tier; an encrypted vault cannot be opened without one of its keys. Default:
     * none (the vault is not encrypted).
     */
    public AksBackupClientBuilder keyProvider(KeyProvider provider) {
        this.keyProvider = provider;
        return this;
    }

    /**
     * Serve only the instances configured for this cluster
     * ({@link AksBackupClient#configureProtection(io.github.aksbackup.api.instance.BackupInstance,
     * io.github.aksbackup.api.policy.BackupPolicy, io.github.aksbackup.api.instance.ClusterIdentity)}): scheduled
     * backups and tiering leave every other instance of the vault alone. Default: every instance.
     */
    public AksBackupClientBuilder servedCluster(io.github.aksbackup.api.instance.ClusterIdentity cluster) {
        this.servedCluster = cluster;
        return this;
    }

    /** Told about every job the client records as ended (metrics); called on the thread that ran the job. */
    public AksBackupClientBuilder jobListener(java.util.function.Consumer<io.github.aksbackup.api.job.Job> listener) {
        this.jobListener = Objects.requireNonNull(listener, "jobListener");
        return this;
    }

    /**
     * Refuse a vault location that holds no vault instead of initializing one there.
     *
     * @deprecated every client refuses such a location now: a vault is made only by
     *     {@link AksBackupClient#createVault()}. This method changes nothing and stays for source compatibility.
     */
    @Deprecated(since = "0.1.0")
    public AksBackupClientBuilder requireExistingVault() {
        return this;
    }

    /**
     * Builds the client without reading or writing anything: no call to the vault, its vault tier, a
     * cluster or a key provider. The client opens the vault on its first call that needs it, and that call
     * throws what opening throws (see {@link AksBackupClient}): {@link io.github.aksbackup.api.NotFoundException}
     * when the location holds no vault ({@link AksBackupClient#createVault()} makes one), and
     * {@link io.github.aksbackup.api.AksBackupException} when the vault is encrypted and the key provider is
     * missing or holds none of its keys, or a provider is given for a vault that is not encrypted (see
     * {@link Repository#open(ObjectStore, Clock, RepositoryOptions, KeyProvider)}). The client keeps the
     * settings as they are now; changing the builder later does not change it.
     *
     * @throws IllegalStateException when no vault was given
     */
    public AksBackupClient buildClient() {
        if (vault == null) {
            throw new IllegalStateException("a vault is required: call vault(ObjectStore) before buildClient()");
        }
        // Scheduled backups write through a fence, so one that lost its lease commits nothing; the fence
        // sits inside the retries, so every attempt is checked.
        ObjectStore store = RetryingObjectStore.wrap(new FencedObjectStore(vault), retryOptions);
        ObjectStore tierStore = RetryingObjectStore.wrap(vaultTier != null ? vaultTier : RepositoryFormat.vaultTierIn(vault),
                retryOptions);
        return new AksBackupClient(copy(), store, tierStore);
    }

    /**
     * A builder with this one's settings, for a client that must not see later changes. Every field is
     * copied, so a setting added later cannot be left behind.
     */
    private AksBackupClientBuilder copy() {
        AksBackupClientBuilder c = new AksBackupClientBuilder();
        try {
            for (java.lang.reflect.Field f : AksBackupClientBuilder.class.getDeclaredFields()) {
                if (!java.lang.reflect.Modifier.isStatic(f.getModifiers())) {
                    f.set(c, f.get(this));
                }
            }
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot copy the builder's own fields", e);
        }
        return c;
    }
}
