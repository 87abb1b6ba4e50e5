package io.github.aksbackup.client;

import io.github.aksbackup.api.AksBackupException;
import io.github.aksbackup.api.ErrorCode;
import io.github.aksbackup.repository.GcResult;
import io.github.aksbackup.schedule.EngineEvent;
import io.github.aksbackup.schedule.RunReport;
import io.github.aksbackup.spi.LeaseManager;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the instances of a client protected on the wall clock until it is shut down: what
 * {@code aks-backup serve} runs. It starts a pass of the client's protection engine at each
 * instance's slot and at least every poll interval (so instances configured, stopped or resumed in
 * the vault by another process are picked up within one interval), collects garbage after passes
 * that deleted copies and every GC interval (under the lease {@value #GC_LEASE}, so replicas sharing
 * the vault do not collect at once), and tells a {@link Listener} what it did.
 *
 * <p>Which instances it protects is the client's choice
 * ({@link AksBackupClientBuilder#servedCluster}); how replicas share the work is the client's lease
 * manager's. {@link #shutdown(Duration)} takes no new work, waits for running work up to a grace
 * period, then makes running scheduled backups end at their next cluster call without a recovery
 * point (what they wrote is garbage for the next collection). Thread-safe.
 */
public final class ProtectionService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ProtectionService.class);
    /** The lease under which replicas collect garbage, one at a time. */
    public static final String GC_LEASE = "vault/garbage-collection";
    private static final Duration MIN_WAIT = Duration.ofMillis(200);
    private static final Duration ABANDON_WAIT = Duration.ofSeconds(10);

    private final AksBackupClient client;
    private final LeaseManager leases;
    private final Duration pollInterval;
    private final Duration gcInterval;
    private final Listener listener;
    private final Clock clock;
    private final ScheduledExecutorService scheduler;
    private final ExecutorService maintenance;
    private final Set<CompletableFuture<?>> running = ConcurrentHashMap.newKeySet();
    private volatile boolean stopping;
    private volatile boolean gcRequested;
    private volatile Instant nextGc;
    private volatile boolean started;

    /** What the service tells about its work; every method has a default that does nothing. */
    public interface Listener {
        /** A pass of the engine ended. */
        default void passFinished(RunReport report) {
        }

        /** The served instances as they are now, after each poll. */
        default void statusesRefreshed(List<InstanceStatus> statuses) {
        }

        /** A garbage collection ended. */
        default void garbageCollected(List<GcResult> results) {
        }
    }

    private ProtectionService(Builder b) {
        this.client = Objects.requireNonNull(b.client, "client");
        this.leases = b.leases;
        this.pollInterval = b.pollInterval;
        this.gcInterval = b.gcInterval;
        this.listener = b.listener;
        this.clock = client.clock();
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "aks-backup-service"));
        this.maintenance = Executors.newSingleThreadExecutor(r -> daemon(r, "aks-backup-maintenance"));
    }

    /** A builder for a service over {@code client}. */
    public static Builder builder(AksBackupClient client) {
        return new Builder(client);
    }

    /** Starts polling: the first pass now. Calling it twice does nothing. */
    public synchronized void start() {
        if (started || stopping) {
            return;
        }
        started = true;
        nextGc = clock.instant().plus(gcInterval);
        scheduler.execute(this::poll);
        LOG.info("protection service started: poll interval {}, garbage collection every {}", pollInterval, gcInterval);
    }

    private void poll() {
        if (stopping) {
            return;
        }
        Duration wait = pollInterval;
        try {
            CompletableFuture<RunReport> pass = client.engine().startPass();
            track(pass.thenAccept(this::passFinished));
            List<InstanceStatus> statuses = servedStatuses();
            listener.statusesRefreshed(statuses);
            wait = untilNextSlot(statuses);
            Instant now = clock.instant();
            if (gcRequested || !now.isBefore(nextGc)) {
                gcRequested = false;
                nextGc = now.plus(gcInterval);
                track(CompletableFuture.runAsync(this::collectGarbage, maintenance));
            }
        } catch (IllegalStateException e) {
            // The engine was closed under us: shutting down.
            return;
        } catch (RuntimeException e) {
            // The vault or the cluster may be away for a while; the next poll tries again.
            LOG.warn("protection pass could not start: {}", e.toString());
        }
        if (!stopping) {
            try {
                scheduler.schedule(this::poll, Math.max(MIN_WAIT.toMillis(), wait.toMillis()), TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // Shut down meanwhile.
            }
        }
    }

    private void passFinished(RunReport report) {
        for (EngineEvent e : report.events()) {
            if (e.kind() == EngineEvent.Kind.COPY_DELETED || e.kind() == EngineEvent.Kind.RECOVERY_POINT_REMOVED) {
                gcRequested = true;
            }
            if (e.kind() != EngineEvent.Kind.SKIPPED_BUSY) {
                LOG.info("instance {}: {}{}{}", e.instanceName(), e.kind(), e.recoveryPointId() == null ? "" : " " + e.recoveryPointId(),
                        e.detail().isEmpty() ? "" : " (" + e.detail() + ")");
            }
        }
        listener.passFinished(report);
    }

    /** The statuses of the instances the client serves, without reading jobs. */
    List<InstanceStatus> servedStatuses() {
        InstanceOperations ops = client.instances();
        return ops.protectedInstances().stream()
                .map(p -> ops.status(client.getInstance(p.name()), List.of()))
                .toList();
    }

    /** How long until the earliest next slot of a served instance, at most the poll interval. */
    private Duration untilNextSlot(List<InstanceStatus> statuses) {
        Instant now = clock.instant();
        Duration wait = pollInterval;
        for (InstanceStatus s : statuses) {
            if (s.nextSlot() != null && s.nextSlot().isAfter(now)) {
                Duration d = Duration.between(now, s.nextSlot()).plusMillis(50);
                if (d.compareTo(wait) < 0) {
                    wait = d;
                }
            }
        }
        return wait;
    }

    private void collectGarbage() {
        if (stopping) {
            return;
        }
        Optional<LeaseManager.Lease> lease;
        try {
            lease = leases.tryAcquire(GC_LEASE);
        } catch (RuntimeException e) {
            LOG.warn("cannot take the garbage collection lease: {}", e.toString());
            return;
        }
        if (lease.isEmpty()) {
            LOG.debug("another replica collects garbage");
            return;
        }
        try (LeaseManager.Lease held = lease.get()) {
            List<GcResult> results = client.collectGarbage();
            listener.garbageCollected(results);
        } catch (RuntimeException e) {
            LOG.warn("garbage collection failed: {}", e.toString());
        }
    }

    private void track(CompletableFuture<?> work) {
        running.add(work);
        work.whenComplete((r, e) -> {
            running.remove(work);
            if (e != null) {
                LOG.warn("protection work failed: {}", e.toString());
            }
        });
    }

    /** True while a pass or a collection runs. */
    public boolean busy() {
        return !running.isEmpty();
    }

    /**
     * Stops: no new pass or collection starts; running ones may finish within {@code grace}. After
     * that, running scheduled backups are told to end (they fail at their next cluster call and commit
     * nothing), and the service waits a few more seconds for them to record their jobs.
     *
     * @return true when everything finished within the grace period
     */
    public boolean shutdown(Duration grace) {
        Objects.requireNonNull(grace, "grace");
        stopping = true;
        scheduler.shutdownNow();
        maintenance.shutdown();
        boolean finished = awaitRunning(grace);
        if (!finished) {
            LOG.warn("work still running after the shutdown grace of {}; abandoning it (no recovery point; vault gc reclaims"
                    + " what it wrote)", grace);
            client.abandonScheduledBackups(new AksBackupException(ErrorCode.CANCELLED, "the protection service shut down and the"
                    + " backup did not finish within the shutdown grace of " + grace, "the next slot backs the instance up", null));
            awaitRunning(ABANDON_WAIT);
        }
        maintenance.shutdownNow();
        return finished;
    }

    private boolean awaitRunning(Duration limit) {
        Instant deadline = clock.instant().plus(limit);
        for (CompletableFuture<?> f : List.copyOf(running)) {
            Duration left = Duration.between(clock.instant(), deadline);
            try {
                f.get(Math.max(0, left.toMillis()), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            } catch (ExecutionException | java.util.concurrent.CancellationException e) {
                // Failed or cancelled work is over too.
            }
        }
        return running.isEmpty();
    }

    /** {@link #shutdown(Duration)} without grace. */
    @Override
    public void close() {
        shutdown(Duration.ZERO);
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** Builds a {@link ProtectionService}. */
    public static final class Builder {
        private final AksBackupClient client;
        private LeaseManager leases = LeaseManager.none();
        private Duration pollInterval = Duration.ofSeconds(30);
        private Duration gcInterval = Duration.ofHours(1);
        private Listener listener = new Listener() { };

        private Builder(AksBackupClient client) {
            this.client = Objects.requireNonNull(client, "client");
        }

        /** The leases replicas share (give the one the client was built with); default: a single replica. */
        public Builder leaseManager(LeaseManager m) {
            this.leases = Objects.requireNonNull(m, "leaseManager");
            return this;
        }

        /** How often the vault is looked at for new, stopped or resumed instances (default 30 s; 100 ms to 1 minute). */
        public Builder pollInterval(Duration d) {
            if (d == null || d.compareTo(Duration.ofMillis(100)) < 0 || d.compareTo(Duration.ofMinutes(1)) > 0) {
                throw new IllegalArgumentException("pollInterval must be between 100 ms and 1 minute, was " + d);
            }
            this.pollInterval = d;
            return this;
        }

        /** How often garbage is collected besides after passes that deleted copies (default 1 hour; at least 1 second). */
        public Builder gcInterval(Duration d) {
            if (d == null || d.compareTo(Duration.ofSeconds(1)) < 0) {
                throw new IllegalArgumentException("gcInterval must be at least 1 second, was " + d);
            }
            this.gcInterval = d;
            return this;
        }

        /** Who hears about passes, statuses and collections. */
        public Builder listener(Listener l) {
            this.listener = Objects.requireNonNull(l, "listener");
            return this;
        }

        /** The service, not started. */
        public ProtectionService build() {
            return new ProtectionService(this);
        }
    }
}
