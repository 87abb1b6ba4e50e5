package io.github.aksbackup.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.aksbackup.api.job.ItemAction;
import io.github.aksbackup.api.job.ItemResult;
import io.github.aksbackup.api.job.JobStatus;
import io.github.aksbackup.api.job.Operation;
import io.github.aksbackup.job.JobRecorder;
import io.github.aksbackup.testkit.ManualClock;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Exit codes of finished jobs: a restore that could not restore some objects exits 1, as the command's help says. */
class JobTextTest {
    private final ManualClock clock = new ManualClock(Instant.parse("2026-05-04T09:00:00Z"));

    @Test
    void aJobWithFailedItemsPartlyFailedAndExitsOne() {
        JobRecorder job = new JobRecorder(Operation.Restore, "prod", "rp-1", clock, null);
        job.seen(2);
        job.succeeded(1);
        job.failed(1);
        job.item(new ItemResult("v1/Pod", "shop", "web-0", ItemAction.Failed, "damaged in the vault, not restored"));
        assertEquals(JobStatus.CompletedWithWarnings, job.outcome());
        assertEquals(AksBackupCli.FAILED, JobText.exitCode(job.finish(job.outcome())));
    }

    @Test
    void warningsAloneStillExitZero() {
        JobRecorder job = new JobRecorder(Operation.Restore, "prod", "rp-1", clock, null);
        job.seen(1);
        job.succeeded(1);
        job.warning("a Secret was backed up without its data");
        assertEquals(AksBackupCli.OK, JobText.exitCode(job.finish(job.outcome())));
    }
}
