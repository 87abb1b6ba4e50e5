package io.github.aksbackup.client;

import io.github.aksbackup.api.DataStoreType;
import io.github.aksbackup.api.instance.BackupInstance;
import io.github.aksbackup.api.instance.ClusterIdentity;
import io.github.aksbackup.api.job.Job;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * What a backup instance is doing, as {@code instance list} and {@code instance show} print it and
 * the protection service exports it as metrics.
 *
 * @param instance the instance with its state and policy name
 * @param cluster the cluster it protects, or {@code null} for an instance configured without one
 *        (by an on-demand backup): a protection service serves only instances with a cluster
 * @param nextSlot when its next scheduled backup is due (a time in the past when one is overdue), or
 *        {@code null} when none will run (protection stopped, or a policy without a schedule)
 * @param lastBackup its newest backup job (scheduled or on demand), or {@code null}
 * @param lastSuccessfulBackup when its newest backup that made a recovery point ended, or {@code null}
 * @param recoveryPoints recovery points with an available copy, per tier
 */
public record InstanceStatus(BackupInstance instance, ClusterIdentity cluster, Instant nextSlot, Job lastBackup,
        Instant lastSuccessfulBackup, Map<DataStoreType, Integer> recoveryPoints) {
    public InstanceStatus {
        Objects.requireNonNull(instance, "instance");
        recoveryPoints = Map.copyOf(Objects.requireNonNull(recoveryPoints, "recoveryPoints"));
    }

    /** The instance's name. */
    public String name() {
        return instance.name();
    }

    /** Recovery points with an available copy in {@code tier}. */
    public int recoveryPoints(DataStoreType tier) {
        return recoveryPoints.getOrDefault(tier, 0);
    }
}
