package io.github.aksbackup.bench;

import io.github.aksbackup.api.DataStoreType;
import io.github.aksbackup.api.IsoDuration;
import io.github.aksbackup.api.policy.AbsoluteMarker;
import io.github.aksbackup.api.policy.BackupCriteria;
import io.github.aksbackup.api.policy.BackupPolicy;
import io.github.aksbackup.api.policy.BackupRule;
import io.github.aksbackup.api.policy.CopyOption;
import io.github.aksbackup.api.policy.RetentionRule;
import io.github.aksbackup.api.policy.Schedule;
import io.github.aksbackup.api.policy.ScheduleTrigger;
import io.github.aksbackup.api.policy.SourceLifeCycle;
import io.github.aksbackup.api.policy.TaggingCriteria;
import io.github.aksbackup.api.policy.TargetCopySetting;
import io.github.aksbackup.simulate.PolicySimulator;
import io.github.aksbackup.simulate.SimulationResult;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.IntStream;

/**
 * Measures the policy simulator: N instances (default 10,000) × D days (default 365), a third each on
 * 4-hourly, 12-hourly and daily schedules, all with Daily/Weekly/Monthly/Yearly tags and vault copies.
 * Each instance's schedule starts at a different minute so no two simulations are the same. Prints wall
 * time and recovery points per second. Run from the built CLI jar:
 * {@code java -cp samples/target/aks-backup-cli.jar io.github.aksbackup.bench.SimulatorBenchmark [instances] [days]}.
 */
public final class SimulatorBenchmark {
    private static final List<String> PERIODS = List.of("PT4H", "PT12H", "P1D");
    private static final String[] ZONES = {"UTC", "W. Europe Standard Time", "Eastern Standard Time", "India Standard Time"};

    private SimulatorBenchmark() {
    }

    public static void main(String[] args) {
        int instances = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int days = args.length > 1 ? Integer.parseInt(args[1]) : 365;
        Instant start = Instant.parse("2026-01-01T00:00:00Z");
        Instant end = start.plus(Duration.ofDays(days));

        // Warm-up on a few instances so the figure measures steady-state code, not class loading.
        run(Math.min(1_000, instances), start, end);
        long cpu0 = processCpuNanos();
        long t0 = System.nanoTime();
        long[] totals = run(instances, start, end);
        double seconds = (System.nanoTime() - t0) / 1e9;
        double cpuSeconds = (processCpuNanos() - cpu0) / 1e9;

        System.out.printf(Locale.ROOT, "instances            %,d (4h / 12h / daily, Daily/Weekly/Monthly/Yearly tags, %d zones)%n",
                instances, ZONES.length);
        System.out.printf(Locale.ROOT, "days                 %,d%n", days);
        System.out.printf(Locale.ROOT, "recovery points      %,d%n", totals[0]);
        System.out.printf(Locale.ROOT, "vault copies         %,d%n", totals[1]);
        System.out.printf(Locale.ROOT, "live at end          OperationalStore %,d, VaultStore %,d%n", totals[2], totals[3]);
        System.out.printf(Locale.ROOT, "threads              %d%n", Runtime.getRuntime().availableProcessors());
        System.out.printf(Locale.ROOT, "wall time            %.2f s%n", seconds);
        System.out.printf(Locale.ROOT, "recovery points/s    %,.0f%n", totals[0] / seconds);
        // CPU time shows the cost independently of other load on a shared machine (includes GC threads).
        System.out.printf(Locale.ROOT, "process CPU time     %.2f s (%,.0f recovery points per CPU second)%n",
                cpuSeconds, totals[0] / cpuSeconds);
    }

    private static long processCpuNanos() {
        java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : -1;
    }

    private static long[] run(int instances, Instant start, Instant end) {
        LongAdder rps = new LongAdder();
        LongAdder vault = new LongAdder();
        LongAdder liveOp = new LongAdder();
        LongAdder liveVault = new LongAdder();
        IntStream.range(0, instances).parallel().forEach(i -> {
            SimulationResult r = PolicySimulator.simulate(policy(i), start, end);
            rps.add(r.recoveryPoints().size());
            vault.add(r.copyCount(DataStoreType.VaultStore));
            liveOp.add(r.liveCount(DataStoreType.OperationalStore, end));
            liveVault.add(r.liveCount(DataStoreType.VaultStore, end));
        });
        return new long[] {rps.sum(), vault.sum(), liveOp.sum(), liveVault.sum()};
    }

    /** Instance i's policy: period by i % 3, zone by i % 4, start minute by i. */
    static BackupPolicy policy(int i) {
        String startTime = String.format(Locale.ROOT, "2025-12-31T%02d:%02d:00+00:00", 18 + (i % 6), i % 60);
        String interval = "R/" + startTime + "/" + PERIODS.get(i % PERIODS.size());
        List<TaggingCriteria> tags = List.of(
                tag("Daily", 25, AbsoluteMarker.FirstOfDay), tag("Weekly", 20, AbsoluteMarker.FirstOfWeek),
                tag("Monthly", 15, AbsoluteMarker.FirstOfMonth), tag("Yearly", 10, AbsoluteMarker.FirstOfYear),
                new TaggingCriteria("Default", 99, true, List.of()));
        List<RetentionRule> rules = List.of(
                operational("Default", true, "P7D"), operational("Daily", false, "P30D"),
                vaulted("Weekly", "P7D", new CopyOption.OnExpiry(), "P12W"),
                vaulted("Monthly", "P7D", new CopyOption.Immediate(), "P12M"),
                vaulted("Yearly", "P7D", new CopyOption.Custom(IsoDuration.parse("P1D")), "P10Y"));
        ScheduleTrigger trigger = new ScheduleTrigger(new Schedule(List.of(interval), ZONES[i % ZONES.length]), tags);
        return new BackupPolicy("bench-" + i, List.of(BackupPolicy.AKS_DATASOURCE_TYPE),
                List.of(new BackupRule("BackupHourly", "Incremental", DataStoreType.OperationalStore, trigger)), rules);
    }

    private static TaggingCriteria tag(String name, int priority, AbsoluteMarker marker) {
        return new TaggingCriteria(name, priority, false, List.of(BackupCriteria.absolute(marker)));
    }

    private static RetentionRule operational(String name, boolean isDefault, String deleteAfter) {
        return new RetentionRule(name, isDefault, List.of(
                new SourceLifeCycle(IsoDuration.parse(deleteAfter), DataStoreType.OperationalStore, List.of())));
    }

    private static RetentionRule vaulted(String name, String op, CopyOption copy, String vault) {
        return new RetentionRule(name, false, List.of(
                new SourceLifeCycle(IsoDuration.parse(op), DataStoreType.OperationalStore,
                        List.of(new TargetCopySetting(DataStoreType.VaultStore, copy))),
                new SourceLifeCycle(IsoDuration.parse(vault), DataStoreType.VaultStore, List.of())));
    }
}
