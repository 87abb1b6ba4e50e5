package io.github.aksbackup.client;

import io.github.aksbackup.backup.BackupOptions;
import io.github.aksbackup.hook.ExecHookRunner;
import io.github.aksbackup.hook.HookRunner;
import io.github.aksbackup.internal.PrefixedObjectStore;
import io.github.aksbackup.policy.PolicyValidator;
import io.github.aksbackup.repository.Repository;
import io.github.aksbackup.repository.RepositoryOptions;
import io.github.aksbackup.restore.RestoreOptions;
import io.github.aksbackup.spi.ClusterClient;
import io.github.aksbackup.spi.KeyProvider;
import io.github.aksbackup.spi.LeaseManager;
import io.github.aksbackup.spi.ObjectStore;
import io.github.aksbackup.spi.VolumeSnapshotter;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * Builds an {@link AksBackupClient}. Only the vault is required; a cluster client (or a resolver from
 * an instance's {@code clusterRef} to one) is needed to back up and restore.
 */
public final class AksBackupClientBuilder {
    /** Prefix of the vault tier inside the vault store when no separate store is given. */
    public static final String VAULT_TIER_PREFIX = "vault-tier/";

    ObjectStore vault;
    ObjectStore vaultTier;
    ClusterClient cluster;
    Function<String, ClusterClient> clusterResolver;
    VolumeSnapshotter snapshotter;
    HookRunner hooks = new ExecHookRunner();
    Clock clock = Clock.systemUTC();
    RepositoryOptions repositoryOptions = RepositoryOptions.DEFAULTS;
    BackupOptions backupOptions = BackupOptions.DEFAULTS;
    RestoreOptions restoreOptions = RestoreOptions.DEFAULTS;
    Executor restoreExecutor;
    PolicyValidator.Options policyValidation = PolicyValidator.Options.AZURE;
    int parallelism = 4;
    LeaseManager leaseManager = LeaseManager.none();
    boolean existingVault;
    KeyProvider keyProvider;

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

    /** The cluster every instance and restore uses unless the resolver gives another. */
    public AksBackupClientBuilder cluster(ClusterClient c) {
        this.cluster = c;
        return this;
    }

    /** Finds the cluster client for a {@code clusterRef} ({@code null} result: the default cluster). */
    public AksBackupClientBuilder clusterResolver(Function<String, ClusterClient> resolver) {
        this.clusterResolver = resolver;
        return this;
    }

    /** Takes, restores and exports volume snapshots; without one, volumes are skipped with a warning. */
    public AksBackupClientBuilder volumeSnapshotter(VolumeSnapshotter s) {
        this.snapshotter = s;
        return this;
    }

    /** Runs backup and restore hooks; default {@link ExecHookRunner} (BackupHook/RestoreHook resources, exec in pods). */
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

    /** Refuse a vault location that holds no vault instead of initializing one there (for tools that only read). */
    public AksBackupClientBuilder requireExistingVault() {
        this.existingVault = true;
        return this;
    }

    /**
     * Opens (initializing when empty, unless {@link #requireExistingVault()}) the vault and builds the client.
     *
     * @throws IllegalStateException when no vault was given
     * @throws io.github.aksbackup.api.NotFoundException when an existing vault is required and there is none
     * @throws io.github.aksbackup.api.AksBackupException when the vault is encrypted and the key provider is
     *     missing or holds none of its keys (nothing is written then), or a provider is given for a vault
     *     that is not encrypted; see {@link Repository#open(ObjectStore, Clock, RepositoryOptions, KeyProvider)}
     */
    public AksBackupClient buildClient() {
        if (vault == null) {
            throw new IllegalStateException("a vault is required: call vault(ObjectStore) before buildClient()");
        }
        Repository operational = existingVault ? Repository.openExisting(vault, clock, repositoryOptions, keyProvider)
                : Repository.open(vault, clock, repositoryOptions, keyProvider);
        Repository tier = Repository.open(vaultTier != null ? vaultTier : new PrefixedObjectStore(vault, VAULT_TIER_PREFIX), clock,
                repositoryOptions, keyProvider);
        return new AksBackupClient(this, operational, tier);
    }
}
