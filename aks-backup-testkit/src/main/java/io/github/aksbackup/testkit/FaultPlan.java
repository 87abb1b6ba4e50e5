package io.github.aksbackup.testkit;

import io.github.aksbackup.api.AksBackupException;
import io.github.aksbackup.api.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Which calls through {@link FaultInjectingObjectStore} and {@link FaultInjectingClusterClient} fail,
 * and how. One plan may serve a store and a cluster at once, so that a {@linkplain #crashAtCall
 * crash} stops both, as the death of the process would.
 *
 * <p>Random plans are deterministic: whether a call fails depends on the seed, the operation, its
 * argument (key, object, page) and how often that same call was made before, never on the order in
 * which threads make calls. UUIDs in a target (the random names of session and collection markers)
 * count as one placeholder, so that they do not make a seed decide differently in every run. Counting plans ({@link #atCall}, {@link #crashAtCall}) count the calls
 * their filter admits in the order they arrive, which is deterministic for a single-threaded backup.
 *
 * <p>Thread-safe.
 */
public final class FaultPlan {
    /** How an injected failure shows. */
    public enum Kind {
        /** The call fails before reaching the store or cluster (a refused connection, a 503). */
        EXCEPTION,
        /** The call is carried out, then its answer is lost (a timeout after the server acted). */
        TIMEOUT,
        /** A put sends only part of its data, then the connection drops; other calls fail as {@link #EXCEPTION}. */
        TRUNCATED_WRITE,
        /**
         * The call is refused before it reaches the store or cluster, as a throttling server refuses it (HTTP
         * 429, code {@code TooManyRequests}) with a Retry-After of the plan's {@link #retryAfter()}. Random plans
         * inject it only when asked for by name.
         */
        THROTTLED
    }

    /** The kinds a random plan injects when it is given none. */
    private static final List<Kind> DEFAULT_KINDS = List.of(Kind.EXCEPTION, Kind.TIMEOUT, Kind.TRUNCATED_WRITE);

    /** Operations that change something: {@code put}, {@code delete}, {@code create}, {@code patch}. */
    public static final Predicate<String> WRITES = op -> op.equals("put") || op.equals("delete") || op.equals("create")
            || op.equals("patch");

    private static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(1);

    private static final java.util.regex.Pattern RANDOM_ID =
            java.util.regex.Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private final double rate;
    private final long seed;
    private final List<Kind> kinds;
    private final long atCall;
    private final boolean crash;
    private final Predicate<String> counted;
    private final Duration retryAfter;
    private final Map<String, AtomicInteger> occurrences = new ConcurrentHashMap<>();
    private final AtomicLong calls = new AtomicLong();
    private final AtomicLong injected = new AtomicLong();
    private final List<String> history = Collections.synchronizedList(new ArrayList<>());
    private volatile String crashedAt;

    private FaultPlan(double rate, long seed, List<Kind> kinds, long atCall, boolean crash, Predicate<String> counted,
            Duration retryAfter) {
        if (rate < 0 || rate > 1) {
            throw new IllegalArgumentException("rate must be between 0 and 1, was " + rate);
        }
        this.rate = rate;
        this.seed = seed;
        this.kinds = List.copyOf(kinds);
        this.atCall = atCall;
        this.crash = crash;
        this.counted = Objects.requireNonNull(counted, "counted");
        this.retryAfter = Objects.requireNonNull(retryAfter, "retryAfter");
        if (retryAfter.isNegative()) {
            throw new IllegalArgumentException("retryAfter must not be negative, was " + retryAfter);
        }
    }

    /** A plan that never fails; it still counts calls. */
    public static FaultPlan none() {
        return new FaultPlan(0, 0, List.of(Kind.EXCEPTION), 0, false, op -> true, DEFAULT_RETRY_AFTER);
    }

    /**
     * Each call fails with probability {@code rate}, with one of {@code kinds} (when none are given:
     * {@link Kind#EXCEPTION}, {@link Kind#TIMEOUT} and {@link Kind#TRUNCATED_WRITE}).
     */
    public static FaultPlan random(double rate, long seed, Kind... kinds) {
        return new FaultPlan(rate, seed, kinds.length == 0 ? DEFAULT_KINDS : List.of(kinds), 0, false, op -> true,
                DEFAULT_RETRY_AFTER);
    }

    /** The {@code n}th call (1-based) fails once, as {@code kind}. */
    public static FaultPlan atCall(long n, Kind kind) {
        return new FaultPlan(0, 0, List.of(kind), requirePositive(n), false, op -> true, DEFAULT_RETRY_AFTER);
    }

    /** The process "dies" at the {@code n}th call (1-based): that call and every later one throw {@link SimulatedCrash}. */
    public static FaultPlan crashAtCall(long n) {
        return new FaultPlan(0, 0, List.of(Kind.EXCEPTION), requirePositive(n), true, op -> true, DEFAULT_RETRY_AFTER);
    }

    private static long requirePositive(long n) {
        if (n < 1) {
            throw new IllegalArgumentException("the call number is 1-based, was " + n);
        }
        return n;
    }

    /** This plan, affecting (and counting) only the operations {@code filter} admits, e.g. {@link #WRITES}. */
    public FaultPlan only(Predicate<String> filter) {
        return new FaultPlan(rate, seed, kinds, atCall, crash, filter, retryAfter);
    }

    /** This plan, with throttled calls ({@link Kind#THROTTLED}) asking to wait {@code wait} (default 1 s). */
    public FaultPlan withRetryAfter(Duration wait) {
        return new FaultPlan(rate, seed, kinds, atCall, crash, counted, wait);
    }

    /** How long a throttled call asks the caller to wait. */
    public Duration retryAfter() {
        return retryAfter;
    }

    /** Calls the filter admitted so far. */
    public long calls() {
        return calls.get();
    }

    /** Failures injected so far (a crash counts once). */
    public long injected() {
        return injected.get();
    }

    /**
     * Every call the filter admitted, in order, as {@code "operation target"}: a clean run with
     * {@link #none()} tells where each call of a backup falls, to aim crashes at.
     */
    public List<String> history() {
        synchronized (history) {
            return List.copyOf(history);
        }
    }

    /** Where the simulated crash happened, or {@code null}. */
    public String crashedAt() {
        return crashedAt;
    }

    /**
     * Decides one call: {@code null} for none, else the kind of failure.
     *
     * @param operation the operation ({@code put}, {@code get}, {@code list}, {@code create}, ...)
     * @param target what it is about (a key, {@code type ns/name}, a page); with the operation it
     *     identifies the call for random plans
     * @throws SimulatedCrash when the plan crashed here or before
     */
    Kind decide(String operation, String target) {
        String where = operation + " " + target;
        if (crashedAt != null) {
            throw new SimulatedCrash(where + " (after the crash at " + crashedAt + ")");
        }
        if (!counted.test(operation)) {
            return null;
        }
        long n = calls.incrementAndGet();
        history.add(where);
        if (atCall > 0) {
            if (n != atCall) {
                return null;
            }
            injected.incrementAndGet();
            if (crash) {
                crashedAt = "call " + n + ": " + where;
                throw new SimulatedCrash(crashedAt);
            }
            return kinds.get(0);
        }
        if (rate == 0) {
            return null;
        }
        String call = RANDOM_ID.matcher(where).replaceAll("<uuid>");
        int occurrence = occurrences.computeIfAbsent(call, k -> new AtomicInteger()).incrementAndGet();
        long h = mix(seed ^ fnv(call) ^ (occurrence * 0x9E3779B97F4A7C15L));
        double u = (h >>> 11) * 0x1.0p-53;
        if (u >= rate) {
            return null;
        }
        injected.incrementAndGet();
        return kinds.get((int) Long.remainderUnsigned(mix(h), kinds.size()));
    }

    /**
     * Runs one call as the plan decides: as it is, failing before it ({@link Kind#EXCEPTION}, and
     * {@link Kind#TRUNCATED_WRITE} for calls without data), or failing after it ({@link Kind#TIMEOUT},
     * closing what it returned), or refusing it as throttled ({@link Kind#THROTTLED}). Failures are
     * {@link AksBackupException}s with {@code code} (throttling: {@link ErrorCode#THROTTLED}).
     */
    <T> T run(String operation, String target, ErrorCode code, Supplier<T> action) {
        Kind kind = decide(operation, target);
        if (kind == null) {
            return action.get();
        }
        if (kind == Kind.TIMEOUT) {
            T result = action.get();
            if (result instanceof AutoCloseable c) {
                try {
                    c.close();
                } catch (Exception e) {
                    // Lost with the answer.
                }
            }
            throw failure(kind, code, operation + " " + target + " timed out after it was carried out");
        }
        throw failure(kind, code, operation + " " + target + (kind == Kind.THROTTLED ? " was throttled (HTTP 429)" : " failed"));
    }

    /** The injected failure of a call that failed as {@code kind}: throttled with the plan's Retry-After, or {@code code}. */
    AksBackupException failure(Kind kind, ErrorCode code, String what) {
        if (kind == Kind.THROTTLED) {
            return new AksBackupException(ErrorCode.THROTTLED, "injected fault: " + what, null, null, retryAfter);
        }
        return new AksBackupException(code, "injected fault: " + what, null, null);
    }

    private static long fnv(String s) {
        long h = 0xcbf29ce484222325L;
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            h = (h ^ (b & 0xff)) * 0x100000001b3L;
        }
        return h;
    }

    /** SplitMix64's finalizer: spreads every input bit over the output. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
