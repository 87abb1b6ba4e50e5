package io.github.aksbackup.client;

import io.github.aksbackup.api.instance.BackupInstance;
import io.github.aksbackup.catalog.VaultCatalog;
import io.github.aksbackup.hook.HookRunner;
import io.github.aksbackup.repository.Repository;
import io.github.aksbackup.schedule.ProtectionEngine;
import io.github.aksbackup.spi.ClusterClient;
import io.github.aksbackup.spi.VaultVolumeCopier;
import io.github.aksbackup.spi.VolumeSnapshotter;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * The parts of a client that work on its vault: its two repositories and what is built on them. A
 * client assembles them once its vault is open ({@link VaultHandles}).
 */
record VaultParts(Repository operational, Repository vaultTier, VaultCatalog catalog, RecoveryPointLifecycle lifecycle,
        VaultTiering tiering, InstanceOperations instances, BackupJobs backups, ProtectionEngine engine) {

    /**
     * The parts on the opened repositories; reads nothing.
     *
     * @param settings the client's settings (a copy of its builder nobody changes)
     * @param hooks the client's hook runner
     * @param snapshotter the client's volume snapshotter (retried), or {@code null}
     * @param copier the client's vault volume copier (retried), or {@code null}
     * @param clusters the cluster client of a {@code clusterRef}, or an exception
     * @param prefetch the backups' prefetching executor
     */
    static VaultParts assemble(AksBackupClient client, AksBackupClientBuilder settings, Repository operational,
            Repository vaultTier, HookRunner hooks, VolumeSnapshotter snapshotter, VaultVolumeCopier copier,
            Function<String, ClusterClient> clusters, Executor prefetch) {
        VaultCatalog catalog = new VaultCatalog(operational.recordStore(), settings.jobListener);
        RecoveryPointLifecycle lifecycle = new RecoveryPointLifecycle(operational, vaultTier, settings.clock);
        VaultTiering tiering = new VaultTiering(operational, vaultTier, snapshotter, copier, catalog, settings.clock);
        InstanceOperations instances = new InstanceOperations(client, catalog, lifecycle, tiering, settings.clock,
                settings.policyValidation, settings.servedCluster);
        Function<String, BackupInstance> instanceNamed = client::getInstance;
        BackupJobs backups = new BackupJobs(settings, hooks, snapshotter, operational, catalog, instanceNamed, clusters, prefetch);
        ProtectionEngine engine = ProtectionEngine.builder()
                .clock(settings.clock)
                .protectionSource(instances::protectedInstances)
                .backupRunner(backups)
                .lifecycleStore(lifecycle)
                .scheduleMarkStore(catalog)
                .tieringActions(tiering)
                .leaseManager(settings.leaseManager)
                .parallelism(settings.parallelism)
                .build();
        return new VaultParts(operational, vaultTier, catalog, lifecycle, tiering, instances, backups, engine);
    }
}
