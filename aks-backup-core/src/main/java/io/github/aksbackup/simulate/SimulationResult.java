package io.github.aksbackup.simulate;

import io.github.aksbackup.api.DataStoreType;
import io.github.aksbackup.retention.PlannedCopy;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The outcome of a {@link PolicySimulator} run: every recovery point in time order, the slots that
 * failed, and the number of live copies per data store at any instant. Immutable.
 */
public final class SimulationResult {
    private final String policyName;
    private final ZoneId zone;
    private final Instant start;
    private final Instant end;
    private final List<SimulatedRecoveryPoint> recoveryPoints;
    private final List<Instant> failedSlots;
    private final Map<DataStoreType, long[]> created = new EnumMap<>(DataStoreType.class);
    private final Map<DataStoreType, long[]> expired = new EnumMap<>(DataStoreType.class);

    SimulationResult(String policyName, ZoneId zone, Instant start, Instant end,
            List<SimulatedRecoveryPoint> recoveryPoints, List<Instant> failedSlots) {
        this.policyName = Objects.requireNonNull(policyName, "policyName");
        this.zone = Objects.requireNonNull(zone, "zone");
        this.start = Objects.requireNonNull(start, "start");
        this.end = Objects.requireNonNull(end, "end");
        this.recoveryPoints = List.copyOf(recoveryPoints);
        this.failedSlots = List.copyOf(failedSlots);
        int stores = DataStoreType.values().length;
        long[][] c = new long[stores][recoveryPoints.size()];
        long[][] e = new long[stores][recoveryPoints.size()];
        int[] n = new int[stores];
        for (SimulatedRecoveryPoint rp : this.recoveryPoints) {
            for (PlannedCopy copy : rp.copies()) {
                int s = copy.store().ordinal();
                c[s][n[s]] = nanos(copy.created());
                e[s][n[s]++] = nanos(copy.expiry());
            }
        }
        for (DataStoreType store : DataStoreType.values()) {
            int s = store.ordinal();
            created.put(store, Arrays.copyOf(c[s], n[s]));
            expired.put(store, Arrays.copyOf(e[s], n[s]));
        }
    }

    private static long nanos(Instant t) {
        // Times beyond ±292 years of the epoch do not occur in policies (retention ≤ 99 years).
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }

    /** The simulated policy's name. */
    public String policyName() {
        return policyName;
    }

    /** The zone slots and calendar periods were taken in. */
    public ZoneId zone() {
        return zone;
    }

    /** Start of the simulated window (inclusive). */
    public Instant start() {
        return start;
    }

    /** End of the simulated window (exclusive). */
    public Instant end() {
        return end;
    }

    /** Every recovery point, in time order. */
    public List<SimulatedRecoveryPoint> recoveryPoints() {
        return recoveryPoints;
    }

    /** The slots whose backup failed (no recovery point), in time order. */
    public List<Instant> failedSlots() {
        return failedSlots;
    }

    /** The copies in one store, in recovery-point order. */
    public List<PlannedCopy> copies(DataStoreType store) {
        List<PlannedCopy> out = new ArrayList<>();
        for (SimulatedRecoveryPoint rp : recoveryPoints) {
            rp.copy(store).ifPresent(out::add);
        }
        return out;
    }

    /** How many copies the recovery points have in {@code store}, whenever made. */
    public int copyCount(DataStoreType store) {
        return created.get(store).length;
    }

    /** How many copies in {@code store} are live at {@code t} (created ≤ t &lt; expiry). */
    public int liveCount(DataStoreType store, Instant t) {
        // A linear count: cheaper than keeping sorted arrays for the few instants callers ask about.
        long n = nanos(t);
        long[] c = created.get(store);
        long[] e = expired.get(store);
        int live = 0;
        for (int i = 0; i < c.length; i++) {
            if (c[i] <= n && n < e[i]) {
                live++;
            }
        }
        return live;
    }

    /** Live copies per store at {@code t}, every store present (operational first). */
    public Map<DataStoreType, Integer> liveAt(Instant t) {
        Map<DataStoreType, Integer> out = new EnumMap<>(DataStoreType.class);
        for (DataStoreType store : DataStoreType.values()) {
            out.put(store, liveCount(store, t));
        }
        return out;
    }

    /** Live copies per store at the end of the window. */
    public Map<DataStoreType, Integer> liveAtEnd() {
        return liveAt(end);
    }

    /** The calendar months (in the zone) the window touches, in order. */
    public List<YearMonth> months() {
        List<YearMonth> out = new ArrayList<>();
        YearMonth last = YearMonth.from(end.minusNanos(1).atZone(zone));
        for (YearMonth m = YearMonth.from(start.atZone(zone)); !m.isAfter(last); m = m.plusMonths(1)) {
            out.add(m);
        }
        return out;
    }

    /** Where a month of the zone begins, clipped to the window. */
    public Instant monthStart(YearMonth month) {
        Instant s = month.atDay(1).atStartOfDay(zone).toInstant();
        return s.isBefore(start) ? start : s;
    }

    /** Where a month of the zone ends (exclusive), clipped to the window. */
    public Instant monthEnd(YearMonth month) {
        Instant e = month.plusMonths(1).atDay(1).atStartOfDay(zone).toInstant();
        return e.isAfter(end) ? end : e;
    }

    /** A summary per calendar month of the zone: backups, failures, tags, vault copies, live copies at month end. */
    public List<MonthSummary> monthly() {
        Map<YearMonth, MonthSummary.Builder> byMonth = new TreeMap<>();
        for (YearMonth m : months()) {
            byMonth.put(m, new MonthSummary.Builder(m));
        }
        for (SimulatedRecoveryPoint rp : recoveryPoints) {
            byMonth.get(month(rp.time())).recoveryPoint(rp.tag());
            rp.copy(DataStoreType.VaultStore).ifPresent(v -> {
                MonthSummary.Builder b = byMonth.get(month(v.created()));
                if (b != null && v.created().isBefore(end)) {
                    b.vaultCopy();
                }
            });
        }
        for (Instant f : failedSlots) {
            byMonth.get(month(f)).failure();
        }
        List<MonthSummary> out = new ArrayList<>();
        for (MonthSummary.Builder b : byMonth.values()) {
            out.add(b.build(liveAt(monthEnd(b.month()))));
        }
        return out;
    }

    private YearMonth month(Instant t) {
        ZonedDateTime z = t.atZone(zone);
        return YearMonth.of(z.getYear(), z.getMonth());
    }
}
