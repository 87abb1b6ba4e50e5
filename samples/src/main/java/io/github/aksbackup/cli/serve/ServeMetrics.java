package io.github.aksbackup.cli.serve;

import io.github.aksbackup.api.DataStoreType;
import io.github.aksbackup.api.job.Job;
import io.github.aksbackup.api.job.JobStatus;
import io.github.aksbackup.api.job.Operation;
import io.github.aksbackup.client.InstanceStatus;
import io.github.aksbackup.client.ProtectionService;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The metrics {@code serve} exposes on {@code /metrics} (Prometheus text format, Micrometer's
 * Prometheus registry). Counters count the jobs this replica ran, so across replicas their sums
 * match the jobs recorded in the vault; gauges show the served instances as the vault holds them.
 * Labels are instance names, operations, statuses, tiers and lease names: never a secret.
 *
 * <pre>
 * aksbackup_jobs_total{operation,status}                       jobs ended, by operation and status
 * aksbackup_job_duration_seconds{operation}                    their durations (count, sum, max)
 * aksbackup_backup_objects_total{instance}                     objects backed up
 * aksbackup_backup_written_bytes_total{instance}               bytes backups wrote to the vault (new data)
 * aksbackup_last_successful_backup_time_seconds{instance}      end of the newest backup that made a recovery point (Unix time)
 * aksbackup_recovery_points{instance,tier}                     recovery points with an available copy
 * aksbackup_instance_configured{instance}                      1 while protection is configured, 0 when stopped
 * aksbackup_lease_held{lease}                                  1 while this replica holds the lease
 * </pre>
 */
public final class ServeMetrics implements ProtectionService.Listener {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Map<String, AtomicLong> lastSuccess = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> recoveryPoints = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> configured = new ConcurrentHashMap<>();
    private final Map<String, Boolean> leaseGauges = new ConcurrentHashMap<>();

    /** A registry; {@code replica} becomes a common label so that replicas' series stay apart when scraped together. */
    public ServeMetrics(String replica) {
        registry.config().commonTags("replica", replica);
    }

    /** Counts a job that ended. */
    public void jobEnded(Job job) {
        String op = job.operation().name();
        Counter.builder("aksbackup.jobs").description("Jobs this replica ran, by operation and status")
                .tag("operation", op).tag("status", job.status().name()).register(registry).increment();
        if (job.end() != null) {
            Timer.builder("aksbackup.job.duration").description("How long jobs took").tag("operation", op).register(registry)
                    .record(Duration.between(job.start(), job.end()));
        }
        if (job.operation() == Operation.Backup && job.instanceName() != null) {
            String instance = job.instanceName();
            Counter.builder("aksbackup.backup.objects").description("Objects backed up").tag("instance", instance)
                    .register(registry).increment(job.counts().succeeded());
            Counter.builder("aksbackup.backup.written").baseUnit("bytes").description("New bytes backups wrote to the vault")
                    .tag("instance", instance).register(registry).increment(job.counts().bytesNew());
            boolean madePoint = job.status() == JobStatus.Completed || job.status() == JobStatus.CompletedWithWarnings;
            if (madePoint && job.end() != null) {
                lastSuccess(instance, job.end());
            }
        }
    }

    /** The served instances: recovery points per tier, protection state, and last success when the vault's jobs tell it. */
    @Override
    public void statusesRefreshed(List<InstanceStatus> statuses) {
        for (InstanceStatus s : statuses) {
            for (DataStoreType tier : DataStoreType.values()) {
                gauge(recoveryPoints, s.name() + "/" + tier, () -> Gauge.builder("aksbackup.recovery.points",
                        recoveryPoints, m -> m.get(s.name() + "/" + tier).get())
                        .description("Recovery points with an available copy").tag("instance", s.name()).tag("tier", tier.name()))
                        .set(s.recoveryPoints(tier));
            }
            gauge(configured, s.name(), () -> Gauge.builder("aksbackup.instance.configured", configured,
                    m -> m.get(s.name()).get()).description("1 while protection is configured").tag("instance", s.name()))
                    .set(s.instance().protectionState() == io.github.aksbackup.api.instance.ProtectionState.ProtectionConfigured ? 1 : 0);
            if (s.lastSuccessfulBackup() != null) {
                lastSuccess(s.name(), s.lastSuccessfulBackup());
            }
        }
    }

    /** Which leases this replica holds now (the gauge of a lease it no longer holds reads 0). */
    public void leasesHeld(Supplier<Set<String>> held, String lease) {
        if (leaseGauges.putIfAbsent(lease, Boolean.TRUE) == null) {
            Gauge.builder("aksbackup.lease.held", held, h -> h.get().contains(lease) ? 1 : 0)
                    .description("1 while this replica holds the lease").tag("lease", lease).strongReference(true).register(registry);
        }
    }

    private void lastSuccess(String instance, Instant end) {
        gauge(lastSuccess, instance, () -> Gauge.builder("aksbackup.last.successful.backup.time", lastSuccess,
                m -> m.get(instance).get()).baseUnit("seconds").description("When the newest backup that made a recovery point ended")
                .tag("instance", instance))
                .accumulateAndGet(end.getEpochSecond(), Math::max);
    }

    private AtomicLong gauge(Map<String, AtomicLong> values, String key, Supplier<Gauge.Builder<?>> builder) {
        AtomicLong[] created = new AtomicLong[1];
        AtomicLong value = values.computeIfAbsent(key, k -> created[0] = new AtomicLong());
        if (created[0] != null) {
            builder.get().register(registry);
        }
        return value;
    }

    /** The metrics in the Prometheus text format (version 0.0.4). */
    public String scrape() {
        return registry.scrape();
    }
}
