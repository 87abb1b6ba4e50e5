package io.github.aksbackup.lease;

import io.github.aksbackup.api.AksBackupException;
import io.github.aksbackup.api.ErrorCode;
import io.github.aksbackup.api.NotFoundException;
import io.github.aksbackup.internal.Json;
import io.github.aksbackup.spi.LeaseManager;
import io.github.aksbackup.spi.ObjectInfo;
import io.github.aksbackup.spi.ObjectStore;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leases kept in the vault itself, for engines in different processes (on one machine, or on
 * several that share the vault's file system) that share a directory vault — or any store whose
 * {@link ObjectStore#putIfAbsent put-if-absent} is atomic. It needs nothing but the store: no lock
 * daemon, no file locks (which NFS and SMB keep poorly), no agreement between the machines' clocks.
 *
 * <p><b>Records.</b> The lease N is the sequence of write-once objects
 * {@code leases/<N>/<generation>-<renewal>.json} (both numbers zero-padded, so the newest sorts
 * last); the newest says who holds the lease. Taking it writes generation g+1, renewal 0 with
 * put-if-absent, so of two engines taking it at once exactly one succeeds. The holder renews it every
 * fifth of the lease duration by writing renewal r+1 of its generation (and deleting renewal r);
 * releasing it writes generation g+1 marked released. Generations only grow: a holder that sees a
 * newer generation than its own has lost the lease.
 *
 * <p><b>Expiry without trusting clocks.</b> A record carries no deadline that another machine would
 * have to compare with its own clock. An engine that finds the lease held watches the newest record:
 * when the same record has stayed newest for a whole lease duration, measured on the engine's own
 * monotonic clock, the holder has stopped renewing (it was killed, or is paused, or cut off from the
 * vault) and the engine takes over. Clock skew between machines therefore does not matter; a wrong
 * clock rate would, within the usual bounds of a few parts per million.
 *
 * <p><b>A holder that is paused rather than dead</b> (a stopped process, a long collection pause, a
 * suspended machine) must not go on writing as if it still held the lease. {@link Lease#held()} trusts
 * the lease for 60 % of its duration after the start of the last successful renewal (on the holder's
 * monotonic clock); past that it renews on the spot before it answers, so a holder that wakes up after
 * a pause long enough for another engine to take over finds the newer generation and answers false,
 * while a holder that was merely slow keeps its lease.
 * Renewal and takeover each write first and look second, so when they race at least one of them sees
 * the other and gives way (a taker that sees its holder renewed writes a released record). Even so,
 * a write already under way when a pause began may land late: the lease keeps engines from doing the
 * same work, and the vault's write-once commit (a recovery point's manifest is written with
 * put-if-absent under an id fixed by its slot) is what keeps a slot from getting two recovery points.
 *
 * <p>Thread-safe. Renewals run on a daemon thread unless {@link Builder#renewInBackground(boolean)
 * turned off} (tests with a manual clock call {@link #renewAll()}).
 */
public final class VaultLeaseManager implements LeaseManager, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(VaultLeaseManager.class);
    /** Where lease records live in the store. */
    public static final String PREFIX = io.github.aksbackup.repository.RepositoryFormat.LEASES;

    private final ObjectStore store;
    private final String holder;
    private final Duration duration;
    private final Clock clock;
    private final ScheduledExecutorService renewer;
    private final Map<String, Observation> observed = new ConcurrentHashMap<>();
    private final Map<String, VaultLease> held = new ConcurrentHashMap<>();

    /** The newest record of a lease as another engine last saw it, and since when (monotonic). */
    private record Observation(String key, Instant since) {
    }

    /** The newest record of a lease. */
    private record Current(String key, long generation, long renewal, String holder, String token, boolean released,
            Duration duration) {
    }

    private VaultLeaseManager(Builder b) {
        this.store = b.store;
        this.holder = b.holder;
        this.duration = b.duration;
        this.clock = b.clock;
        this.renewer = b.renewInBackground ? Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "aks-backup-vault-lease-renewer");
            t.setDaemon(true);
            return t;
        }) : null;
        if (renewer != null) {
            long every = Math.max(1, duration.toMillis() / 5);
            renewer.scheduleWithFixedDelay(this::renewAll, every, every, TimeUnit.MILLISECONDS);
        }
    }

    /** A builder for leases in {@code store}. */
    public static Builder builder(ObjectStore store) {
        return new Builder(store);
    }

    /** The name under which this manager holds leases. */
    public String holder() {
        return holder;
    }

    @Override
    public Optional<Lease> tryAcquire(String name) {
        Objects.requireNonNull(name, "name");
        if (held.containsKey(name)) {
            return Optional.empty();
        }
        String dir = dir(name);
        Current cur = current(dir);
        long generation;
        if (cur == null) {
            generation = 1;
        } else if (cur.released()) {
            generation = cur.generation() + 1;
        } else if (expiredAsObserved(name, cur)) {
            LOG.warn("lease '{}' of {} was not renewed for {}; taking it over", name, cur.holder(), cur.duration());
            generation = cur.generation() + 1;
        } else {
            return Optional.empty();
        }
        Instant started = clock.instant();
        String token = UUID.randomUUID().toString();
        if (!store.putIfAbsent(key(dir, generation, 0), record(token, false))) {
            return Optional.empty();
        }
        observed.remove(name);
        // Look again after writing: a holder that renewed meanwhile has seen this record or is seen here.
        if (cur != null && !cur.released() && renewedSince(dir, cur)) {
            LOG.info("lease '{}': its holder {} renewed it while it was being taken over; leaving it", name, cur.holder());
            store.putIfAbsent(key(dir, generation + 1, 0), record(token, true));
            return Optional.empty();
        }
        VaultLease lease = new VaultLease(name, dir, generation, token, started);
        held.put(name, lease);
        deleteOlder(dir, generation);
        return Optional.of(lease);
    }

    /**
     * Who holds the lease {@code name} as far as the vault says: the holder of its newest record
     * unless that record is a release. A holder that died is still named until another engine takes over.
     */
    public Optional<String> holderOf(String name) {
        Current cur = current(dir(name));
        return cur == null || cur.released() ? Optional.empty() : Optional.ofNullable(cur.holder());
    }

    /** The names of the leases this manager holds now. */
    public Set<String> heldLeases() {
        return Set.copyOf(held.keySet());
    }

    /** Renews every lease this manager holds; the background thread calls it every fifth of the duration. */
    public void renewAll() {
        for (VaultLease lease : held.values()) {
            try {
                lease.renew();
            } catch (RuntimeException e) {
                // The lease runs out by itself if renewals keep failing: held() turns false in time.
                LOG.warn("cannot renew lease '{}': {}", lease.name, e.toString());
            }
        }
    }

    /** Stops renewing; leases still held are released. */
    @Override
    public void close() {
        if (renewer != null) {
            renewer.shutdownNow();
        }
        for (VaultLease lease : List.copyOf(held.values())) {
            lease.close();
        }
    }

    /**
     * How long a holder trusts its lease after the start of a renewal: 60 % of the duration, so that
     * a renewal may be late by 40 % (renewals run every 20 %) and a holder stops trusting its lease
     * 40 % of a duration before anyone can take it over.
     */
    private Duration trusted() {
        return duration.multipliedBy(3).dividedBy(5);
    }

    private boolean expiredAsObserved(String name, Current cur) {
        Instant now = clock.instant();
        Observation seen = observed.get(name);
        if (seen == null || !seen.key().equals(cur.key())) {
            observed.put(name, new Observation(cur.key(), now));
            return false;
        }
        Duration wait = cur.duration() == null || cur.duration().compareTo(duration) < 0 ? duration : cur.duration();
        return Duration.between(seen.since(), now).compareTo(wait) >= 0;
    }

    private boolean renewedSince(String dir, Current before) {
        for (String k : keys(dir)) {
            long[] gr = parse(k);
            if (gr != null && gr[0] == before.generation() && gr[1] > before.renewal()) {
                return true;
            }
        }
        return false;
    }

    private Current current(String dir) {
        List<String> keys = keys(dir);
        for (int i = keys.size() - 1; i >= 0; i--) {
            String k = keys.get(i);
            long[] gr = parse(k);
            if (gr == null) {
                continue;
            }
            try {
                Map<String, Object> r = Json.parseTree(store.getBytes(k));
                Object millis = r.get("durationMillis");
                return new Current(k, gr[0], gr[1], (String) r.get("holder"), (String) r.get("token"),
                        Boolean.TRUE.equals(r.get("released")),
                        millis instanceof Number n ? Duration.ofMillis(n.longValue()) : null);
            } catch (NotFoundException e) {
                // Replaced by a renewal meanwhile; the one before it, or a newer listing, tells.
                return current(dir);
            } catch (RuntimeException e) {
                throw new AksBackupException(ErrorCode.LEASE_UNREADABLE, "lease record " + k + " cannot be read: " + e.getMessage(),
                        "delete the leases/ folder of the vault while no engine runs", e);
            }
        }
        return null;
    }

    private List<String> keys(String dir) {
        List<String> out = new ArrayList<>();
        for (ObjectInfo o : store.list(dir)) {
            if (o.key().endsWith(".json") && o.key().indexOf('/', dir.length()) < 0) {
                out.add(o.key());
            }
        }
        out.sort(null);
        return out;
    }

    private void deleteOlder(String dir, long generation) {
        for (String k : keys(dir)) {
            long[] gr = parse(k);
            if (gr != null && gr[0] < generation) {
                deleteQuietly(k);
            }
        }
    }

    private void deleteQuietly(String key) {
        try {
            store.delete(key);
        } catch (RuntimeException e) {
            // Old records only cost a listing entry; a later holder removes them.
            LOG.debug("cannot delete old lease record {}: {}", key, e.toString());
        }
    }

    private byte[] record(String token, boolean released) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("holder", holder);
        r.put("token", token);
        r.put("released", released);
        r.put("durationMillis", duration.toMillis());
        return Json.pretty(r).getBytes(StandardCharsets.UTF_8);
    }

    static String dir(String name) {
        StringBuilder sb = new StringBuilder(PREFIX);
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (c < 0x80 && (Character.isLetterOrDigit(c) || c == '-' || c == '.')) {
                sb.append(c);
            } else {
                sb.append('_').append(String.format("%02x", b & 0xff));
            }
        }
        return sb.append('/').toString();
    }

    private static String key(String dir, long generation, long renewal) {
        return dir + String.format("%019d-%019d.json", generation, renewal);
    }

    /** Generation and renewal of a record key, or {@code null} for anything else. */
    private static long[] parse(String key) {
        String file = key.substring(key.lastIndexOf('/') + 1);
        if (file.length() != 19 + 1 + 19 + 5 || file.charAt(19) != '-') {
            return null;
        }
        try {
            return new long[] {Long.parseLong(file.substring(0, 19)), Long.parseLong(file.substring(20, 39))};
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** One lease this manager holds. */
    private final class VaultLease implements Lease {
        private final String name;
        private final String dir;
        private final long generation;
        private final String token;
        private long renewal;
        private volatile Instant lastRenewalStart;
        private volatile boolean lost;
        private volatile boolean closed;

        VaultLease(String name, String dir, long generation, String token, Instant acquired) {
            this.name = name;
            this.dir = dir;
            this.generation = generation;
            this.token = token;
            this.lastRenewalStart = acquired;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public boolean held() {
            if (lost || closed) {
                return false;
            }
            if (fresh()) {
                return true;
            }
            // The background renewal is late (a loaded machine, or this process was paused): renew here.
            // Either nobody took the lease over and it is ours again, or the renewal finds who did.
            try {
                renew();
            } catch (RuntimeException e) {
                LOG.warn("cannot renew lease '{}': {}", name, e.toString());
            }
            return !lost && !closed && fresh();
        }

        /** Within the trusted part of the lease duration since the start of the last renewal. */
        private boolean fresh() {
            return Duration.between(lastRenewalStart, clock.instant()).compareTo(trusted()) < 0;
        }

        synchronized void renew() {
            if (lost || closed) {
                return;
            }
            Instant start = clock.instant();
            if (newerGenerationExists()) {
                markLost("another engine took it over");
                return;
            }
            long next = renewal + 1;
            if (!store.putIfAbsent(key(dir, generation, next), record(token, false))) {
                markLost("its renewal record exists already");
                return;
            }
            String previous = key(dir, generation, renewal);
            renewal = next;
            if (newerGenerationExists()) {
                markLost("another engine took it over");
                return;
            }
            lastRenewalStart = start;
            deleteQuietly(previous);
        }

        private boolean newerGenerationExists() {
            List<String> keys = keys(dir);
            for (int i = keys.size() - 1; i >= 0; i--) {
                long[] gr = parse(keys.get(i));
                if (gr != null) {
                    return gr[0] > generation;
                }
            }
            // Every record is gone (someone emptied leases/): nobody can be sure of the lease any more.
            return true;
        }

        private void markLost(String why) {
            lost = true;
            held.remove(name, this);
            LOG.error("lost lease '{}': {}; stopping its work", name, why);
        }

        @Override
        public synchronized void close() {
            if (closed) {
                return;
            }
            closed = true;
            held.remove(name, this);
            if (lost) {
                return;
            }
            try {
                if (!newerGenerationExists()) {
                    store.putIfAbsent(key(dir, generation + 1, 0), record(token, true));
                    deleteOlder(dir, generation + 1);
                }
            } catch (RuntimeException e) {
                // It expires by itself: another engine takes over after one lease duration.
                LOG.warn("cannot release lease '{}': {}", name, e.toString());
            }
        }
    }

    /** Builds a {@link VaultLeaseManager}. */
    public static final class Builder {
        private final ObjectStore store;
        private String holder = "engine-" + UUID.randomUUID().toString().substring(0, 8);
        private Duration duration = Duration.ofSeconds(30);
        private Clock clock = MonotonicClock.INSTANCE;
        private boolean renewInBackground = true;

        private Builder(ObjectStore store) {
            this.store = Objects.requireNonNull(store, "store");
        }

        /** The name recorded as the holder (a replica id); default a random {@code engine-xxxxxxxx}. */
        public Builder holder(String name) {
            if (name == null || name.isBlank() || name.length() > 253) {
                throw new IllegalArgumentException("holder must be 1..253 characters, was '" + name + "'");
            }
            this.holder = name;
            return this;
        }

        /**
         * How long a holder that stops renewing keeps others out (default 30 s, at least 1 s). The
         * holder renews every fifth of it and trusts its lease for 60 % of it after a renewal.
         */
        public Builder duration(Duration d) {
            if (d == null || d.compareTo(Duration.ofSeconds(1)) < 0) {
                throw new IllegalArgumentException("duration must be at least 1 second, was " + d);
            }
            this.duration = d;
            return this;
        }

        /**
         * The clock durations are measured on (default: the JVM's monotonic clock, which wall-clock
         * corrections do not move). Only differences of its instants are used.
         */
        public Builder clock(Clock c) {
            this.clock = Objects.requireNonNull(c, "clock");
            return this;
        }

        /** Renew held leases on a daemon thread (default); off for tests that call {@link #renewAll()}. */
        public Builder renewInBackground(boolean on) {
            this.renewInBackground = on;
            return this;
        }

        /** The manager. */
        public VaultLeaseManager build() {
            return new VaultLeaseManager(this);
        }
    }

    /** {@link System#nanoTime()} as a clock: only differences of its instants mean anything. */
    private static final class MonotonicClock extends Clock {
        static final MonotonicClock INSTANCE = new MonotonicClock();

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.EPOCH.plusNanos(System.nanoTime());
        }
    }
}
