package io.github.aksbackup.cli.serve;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.aksbackup.api.job.Job;
import io.github.aksbackup.api.job.JobCounts;
import io.github.aksbackup.api.job.JobStatus;
import io.github.aksbackup.api.job.Operation;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Job counters, durations and lease gauges as the Prometheus text shows them. */
class ServeMetricsTest {
    static Job job(Operation op, JobStatus status, String instance) {
        Instant start = Instant.parse("2026-05-04T10:00:00Z");
        return new Job("job-" + op + status, op, instance, null, status, start, start.plusSeconds(3), "done", JobCounts.ZERO,
                List.of(), List.of(), List.of(), List.of());
    }

    @Test
    void countsJobsByOperationAndStatusAndShowsLeasesHeld() {
        ServeMetrics m = new ServeMetrics("replica-1");
        m.jobEnded(job(Operation.Backup, JobStatus.Completed, "shop"));
        m.jobEnded(job(Operation.Backup, JobStatus.Completed, "shop"));
        m.jobEnded(job(Operation.Backup, JobStatus.Failed, "shop"));
        m.leasesHeld(() -> Set.of("instance/shop"), "instance/shop");
        m.leasesHeld(() -> Set.of("instance/shop"), "vault/garbage-collection");
        String text = m.scrape();
        assertTrue(text.contains("aksbackup_jobs_total{operation=\"Backup\",replica=\"replica-1\",status=\"Completed\"} 2.0"), text);
        assertTrue(text.contains("aksbackup_jobs_total{operation=\"Backup\",replica=\"replica-1\",status=\"Failed\"} 1.0"), text);
        assertTrue(text.contains("aksbackup_job_duration_seconds_sum{operation=\"Backup\",replica=\"replica-1\"} 9.0"), text);
        assertTrue(text.contains("aksbackup_last_successful_backup_time_seconds{instance=\"shop\",replica=\"replica-1\"} 1.777888803E9"),
                text);
        assertTrue(text.contains("aksbackup_lease_held{lease=\"instance/shop\",replica=\"replica-1\"} 1.0"), text);
        assertTrue(text.contains("aksbackup_lease_held{lease=\"vault/garbage-collection\",replica=\"replica-1\"} 0.0"), text);
    }
}
