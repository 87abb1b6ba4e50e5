package io.github.aksbackup.client;

import io.github.aksbackup.api.AksBackupException;
import io.github.aksbackup.api.ConflictException;
import io.github.aksbackup.api.DataStoreType;
import io.github.aksbackup.api.InvalidInputException;
import io.github.aksbackup.api.NotFoundException;
import io.github.aksbackup.api.instance.BackupInstance;
import io.github.aksbackup.api.instance.ClusterIdentity;
import io.github.aksbackup.api.instance.ProtectionState;
import io.github.aksbackup.api.instance.SnapshotLocation;
import io.github.aksbackup.api.job.Job;
import io.github.aksbackup.api.job.JobStatus;
import io.github.aksbackup.api.job.Operation;
import io.github.aksbackup.api.policy.BackupPolicy;
import io.github.aksbackup.api.recovery.DataStoreDetail;
import io.github.aksbackup.api.recovery.DataStoreState;
import io.github.aksbackup.api.recovery.RecoveryPoint;
import io.github.aksbackup.catalog.VaultCatalog;
import io.github.aksbackup.job.JobRecorder;
import io.github.aksbackup.policy.Policies;
import io.github.aksbackup.policy.PolicyValidator;
import io.github.aksbackup.schedule.PolicyRules;
import io.github.aksbackup.schedule.ProtectedInstance;
import io.github.aksbackup.schedule.ScheduleMark;
import io.github.aksbackup.schedule.SlotSchedule;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The life of backup instances in the vault, behind {@link AksBackupClient}'s protection methods:
 * configuring one with the identity of its cluster (Azure's rule: two instances of one cluster in one
 * vault use different policies), its status, stopping with or without its data, resuming, and the
 * list of instances a protection engine serves.
 */
final class InstanceOperations {
    private static final Logger LOG = LoggerFactory.getLogger(InstanceOperations.class);

    private final AksBackupClient client;
    private final VaultCatalog catalog;
    private final RecoveryPointLifecycle lifecycle;
    private final VaultTiering tiering;
    private final Clock clock;
    private final PolicyValidator.Options policyValidation;
    private final ClusterIdentity served;

    /** {@code served}: the cluster whose instances a protection engine serves, or {@code null} for every instance. */
    InstanceOperations(AksBackupClient client, VaultCatalog catalog, RecoveryPointLifecycle lifecycle, VaultTiering tiering,
            Clock clock, PolicyValidator.Options policyValidation, ClusterIdentity served) {
        this.client = client;
        this.catalog = catalog;
        this.lifecycle = lifecycle;
        this.tiering = tiering;
        this.clock = clock;
        this.policyValidation = policyValidation;
        this.served = served;
    }

    /** See {@link AksBackupClient#configureProtection(BackupInstance, BackupPolicy, ClusterIdentity)}. */
    BackupInstance configure(BackupInstance instance, BackupPolicy policy, ClusterIdentity cluster) {
        if (cluster == null) {
            throw new InvalidInputException("cluster", "is required: the identity of the cluster the instance protects");
        }
        Policies.requireValid(policy, policyValidation);
        requireNoStoreLocation(instance.snapshotLocation());
        String name = instance.name();
        Optional<BackupInstance> existing = catalog.instance(name);
        boolean fresh = existing.isEmpty() || existing.get().protectionState() == ProtectionState.ProtectionDeleted;
        if (!fresh) {
            catalog.clusterIdentity(name).filter(id -> !id.sameCluster(cluster)).ifPresent(id -> {
                throw new InvalidInputException("name", "instance '" + name + "' protects another cluster (" + id.server()
                        + ", kube-system uid " + id.uid() + "); choose another name, or stop it with its data deleted first");
            });
        }
        for (BackupInstance other : catalog.instances()) {
            if (other.name().equals(name) || other.protectionState() == ProtectionState.ProtectionDeleted
                    || !other.policyName().equals(policy.name())) {
                continue;
            }
            if (catalog.clusterIdentity(other.name()).map(cluster::sameCluster).orElse(false)) {
                throw new InvalidInputException("policyName", "instance '" + other.name() + "' protects this cluster under policy '"
                        + policy.name() + "' already; two instances of one cluster in one vault need different policies");
            }
        }
        BackupInstance saved = client.configureProtection(instance, policy);
        catalog.saveClusterIdentity(name, cluster);
        if (fresh) {
            // A name used before starts afresh: slots before now are not owed, the history is not its.
            restartSchedule(name, policy, false);
        }
        return saved;
    }

