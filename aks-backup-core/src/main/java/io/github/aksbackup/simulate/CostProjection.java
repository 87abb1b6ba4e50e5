package io.github.aksbackup.simulate;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.aksbackup.api.DataStoreType;
import io.github.aksbackup.retention.PlannedCopy;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Monthly cost per tier of a simulated policy: what a buyer wants to know before choosing a policy.
 *
 * <p><b>Formula</b> (per calendar month of the schedule's zone, clipped to the simulated window; D =
 * namespaces × size per namespace, R = daily change rate):
 * <ul>
 *   <li>Protected instances: namespaces × fee × (covered part of the month / month length).</li>
 *   <li>Stored GB of a tier at instant t: 0 without live copies; otherwise, with the live copies ordered
 *       by recovery-point time r1 &lt; … &lt; rk, D × (1 + Σ_{i=2..k} min(1, R × days(r_i − r_{i−1}))) —
 *       the oldest copy holds the full data, every later one only what changed since the previous live
 *       one (incremental snapshots), never more than a full copy.</li>
 *   <li>GB-months of a tier = ∫ stored GB dt over the covered part of the month / month length;
 *       tier cost = GB-months × price per GB-month. The operational tier is priced at
 *       {@code snapshotPerGbMonth}, the vault tier at {@code vaultPerGbMonth}.</li>
 * </ul>
 * Copies created after the window's end (a vault copy made on expiry) do not count.
 */
public final class CostProjection {
    private final Prices prices;
    private final Workload workload;
    private final List<MonthlyCost> months;

    private CostProjection(Prices prices, Workload workload, List<MonthlyCost> months) {
        this.prices = prices;
        this.workload = workload;
        this.months = List.copyOf(months);
    }

    /** The cost of a simulation's months. */
    public static CostProjection of(SimulationResult result, Prices prices, Workload workload) {
        Objects.requireNonNull(prices, "prices");
        Objects.requireNonNull(workload, "workload");
        List<YearMonth> months = result.months();
        long[] cuts = new long[months.size() + 1];
        for (int i = 0; i < months.size(); i++) {
            cuts[i] = result.monthStart(months.get(i)).getEpochSecond();
        }
        cuts[months.size()] = result.end().getEpochSecond();
        double[] opGbSeconds = new Tier(result, DataStoreType.OperationalStore, workload).gbSecondsPerInterval(cuts);
        double[] vaultGbSeconds = new Tier(result, DataStoreType.VaultStore, workload).gbSecondsPerInterval(cuts);
        List<MonthlyCost> out = new ArrayList<>();
        for (int i = 0; i < months.size(); i++) {
            YearMonth m = months.get(i);
            double monthSeconds = Duration.between(m.atDay(1).atStartOfDay(result.zone()),
                    m.plusMonths(1).atDay(1).atStartOfDay(result.zone())).toSeconds();
            double covered = (cuts[i + 1] - cuts[i]) / monthSeconds;
            double opGbMonths = opGbSeconds[i] / monthSeconds;
            double vaultGbMonths = vaultGbSeconds[i] / monthSeconds;
            out.add(new MonthlyCost(m, workload.namespaces() * prices.protectedInstancePerNamespaceMonth() * covered,
                    opGbMonths, opGbMonths * prices.snapshotPerGbMonth(),
                    vaultGbMonths, vaultGbMonths * prices.vaultPerGbMonth()));
        }
        return new CostProjection(prices, workload, out);
    }

    /** The prices used. */
    public Prices prices() {
        return prices;
    }

    /** The workload assumed. */
    public Workload workload() {
        return workload;
    }

    /** One entry per month of the simulation. */
    public List<MonthlyCost> months() {
        return months;
    }

    /** The sum over all months. */
    public double total() {
        return months.stream().mapToDouble(MonthlyCost::total).sum();
    }

    /** The projection as a JSON tree (amounts rounded to cents, GB-months to 0.01). */
    public ObjectNode toTree(ObjectNode parent) {
        ObjectNode costs = parent.putObject("costs");
        costs.put("currency", prices.currency());
        ArrayNode arr = costs.putArray("months");
        for (MonthlyCost c : months) {
            arr.addObject().put("month", c.month().toString())
                    .put("protectedInstances", round(c.protectedInstances()))
                    .put("snapshotGbMonths", round(c.snapshotGbMonths()))
                    .put("snapshot", round(c.snapshot()))
                    .put("vaultGbMonths", round(c.vaultGbMonths()))
                    .put("vault", round(c.vault()))
                    .put("total", round(c.total()));
        }
        costs.put("total", round(total()));
        return costs;
    }

