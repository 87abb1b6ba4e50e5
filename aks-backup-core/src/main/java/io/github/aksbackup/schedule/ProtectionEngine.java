package io.github.aksbackup.schedule;

import io.github.aksbackup.api.ConflictException;
import io.github.aksbackup.api.NotFoundException;
import io.github.aksbackup.api.instance.ProtectionState;
import io.github.aksbackup.api.policy.BackupPolicy;
import io.github.aksbackup.api.recovery.RecoveryPointType;
import io.github.aksbackup.internal.DaemonThreads;
import io.github.aksbackup.spi.LeaseManager;
import io.github.aksbackup.tiering.LifecycleStore;
import io.github.aksbackup.tiering.TieringActions;
import io.github.aksbackup.tiering.TieringPass;
import io.github.aksbackup.tiering.TieringStep;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Does everything that is due for every protected instance at the injected clock's current time:
 * scheduled backups, vault copies and expiry of copies and recovery points. It does not know how a
 * backup is made or where data lives: it calls a {@link BackupRunner}, {@link TieringActions}, a
 * {@link LifecycleStore} and a {@link ScheduleMarkStore}, and keeps no state of its own, so a new engine
 * over the same stores continues where an old one stopped.
 *
 * <p><b>Per instance and pass</b> (at "now" = the clock's instant when the pass began):
 * <ol>
 *   <li>Scheduled backup (only in {@code ProtectionConfigured}): the slots after the instance's
 *       {@link ScheduleMark#lastSlot()} and at or before now are due. None due: nothing. One or more: one
 *       backup for the <em>latest</em> of them — missed slots after downtime collapse into one backup,
 *       then the grid continues. Its tag and copies come from {@link PolicyRules#planScheduled}. A failed
 *       backup is not retried; the next slot is. The first time the engine sees an instance, slots before
 *       now are passed over (a slot exactly at now is due).</li>
 *   <li>Tiering (every state but {@code ProtectionDeleted}): {@link TieringPass} — due vault copies, then
 *       expired copies, then recovery points with no copy left.</li>
 * </ol>
 * An instance's work runs under its {@link LeaseManager lease}; the backup runner is given the lease, and an
 * engine that finds it lost after a backup records neither the schedule mark nor tiering for the
 * instance (the engine that took it over does).
 * One instance never runs two backups at once (a pass skips an instance still busy from another pass
 * or an on-demand backup, reporting {@link EngineEvent.Kind#SKIPPED_BUSY}); instances are independent:
 * each is processed on a worker thread, and an instance whose backup hangs or fails, or whose policy is
 * invalid, does not hold up or stop the others.
 *
 * <p><b>Driving it.</b> With a manual clock, move the clock and call {@link #runDue()}, which returns
 * when the pass is complete. In production, {@link #start()} runs a pass every {@link Builder#tick tick}
 * on a scheduler thread (without waiting for slow instances, which later passes skip while busy), and
 * {@link #close()} stops it, waiting up to the shutdown timeout for running work. Thread-safe.
 */
public final class ProtectionEngine implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ProtectionEngine.class);
    /** Counting missed slots is for the report only; stop counting at this many. */
    private static final long MISSED_COUNT_LIMIT = 1_000_000;
    private static final int RULES_CACHE_LIMIT = 1_000;

    private final Clock clock;
    private final ProtectionSource source;
    private final BackupRunner runner;
    private final LifecycleStore lifecycle;
    private final ScheduleMarkStore marks;
    private final TieringActions actions;
    private final LeaseManager leases;
    private final Duration tick;
    private final Duration shutdownTimeout;
    private final ExecutorService workers;
    /** Waits for the instances of passes started with {@link #startPass()}. */
    private final ExecutorService collectors = Executors.newCachedThreadPool(DaemonThreads.named("aks-backup-pass-"));
    private final Map<String, Semaphore> busy = new ConcurrentHashMap<>();
    private final Map<BackupPolicy, PolicyRules> rulesCache = new ConcurrentHashMap<>();
    private final Object lifecycleLock = new Object();
    private ScheduledExecutorService ticker;
    private volatile boolean closed;

    private ProtectionEngine(Builder b) {
        this.clock = Objects.requireNonNull(b.clock, "clock");
        this.source = Objects.requireNonNull(b.source, "protectionSource");
        this.runner = Objects.requireNonNull(b.runner, "backupRunner");
        this.lifecycle = Objects.requireNonNull(b.lifecycle, "lifecycleStore");
        this.marks = Objects.requireNonNull(b.marks, "scheduleMarkStore");
        this.actions = Objects.requireNonNull(b.actions, "tieringActions");
        this.leases = Objects.requireNonNull(b.leases, "leaseManager");
        this.tick = b.tick;
        this.shutdownTimeout = b.shutdownTimeout;
        this.workers = Executors.newFixedThreadPool(b.parallelism, DaemonThreads.named("aks-backup-engine-"));
    }

    /** A builder; clock, source, runner, stores and tiering actions are required. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Runs one pass at the clock's current time and waits until every instance of it is done.
     *
     * @return what the pass did
     * @throws IllegalStateException after {@link #close()}
     */
    public RunReport runDue() {
        ensureOpen();
        Instant now = clock.instant();
        return collect(now, dispatch(now));
    }

    /**
     * Starts one pass at the clock's current time on the worker threads and returns at once; the
     * future completes with the pass's report. Instances still busy from an earlier pass are skipped
     * ({@link EngineEvent.Kind#SKIPPED_BUSY}), so a long backup of one instance does not hold up the
     * others. For a service that decides itself when passes run.
     *
     * @throws IllegalStateException after {@link #close()}
     */
    public java.util.concurrent.CompletableFuture<RunReport> startPass() {
        ensureOpen();
        Instant now = clock.instant();
        List<Future<List<EngineEvent>>> futures = dispatch(now);
        return java.util.concurrent.CompletableFuture.supplyAsync(() -> collect(now, futures), collectors);
    }

    private static RunReport collect(Instant now, List<Future<List<EngineEvent>>> futures) {
        List<EngineEvent> events = new ArrayList<>();
        for (Future<List<EngineEvent>> f : futures) {
            try {
                events.addAll(f.get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (java.util.concurrent.CancellationException e) {
                // The engine was closed before this instance's turn came.
            } catch (ExecutionException e) {
                // processInstance catches everything; this is a bug guard, not a path.
                LOG.error("engine pass failed unexpectedly", e.getCause());
            }
        }
        return new RunReport(now, events);
    }

    private List<Future<List<EngineEvent>>> dispatch(Instant now) {
        List<Future<List<EngineEvent>>> futures = new ArrayList<>();
        for (ProtectedInstance instance : source.protectedInstances()) {
            futures.add(workers.submit(() -> processInstance(instance, now)));
        }
        return futures;
    }

    /**
     * Takes an on-demand backup of an instance now: the default tag unless {@code tagOverride} names a
     * retention rule, a vault copy whenever the tag's rule has one (exempt from one-per-day), not counted
     * as "first" of any period. Makes an immediate vault copy before returning.
     *
     * @throws NotFoundException when the source lists no such instance
     * @throws ConflictException when the instance is not in {@code ProtectionConfigured} or a backup of it
     *         is running
     * @throws io.github.aksbackup.api.InvalidInputException when {@code tagOverride} names no retention rule
     * @throws io.github.aksbackup.api.InvalidInputException when the instance's policy is invalid
     */
    public BackupOutcome backupNow(String instanceName, String tagOverride) {
        ensureOpen();
        ProtectedInstance instance = source.protectedInstances().stream().filter(i -> i.name().equals(instanceName))
                .findFirst().orElseThrow(() -> new NotFoundException("no protected instance is named '" + instanceName + "'"));
        if (instance.state() != ProtectionState.ProtectionConfigured) {
            throw new ConflictException("instance '" + instanceName + "' is in state " + instance.state()
                    + "; on-demand backups need ProtectionConfigured");
        }
        Semaphore permit = busy.computeIfAbsent(instanceName, k -> new Semaphore(1));
        if (!permit.tryAcquire()) {
            throw new ConflictException("a backup of instance '" + instanceName + "' is running; retry when it has finished");
        }
        Optional<LeaseManager.Lease> lease;
        try {
            lease = leases.tryAcquire(leaseName(instanceName));
        } catch (RuntimeException e) {
            permit.release();
            throw e;
        }
        if (lease.isEmpty()) {
            permit.release();
            throw new ConflictException("another engine sharing the vault is working on instance '" + instanceName
                    + "'; retry when it has finished");
        }
        try (LeaseManager.Lease held = lease.get()) {
            Instant now = clock.instant();
            BackupPlan plan = rules(instance.policy()).planOnDemand(now, tagOverride);
            BackupOutcome outcome = runSafely(new BackupRequest(instanceName, now, RecoveryPointType.OnDemand,
                    plan.tag(), plan.initialStores()), held);
            if (outcome.succeeded() && held.held()) {
                TieringPass.run(instanceName, clock.instant(), lifecycle, actions);
            }
            return outcome;
        } finally {
            permit.release();
        }
    }

    /**
     * Starts the real-time scheduler: a pass now and then every tick. Calling it twice does nothing.
     *
     * @throws IllegalStateException after {@link #close()}
     */
    public void start() {
        synchronized (lifecycleLock) {
            ensureOpen();
            if (ticker != null) {
                return;
            }
            ticker = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("aks-backup-scheduler-"));
            ticker.scheduleWithFixedDelay(this::tickOnce, 0, tick.toMillis(), TimeUnit.MILLISECONDS);
            LOG.info("protection engine started, tick {}", tick);
        }
    }

    private void tickOnce() {
        try {
            if (!closed) {
                dispatch(clock.instant());
            }
        } catch (RuntimeException e) {
            // A failing source must not kill the scheduler thread; the next tick tries again.
            LOG.warn("engine pass could not start: {}", e.toString());
        }
    }

    /**
     * Stops the scheduler, lets running backups and tiering finish (up to the shutdown timeout, then
     * interrupts them) and releases the threads. Idempotent.
     */
    @Override
    public void close() {
        synchronized (lifecycleLock) {
            if (closed) {
                return;
            }
            closed = true;
            if (ticker != null) {
                ticker.shutdownNow();
            }
        }
        workers.shutdown();
        collectors.shutdown();
        try {
            if (!workers.awaitTermination(shutdownTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("engine work still running after {}; interrupting it", shutdownTimeout);
                workers.shutdownNow();
            }
            if (ticker != null) {
                ticker.awaitTermination(shutdownTimeout.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            workers.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    /** True once {@link #close()} has been called. */
    public boolean isClosed() {
        return closed;
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("the protection engine is closed");
        }
    }

    private List<EngineEvent> processInstance(ProtectedInstance instance, Instant now) {
        String name = instance.name();
        List<EngineEvent> events = new ArrayList<>();
        Semaphore permit = busy.computeIfAbsent(name, k -> new Semaphore(1));
        if (!permit.tryAcquire()) {
            events.add(EngineEvent.of(now, name, EngineEvent.Kind.SKIPPED_BUSY, null, null, null));
            return events;
        }
        Optional<LeaseManager.Lease> lease;
        try {
            lease = leases.tryAcquire(leaseName(name));
        } catch (RuntimeException e) {
            permit.release();
            LOG.warn("instance {}: cannot take its lease: {}", name, e.toString());
            events.add(EngineEvent.of(now, name, EngineEvent.Kind.ERROR, null, null, "lease: " + e.getMessage()));
            return events;
        }
        if (lease.isEmpty()) {
            permit.release();
            events.add(EngineEvent.of(now, name, EngineEvent.Kind.SKIPPED_BUSY, null, null, "leased by another engine"));
            return events;
        }
        try (LeaseManager.Lease held = lease.get()) {
            if (instance.state() == ProtectionState.ProtectionDeleted) {
                return events;
            }
            if (instance.state() == ProtectionState.ProtectionConfigured) {
                try {
                    PolicyRules rules = rules(instance.policy());
                    rules.schedule().ifPresent(s -> scheduledBackup(name, rules, s, now, held, events));
                } catch (RuntimeException e) {
                    LOG.warn("instance {}: scheduled backup not run: {}", name, e.getMessage());
                    events.add(EngineEvent.of(now, name, EngineEvent.Kind.ERROR, null, null, e.getMessage()));
                }
            }
            if (!held.held()) {
                // Another engine may be working on the instance now: leave its copies alone too.
                return events;
            }
            for (TieringStep step : TieringPass.run(name, now, lifecycle, actions)) {
                events.add(EngineEvent.ofTiering(now, name, step));
            }
        } catch (RuntimeException e) {
            LOG.warn("instance {}: pass failed: {}", name, e.toString());
            events.add(EngineEvent.of(now, name, EngineEvent.Kind.ERROR, null, null, String.valueOf(e.getMessage())));
        } finally {
            permit.release();
        }
        return events;
    }

    /** The lease that serializes one instance's work across engines sharing a vault. */
    static String leaseName(String instanceName) {
        return "instance/" + instanceName;
    }

    private void scheduledBackup(String name, PolicyRules rules, SlotSchedule schedule, Instant now, LeaseManager.Lease lease,
            List<EngineEvent> events) {
        Optional<ScheduleMark> stored = marks.load(name);
        ScheduleMark mark = stored.orElseGet(() -> ScheduleMark.startingAfter(
                schedule.latestSlotAtOrBefore(now.minusNanos(1)).orElse(null)));
        if (stored.isEmpty()) {
            marks.save(name, mark);
        }
        Optional<Instant> latestDue = schedule.latestSlotAtOrBefore(now);
        if (latestDue.isEmpty() || (mark.lastSlot() != null && !latestDue.get().isAfter(mark.lastSlot()))) {
            return;
        }
        Instant slot = latestDue.get();
        long due = schedule.countSlots(mark.lastSlot(), slot, MISSED_COUNT_LIMIT);
        if (due > 1) {
            LOG.info("instance {}: {} missed slots collapse into one backup for {}", name, due, slot);
            events.add(EngineEvent.of(now, name, EngineEvent.Kind.MISSED_SLOTS_COLLAPSED, slot, null, Long.toString(due)));
        }
        BackupPlan plan = rules.planScheduled(slot, mark.lastSuccess(), mark.lastVaultCopy());
        BackupOutcome outcome = runSafely(new BackupRequest(name, slot, RecoveryPointType.Scheduled, plan.tag(),
                plan.initialStores()), lease);
        if (!lease.held()) {
            // Another engine may have taken the instance over and moved its mark on: writing this one
            // could move it back. The slot's recovery point, if this backup committed it, is found by
            // its id when the next holder runs the slot.
            LOG.warn("instance {}: lost its lease during the backup of {}; leaving the schedule to the engine that holds it",
                    name, slot);
            events.add(EngineEvent.of(now, name, EngineEvent.Kind.ERROR, slot, null, "lost the lease during the backup"));
            return;
        }
        marks.save(name, PolicyRules.advance(mark, plan, outcome.succeeded()));
        if (outcome instanceof BackupOutcome.Succeeded ok) {
            events.add(EngineEvent.of(now, name, EngineEvent.Kind.BACKUP_SUCCEEDED, slot, ok.recoveryPointId(), plan.tag()));
        } else {
            String reason = ((BackupOutcome.Failed) outcome).reason();
            LOG.warn("instance {}: scheduled backup for {} failed: {}", name, slot, reason);
            events.add(EngineEvent.of(now, name, EngineEvent.Kind.BACKUP_FAILED, slot, null, reason));
        }
    }

    private BackupOutcome runSafely(BackupRequest request, LeaseManager.Lease lease) {
        try {
            return Objects.requireNonNull(runner.run(request, lease), "BackupRunner returned null");
        } catch (RuntimeException e) {
            // The SDK's own errors speak for themselves; anything else is named by its type.
            return new BackupOutcome.Failed(e instanceof io.github.aksbackup.api.AksBackupException ? e.getMessage()
                    : e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private PolicyRules rules(BackupPolicy policy) {
        PolicyRules cached = rulesCache.get(policy);
        if (cached != null) {
            return cached;
        }
        PolicyRules rules = PolicyRules.of(policy);
        if (rulesCache.size() >= RULES_CACHE_LIMIT) {
            // Policies are few; many distinct ones means they keep changing, so old entries are stale.
            rulesCache.clear();
        }
        rulesCache.put(policy, rules);
        return rules;
    }

    /** Builds a {@link ProtectionEngine}. */
    public static final class Builder {
        private Clock clock;
        private ProtectionSource source;
        private BackupRunner runner;
        private LifecycleStore lifecycle;
        private ScheduleMarkStore marks;
        private TieringActions actions;
        private LeaseManager leases = LeaseManager.none();
        private int parallelism = 4;
        private Duration tick = Duration.ofMinutes(1);
        private Duration shutdownTimeout = Duration.ofSeconds(30);

        private Builder() {
        }

        /** The clock whose time decides what is due (a manual clock in tests). */
        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /** Where the instances and their policies come from. */
        public Builder protectionSource(ProtectionSource source) {
            this.source = source;
            return this;
        }

        /** Who takes backups. */
        public Builder backupRunner(BackupRunner runner) {
            this.runner = runner;
            return this;
        }

        /** Where recovery points' copies and their states are kept. */
        public Builder lifecycleStore(LifecycleStore store) {
            this.lifecycle = store;
            return this;
        }

        /** Where each instance's schedule mark is kept. */
        public Builder scheduleMarkStore(ScheduleMarkStore store) {
            this.marks = store;
            return this;
        }

        /** Who copies to the vault and deletes copies. */
        public Builder tieringActions(TieringActions actions) {
            this.actions = actions;
            return this;
        }

        /**
         * How engines that share a vault keep out of each other's way: an instance's due work runs
         * only under its lease (default {@link LeaseManager#none()}, for a single engine).
         */
        public Builder leaseManager(LeaseManager leaseManager) {
            this.leases = Objects.requireNonNull(leaseManager, "leaseManager");
            return this;
        }

        /** How many instances are processed at the same time (default 4, 1..256). */
        public Builder parallelism(int parallelism) {
            if (parallelism < 1 || parallelism > 256) {
                throw new IllegalArgumentException("parallelism must be between 1 and 256, was " + parallelism);
            }
            this.parallelism = parallelism;
            return this;
        }

        /** How often the real-time scheduler runs a pass (default 1 minute; at least 10 ms). */
        public Builder tick(Duration tick) {
            if (tick == null || tick.toMillis() < 10) {
                throw new IllegalArgumentException("tick must be at least 10 ms, was " + tick);
            }
            this.tick = tick;
            return this;
        }

        /** How long {@link ProtectionEngine#close()} waits for running work (default 30 s). */
        public Builder shutdownTimeout(Duration timeout) {
            if (timeout == null || timeout.isNegative()) {
                throw new IllegalArgumentException("shutdownTimeout must be zero or more, was " + timeout);
            }
            this.shutdownTimeout = timeout;
            return this;
        }

        /** The engine; not started (call {@link ProtectionEngine#start()} for real time). */
        public ProtectionEngine build() {
            return new ProtectionEngine(this);
        }
    }
}