    /** See {@link AksBackupClient#resumeProtection(String)}. */
    BackupInstance resume(String name) {
        BackupInstance instance = get(name);
        switch (instance.protectionState()) {
            case ProtectionConfigured:
                return instance;
            case ProtectionDeleted:
                throw new ConflictException("instance '" + name + "' was stopped with its data deleted; configure it again");
            default:
                break;
        }
        BackupPolicy policy = policy(instance);
        BackupInstance resumed = instance.withProtectionState(ProtectionState.ProtectionConfigured);
        // Slots that passed while protection was stopped are not owed: the next backup is the next slot.
        restartSchedule(name, policy, true);
        catalog.saveInstance(resumed);
        return resumed;
    }

    /** See {@link AksBackupClient#stopProtection(String, boolean)}. */
    Job stop(String name, boolean deleteData) {
        BackupInstance instance = get(name);
        JobRecorder job = new JobRecorder(Operation.StopProtection, name, null, clock, null);
        catalog.jobStarted(job.snapshot());
        catalog.saveInstance(instance.withProtectionState(deleteData ? ProtectionState.ProtectionDeleted : ProtectionState.ProtectionStopped));
        if (deleteData) {
            job.phase("deleting recovery points");
            for (RecoveryPoint rp : lifecycle.recoveryPoints(name)) {
                try {
                    for (DataStoreDetail d : rp.stores()) {
                        if (d.state() != DataStoreState.Deleted) {
                            job.volumes(tiering.deleteCopyData(rp, d.type()));
                        }
                    }
                    lifecycle.removeRecoveryPoint(name, rp.id());
                    job.succeeded(1);
                } catch (RuntimeException e) {
                    job.failed(1);
                    job.error(e, "recovery point " + rp.id());
                }
            }
            client.collectGarbage();
        }
        Job done = job.finish(job.outcome());
        catalog.jobEnded(done);
        return done;
    }

    /** See {@link AksBackupClient#instanceStatus(String)}. */
    InstanceStatus status(String name) {
        return status(get(name), jobsNewestFirst());
    }

    /** See {@link AksBackupClient#instanceStatuses()}. */
    List<InstanceStatus> statuses() {
        List<Job> jobs = jobsNewestFirst();
        List<InstanceStatus> out = new ArrayList<>();
        for (BackupInstance i : catalog.instances()) {
            out.add(status(i, jobs));
        }
        return out;
    }

    /**
     * The status of an instance. {@code jobs} (newest first) gives its last backup; pass an empty list
     * to leave the jobs unread (the service knows them from the jobs it ran).
     */
    InstanceStatus status(BackupInstance instance, List<Job> jobs) {
        String name = instance.name();
        Job lastBackup = null;
        Instant lastSuccess = null;
        for (Job j : jobs) {
            if (j.operation() != Operation.Backup || !name.equals(j.instanceName())) {
                continue;
            }
            if (lastBackup == null) {
                lastBackup = j;
            }
            if (j.status() == JobStatus.Completed || j.status() == JobStatus.CompletedWithWarnings) {
                lastSuccess = j.end();
                break;
            }
        }
        Map<DataStoreType, Integer> counts = new EnumMap<>(DataStoreType.class);
        for (DataStoreType t : DataStoreType.values()) {
            counts.put(t, 0);
        }
        for (RecoveryPoint rp : lifecycle.recoveryPoints(name)) {
            for (DataStoreDetail d : rp.stores()) {
                if (d.state() == DataStoreState.Available) {
                    counts.merge(d.type(), 1, Integer::sum);
                }
            }
        }
        return new InstanceStatus(instance, catalog.clusterIdentity(name).orElse(null), nextSlot(instance), lastBackup,
                lastSuccess, counts);
    }

