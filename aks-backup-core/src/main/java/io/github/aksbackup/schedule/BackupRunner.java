package io.github.aksbackup.schedule;

import io.github.aksbackup.spi.LeaseManager;

/**
 * Takes one backup of one instance. The protection engine decides when and with which tag and copies;
 * the runner does the work (the backup engine over the cluster and the repository) and records the
 * recovery point so that {@link io.github.aksbackup.tiering.LifecycleStore#recoveryPoints} lists it
 * with {@link BackupRequest#stores()} as its copies.
 *
 * <p>Called from engine worker threads, never twice at once for the same instance; it may block for
 * as long as the backup takes. A backup that makes no recovery point returns {@link BackupOutcome.Failed}
 * (an exception is treated the same way). The engine handles a slot once: a failed slot is not retried,
 * the next slot is. If the engine stops between a successful run and recording its schedule mark, the
 * slot is run again after restart, so a runner may see the same slot twice.
 */
@FunctionalInterface
public interface BackupRunner {

    /** Runs the backup; returns the recovery point's id on success. */
    BackupOutcome run(BackupRequest request);

    /**
     * Runs the backup while the engine holds the instance's {@code lease}. A runner that writes to
     * a vault other engines share should stop writing once {@link LeaseManager.Lease#held()} turns
     * false (another engine may have taken the instance over); by default the lease is ignored.
     */
    default BackupOutcome run(BackupRequest request, LeaseManager.Lease lease) {
        return run(request);
    }

    /** A runner that looks at the lease ({@code null} when called without one). */
    static BackupRunner leaseAware(java.util.function.BiFunction<BackupRequest, LeaseManager.Lease, BackupOutcome> run) {
        return new BackupRunner() {
            @Override
            public BackupOutcome run(BackupRequest request) {
                return run.apply(request, null);
            }

            @Override
            public BackupOutcome run(BackupRequest request, LeaseManager.Lease lease) {
                return run.apply(request, lease);
            }
        };
    }
}
