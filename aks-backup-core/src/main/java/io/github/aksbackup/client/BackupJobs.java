package io.github.aksbackup.client;

import io.github.aksbackup.api.AksBackupException;
import io.github.aksbackup.api.instance.BackupInstance;
import io.github.aksbackup.api.job.Job;
import io.github.aksbackup.api.job.JobError;
import io.github.aksbackup.api.job.Operation;
import io.github.aksbackup.api.recovery.RecoveryPointType;
import io.github.aksbackup.backup.BackupEngine;
import io.github.aksbackup.backup.BackupOptions;
import io.github.aksbackup.backup.BackupResult;
import io.github.aksbackup.backup.BackupSpec;
import io.github.aksbackup.catalog.VaultCatalog;
import io.github.aksbackup.hook.HookRunner;
import io.github.aksbackup.job.JobRecorder;
import io.github.aksbackup.job.ProgressListener;
import io.github.aksbackup.repository.Repository;
import io.github.aksbackup.resilience.RetryOptions;
import io.github.aksbackup.resilience.RetryingClusterClient;
import io.github.aksbackup.schedule.BackupOutcome;
import io.github.aksbackup.schedule.BackupRequest;
import io.github.aksbackup.schedule.BackupRunner;
import io.github.aksbackup.spi.ClusterClient;
import io.github.aksbackup.spi.LeaseManager;
import io.github.aksbackup.spi.VolumeSnapshotter;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The client's backup runner: one backup into the operational tier through a {@link BackupEngine},
 * recorded as a job in the vault; remembers the last job per instance and the listener of an
 * on-demand backup.
 */
final class BackupJobs implements BackupRunner {
    private static final DateTimeFormatter RP_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final VolumeSnapshotter snapshotter;
    private final HookRunner hooks;
    private final Clock clock;
    private final BackupOptions options;
    private final RetryOptions retryOptions;
    private final Repository operational;
    private final VaultCatalog catalog;
    private final Function<String, BackupInstance> instances;
    private final Function<String, ClusterClient> clusters;
    private final Executor prefetch;
    private final Map<String, ProgressListener> listeners = new ConcurrentHashMap<>();
    private final Map<String, Job> lastBackup = new ConcurrentHashMap<>();
    /** Set when the service shuts down past its grace period: scheduled backups end at their next cluster call. */
    private final AtomicReference<AksBackupException> abandon = new AtomicReference<>();

    /**
     * @param settings where the clock and backup options are read from, now
     * @param hooks the client's hook runner
     * @param snapshotter the volume snapshotter as the client wraps it (retried), or {@code null}
     * @param instances an instance by name, or an exception
     * @param clusters the cluster client of a {@code clusterRef}, or an exception
     * @param prefetch the backups' prefetching executor
     */
    BackupJobs(AksBackupClientBuilder settings, HookRunner hooks, VolumeSnapshotter snapshotter, Repository operational, VaultCatalog catalog, Function<String, BackupInstance> instances,
            Function<String, ClusterClient> clusters, Executor prefetch) {
        this.snapshotter = snapshotter;
        this.hooks = hooks;
        this.clock = settings.clock;
        this.options = settings.backupOptions;
        this.retryOptions = settings.retryOptions;
        this.operational = operational;
        this.catalog = catalog;
        this.instances = instances;
        this.clusters = clusters;
        this.prefetch = prefetch;
    }

    /** Passes the progress of the instance's backups to {@code listener} ({@code null}: stop). */
    void listen(String instanceName, ProgressListener listener) {
        if (listener == null) {
            listeners.remove(instanceName);
        } else {
            listeners.put(instanceName, listener);
        }
    }

    /** The job of the instance's last backup, forgotten once taken; {@code null} when none ran since. */
    Job takeLast(String instanceName) {
        return lastBackup.remove(instanceName);
    }

    @Override
    public BackupOutcome run(BackupRequest request) {
        return run(request, null);
    }

    /**
     * One backup; a scheduled one ends early when the engine loses the instance's {@code lease} or the
     * service abandons it (see {@link #abandon}), and then commits nothing.
     */
    @Override
    public BackupOutcome run(BackupRequest request, LeaseManager.Lease lease) {
        BackupInstance instance = instances.apply(request.instanceName());
        String rpId = recoveryPointId(request);
        boolean scheduled = request.type() == RecoveryPointType.Scheduled;
        if (scheduled) {
            for (String id : List.of(rpId, RP_TIME.format(request.time()) + "-scheduled")) {
                if (operational.exists(instance.name(), id)) {
                    // The engine stopped after this slot's backup and before recording it (or another engine
                    // made it, or an older version named it without the instance): the point exists.
                    return new BackupOutcome.Succeeded(id);
                }
            }
        }
        JobRecorder job = new JobRecorder(Operation.Backup, instance.name(), rpId, clock, listeners.get(instance.name()));
        catalog.jobStarted(job.snapshot());
        Supplier<AksBackupException> stop = scheduled ? FencedClusterClient.stopOf(instance.name(), lease, abandon::get) : () -> null;
        // The fence sits inside the one retry layer, so every attempt is checked and nothing is retried twice.
        ClusterClient cluster = RetryingClusterClient.wrap(new FencedClusterClient(
                RetryingClusterClient.unwrap(clusters.apply(instance.clusterRef())), stop), retryOptions);
        BackupEngine backup = new BackupEngine(operational, cluster, snapshotter, hooks, clock, options, prefetch);
        BackupResult result = FencedObjectStore.fenced(stop, () -> backup.run(new BackupSpec(instance, rpId, request.time(),
                request.type(), request.tag(), request.stores()), job));
        catalog.jobEnded(result.job());
        lastBackup.put(instance.name(), result.job());
        if (result.manifest() == null) {
            if (scheduled && operational.exists(instance.name(), rpId)) {
                // Another engine committed this slot first (the manifest is write-once): the slot has its point.
                return new BackupOutcome.Succeeded(rpId);
            }
            List<JobError> errors = result.job().errors();
            return new BackupOutcome.Failed(errors.isEmpty() ? "backup failed" : errors.get(0).message());
        }
        return new BackupOutcome.Succeeded(rpId);
    }

    /** Makes running scheduled backups end at their next cluster call with {@code reason} (nothing is committed then). */
    void abandon(AksBackupException reason) {
        abandon.set(reason);
    }

    /**
     * Every id names its instance, so that an id is unique in the vault and a restore by id finds one
     * point: scheduled points are {@code <slot>-<instance>-scheduled}, so a slot run twice (or by two
     * engines) finds its point; on-demand ones {@code <time>-<instance>-<random>}. Vaults written before
     * the instance was part of the name hold {@code <slot>-scheduled} and {@code <time>-<random>}; both
     * are still read ({@link RecoveryPointOwner} settles which instance such an id means).
     */
    private static String recoveryPointId(BackupRequest request) {
        String time = RP_TIME.format(request.time());
        return request.type() == RecoveryPointType.Scheduled ? time + "-" + request.instanceName() + "-scheduled"
                : time + "-" + request.instanceName() + "-" + String.format("%06x", ThreadLocalRandom.current().nextInt(1 << 24));
    }
}