    /** Rounded to two decimals, half up. */
    public static BigDecimal round(double v) {
        return BigDecimal.valueOf(v).setScale(2, RoundingMode.HALF_UP);
    }

    /**
     * Cost of one month.
     *
     * @param month the month
     * @param protectedInstances protected-instance fees
     * @param snapshotGbMonths operational-tier storage in GB-months
     * @param snapshot operational-tier storage cost
     * @param vaultGbMonths vault-tier storage in GB-months
     * @param vault vault-tier storage cost
     */
    public record MonthlyCost(YearMonth month, double protectedInstances, double snapshotGbMonths, double snapshot,
            double vaultGbMonths, double vault) {
        /** All three together. */
        public double total() {
            return protectedInstances + snapshot + vault;
        }
    }

    /**
     * The copies of one tier as a sweep over time: at each creation or expiry the set of live copies
     * changes, and the stored GB is kept up to date by adjusting only the neighbours of the copy that
     * came or went, so a window of many years with thousands of copies is still one pass.
     */
    private static final class Tier {
        /** Events sorted by time: creations before expiries at the same instant do not matter for sums of time spans. */
        private final long[] time;
        private final long[] rpTime;
        private final boolean[] adds;
        private final Workload workload;
        private final TreeSet<Long> live = new TreeSet<>();
        private double units;

        Tier(SimulationResult result, DataStoreType store, Workload workload) {
            this.workload = workload;
            List<long[]> events = new ArrayList<>();
            for (SimulatedRecoveryPoint rp : result.recoveryPoints()) {
                for (PlannedCopy c : rp.copies()) {
                    if (c.store() == store) {
                        events.add(new long[] {c.created().getEpochSecond(), rp.time().getEpochSecond(), 1});
                        events.add(new long[] {c.expiry().getEpochSecond(), rp.time().getEpochSecond(), 0});
                    }
                }
            }
            events.sort((x, y) -> Long.compare(x[0], y[0]));
            time = new long[events.size()];
            rpTime = new long[events.size()];
            adds = new boolean[events.size()];
            for (int i = 0; i < events.size(); i++) {
                time[i] = events.get(i)[0];
                rpTime[i] = events.get(i)[1];
                adds[i] = events.get(i)[2] == 1;
            }
        }

        /** ∫ stored GB dt (GB-seconds) over each [cuts[i], cuts[i+1]). */
        double[] gbSecondsPerInterval(long[] cuts) {
            double[] out = new double[cuts.length - 1];
            int e = 0;
            for (int i = 0; i + 1 < cuts.length; i++) {
                long a = cuts[i];
                while (e < time.length && time[e] <= a) {
                    apply(e++);
                }
                while (a < cuts[i + 1]) {
                    long b = e < time.length && time[e] < cuts[i + 1] ? time[e] : cuts[i + 1];
                    out[i] += units * workload.totalGb() * (b - a);
                    a = b;
                    while (e < time.length && time[e] <= a) {
                        apply(e++);
                    }
                }
            }
            return out;
        }

        private void apply(int e) {
            long x = rpTime[e];
            if (adds[e] ? !live.add(x) : !live.remove(x)) {
                return;
            }
            Long prev = live.lower(x);
            Long next = live.higher(x);
            double delta;
            if (prev == null && next == null) {
                delta = 1;
            } else if (prev == null) {
                delta = gap(x, next);
            } else if (next == null) {
                delta = gap(prev, x);
            } else {
                delta = gap(prev, x) + gap(x, next) - gap(prev, next);
            }
            units += adds[e] ? delta : -delta;
            if (live.isEmpty()) {
                units = 0;
            }
        }

        /** The part of a full copy a copy holds when the previous live one is {@code later - earlier} seconds older. */
        private double gap(long earlier, long later) {
            return Math.min(1, workload.dailyChangeRate() * (later - earlier) / 86_400.0);
        }
    }
}
