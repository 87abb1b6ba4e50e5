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
        List<MonthlyCost> out = new ArrayList<>();
        List<Tier> tiers = List.of(new Tier(result, DataStoreType.OperationalStore), new Tier(result, DataStoreType.VaultStore));
        for (YearMonth m : result.months()) {
            Instant from = result.monthStart(m);
            Instant until = result.monthEnd(m);
            double monthSeconds = Duration.between(m.atDay(1).atStartOfDay(result.zone()),
                    m.plusMonths(1).atDay(1).atStartOfDay(result.zone())).toSeconds();
            double covered = Duration.between(from, until).toSeconds() / monthSeconds;
            double opGbMonths = tiers.get(0).gbSeconds(from, until, workload) / monthSeconds;
            double vaultGbMonths = tiers.get(1).gbSeconds(from, until, workload) / monthSeconds;
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

    /** The copies of one tier, with their recovery points' times, for integrating stored GB. */
    private static final class Tier {
        private final long[] rpTime;
        private final long[] created;
        private final long[] expiry;
        private final TreeSet<Long> changes = new TreeSet<>();

        Tier(SimulationResult result, DataStoreType store) {
            List<long[]> rows = new ArrayList<>();
            for (SimulatedRecoveryPoint rp : result.recoveryPoints()) {
                for (PlannedCopy c : rp.copies()) {
                    if (c.store() == store) {
                        rows.add(new long[] {rp.time().getEpochSecond(), c.created().getEpochSecond(), c.expiry().getEpochSecond()});
                        changes.add(c.created().getEpochSecond());
                        changes.add(c.expiry().getEpochSecond());
                    }
                }
            }
            rpTime = new long[rows.size()];
            created = new long[rows.size()];
            expiry = new long[rows.size()];
            for (int i = 0; i < rows.size(); i++) {
                rpTime[i] = rows.get(i)[0];
                created[i] = rows.get(i)[1];
                expiry[i] = rows.get(i)[2];
            }
        }

        /** ∫ stored GB dt over [from, until), in GB-seconds; the copy set only changes at created/expiry instants. */
        double gbSeconds(Instant from, Instant until, Workload w) {
            long a = from.getEpochSecond();
            long end = until.getEpochSecond();
            double sum = 0;
            while (a < end) {
                Long next = changes.higher(a);
                long b = next == null || next > end ? end : next;
                sum += storedGb(a, w) * (b - a);
                a = b;
            }
            return sum;
        }

        /** Stored GB at instant t; recovery points are in time order, so live copies come ordered by RP time. */
        private double storedGb(long t, Workload w) {
            double units = 0;
            long previous = Long.MIN_VALUE;
            for (int i = 0; i < rpTime.length; i++) {
                if (created[i] <= t && t < expiry[i]) {
                    units += previous == Long.MIN_VALUE ? 1
                            : Math.min(1, w.dailyChangeRate() * (rpTime[i] - previous) / 86_400.0);
                    previous = rpTime[i];
                }
            }
            return units * w.totalGb();
        }
    }
}
