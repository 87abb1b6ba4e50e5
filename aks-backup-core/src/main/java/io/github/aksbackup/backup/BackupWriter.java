package io.github.aksbackup.backup;

import io.github.aksbackup.api.AksBackupException;
import io.github.aksbackup.api.ErrorCode;
import io.github.aksbackup.api.job.ItemAction;
import io.github.aksbackup.api.job.ItemResult;
import io.github.aksbackup.api.job.Job;
import io.github.aksbackup.api.recovery.RecoveryPoint;
import io.github.aksbackup.api.recovery.RecoveryPointStatus;
import io.github.aksbackup.internal.Json;
import io.github.aksbackup.repository.Manifest;
import io.github.aksbackup.repository.RecoveryPointWriter;
import io.github.aksbackup.repository.Repository;
import io.github.aksbackup.spi.ResourceType;
import java.util.Map;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The writer step: the recovery point's type sections and objects (packs, through the repository's
 * {@link RecoveryPointWriter}), the job's byte progress, and at the end the manifest, which makes the
 * recovery point exist, with the job's outcome. Runs on the run's thread (the repository writes full
 * packs on a thread of its own).
 */
final class BackupWriter {
    /** The engine's logger: the line that sums up a backup is the engine's, wherever it is written. */
    private static final Logger LOG = LoggerFactory.getLogger(BackupEngine.class);

    private final Repository repository;
    private final BackupRun run;

    BackupWriter(Repository repository, BackupRun run) {
        this.repository = repository;
        this.run = run;
    }

    /** Starts the recovery point: from now on, a failure leaves garbage for collection to reclaim. */
    void start() {
        run.writer = repository.startRecoveryPoint(run.spec.instance().name(), run.spec.recoveryPointId());
    }

    /**
     * Takes one type into the recovery point: again from scratch when its listing restarted (at most
     * three times), and as one failed item when it cannot be listed.
     *
     * @param listOnce lists the type once, counting into the counts it is given; false when the listing
     *     restarted and the type must be taken again
     */
    void takeType(ResourceType t, Predicate<TypeCounts> listOnce) {
        run.job.phase("listing " + t.displayName());
        run.writer.beginType(t);
        TypeCounts counts = new TypeCounts(run.job);
        try {
            for (int attempt = 1; !listOnce.test(counts); attempt++) {
                if (attempt == 3) {
                    throw new AksBackupException(ErrorCode.LISTING_UNSTABLE, "listing " + t.displayName()
                            + " restarted three times; the cluster changes too fast to take a consistent copy",
                            "Retry the backup later.", null);
                }
                restartType(counts);
                run.listingRestarted();
            }
        } catch (ListingFailure f) {
            RuntimeException e = f.cause;
            restartType(counts);
            run.job.failed(1);
            run.job.error(e, t.displayName());
            run.job.item(new ItemResult(t.displayName(), null, "*", ItemAction.Failed, "cannot list: " + e.getMessage()));
        }
        endType();
    }

    /** Starts a type section; every object added until {@link #endType} belongs to it. */
    void beginType(ResourceType t) {
        run.writer.beginType(t);
    }

    /** Forgets the objects of the open type and what they counted, for a listing that starts over. */
    void restartType(TypeCounts counts) {
        run.writer.restartType();
        counts.undo();
    }

    /** Ends the open type section and reports the bytes so far. */
    void endType() {
        run.writer.endType();
        reportBytes();
    }

    /** Adds a prepared object to the open type; true when its bytes were new to the vault. */
    boolean add(String namespace, String name, RecoveryPointWriter.Prepared object) {
        return run.writer.add(namespace, name, object).stored();
    }

    /** Adds a cluster-scoped object, sanitized, to the open type. */
    void add(String name, Map<String, Object> sanitized) {
        run.writer.add(null, name, sanitized);
    }

    /** Reports the bytes written and taken since the last report to the job, with its progress. */
    void reportBytes() {
        long written = run.writer.bytesWritten() + run.writer.bytesPending();
        long total = run.writer.totalBytes();
        run.job.bytes(written - run.reportedNew, total - run.reportedTotal);
        run.reportedNew = written;
        run.reportedTotal = total;
        run.job.progress();
    }

    /** Writes the manifest (the recovery point now exists) and finishes the job. */
    BackupResult commit() {
        run.job.phase("writing the manifest");
        BackupSpec spec = run.spec;
        RecoveryPointStatus status = run.job.failedCount() > 0 ? RecoveryPointStatus.Partial : RecoveryPointStatus.Completed;
        RecoveryPoint rp = new RecoveryPoint(spec.recoveryPointId(), spec.instance().name(), spec.time(), spec.type(), spec.tag(),
                status, spec.stores(), 0, 0, run.snapshots);
        Manifest manifest = run.writer.commit(rp, run.job.id(), spec.instance().clusterRef(), spec.instance().policyName(),
                Json.toTree(run.config));
        reportBytes();
        Job done = run.job.finish(run.job.outcome());
        LOG.info("backup {} of {}: {} objects, {} new bytes, status {}", spec.recoveryPointId(), spec.instance().name(),
                manifest.recoveryPoint().objectCount(), done.counts().bytesNew(), done.status());
        return new BackupResult(done, manifest);
    }

    /** Ends a recovery point that is not committed: what it wrote is garbage. */
    void abandon() {
        if (run.writer != null) {
            run.writer.close();
        }
    }
}