    /** When the instance's next scheduled backup is due: the pending slot if one is overdue, else the next one. */
    Instant nextSlot(BackupInstance instance) {
        if (instance.protectionState() != ProtectionState.ProtectionConfigured) {
            return null;
        }
        try {
            Optional<SlotSchedule> schedule = PolicyRules.of(policy(instance)).schedule();
            if (schedule.isEmpty()) {
                return null;
            }
            Instant now = clock.instant();
            Optional<ScheduleMark> mark = catalog.load(instance.name());
            Optional<Instant> due = schedule.get().latestSlotAtOrBefore(now);
            if (mark.isPresent() && due.isPresent() && (mark.get().lastSlot() == null || due.get().isAfter(mark.get().lastSlot()))) {
                return due.get();
            }
            return schedule.get().nextSlotAfter(now);
        } catch (AksBackupException e) {
            LOG.warn("instance {}: no next slot: {}", instance.name(), e.getMessage());
            return null;
        }
    }

    /**
     * The instances a protection engine looks after, with their policies: every instance of the vault,
     * or, for a client serving one cluster, only those recorded as protecting it.
     */
    List<ProtectedInstance> protectedInstances() {
        List<ProtectedInstance> out = new ArrayList<>();
        for (BackupInstance i : catalog.instances()) {
            try {
                if (served != null && !catalog.clusterIdentity(i.name()).map(served::sameCluster).orElse(false)) {
                    continue;
                }
                catalog.policy(i.policyName()).ifPresentOrElse(p -> out.add(new ProtectedInstance(i.name(), p, i.protectionState())),
                        () -> LOG.warn("instance {} refers to policy {}, which the vault does not hold", i.name(), i.policyName()));
            } catch (AksBackupException e) {
                LOG.warn("instance {}: {}", i.name(), e.getMessage());
            }
        }
        return out;
    }

    private void restartSchedule(String name, BackupPolicy policy, boolean keepHistory) {
        Optional<SlotSchedule> schedule = PolicyRules.of(policy).schedule();
        if (schedule.isEmpty()) {
            return;
        }
        Instant passedOver = schedule.get().latestSlotAtOrBefore(clock.instant().minusNanos(1)).orElse(null);
        ScheduleMark old = keepHistory ? catalog.load(name).orElse(null) : null;
        catalog.save(name, old == null ? ScheduleMark.startingAfter(passedOver)
                : new ScheduleMark(passedOver, old.lastSuccess(), old.lastVaultCopy()));
    }

    private BackupInstance get(String name) {
        return catalog.instance(name).orElseThrow(() -> new NotFoundException("the vault has no backup instance named '" + name + "'"));
    }

    private BackupPolicy policy(BackupInstance instance) {
        return catalog.policy(instance.policyName()).orElseThrow(() -> new NotFoundException("instance '" + instance.name()
                + "' refers to policy '" + instance.policyName() + "', which the vault does not hold"));
    }

    private List<Job> jobsNewestFirst() {
        return catalog.jobs();
    }

    /**
     * The operational tier's cluster state goes to the vault the client was built with (its
     * {@code ObjectStore}); a storage account or container named in the instance would be recorded and
     * never used, so it is refused rather than silently ignored.
     */
    static void requireNoStoreLocation(SnapshotLocation location) {
        String[][] named = {{"storageAccountId", location.storageAccountId()}, {"containerName", location.containerName()}};
        for (String[] field : named) {
            if (field[1] != null && !field[1].isBlank()) {
                throw new InvalidInputException("snapshotLocation." + field[0], "is '" + field[1] + "', but cluster state"
                        + " is written to the vault this client was built with; leave it empty and build the client with"
                        + " that storage account and container as its vault");
            }
        }
    }
}
