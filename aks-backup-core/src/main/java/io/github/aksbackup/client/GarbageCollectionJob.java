package io.github.aksbackup.client;

import io.github.aksbackup.api.job.Job;
import io.github.aksbackup.api.job.JobStatus;
import io.github.aksbackup.api.job.Operation;
import io.github.aksbackup.catalog.VaultCatalog;
import io.github.aksbackup.job.JobRecorder;
import io.github.aksbackup.repository.GcResult;
import io.github.aksbackup.repository.Repository;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/** A garbage collection of both tiers, recorded as one job (see {@link AksBackupClient#collectGarbage()}). */
final class GarbageCollectionJob {
    private GarbageCollectionJob() {
    }

    static List<GcResult> run(List<Repository> tiers, VaultCatalog catalog, Clock clock) {
        JobRecorder job = new JobRecorder(Operation.GarbageCollection, null, null, clock, null);
        List<GcResult> results = new ArrayList<>();
        try {
            for (Repository r : tiers) {
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
}
