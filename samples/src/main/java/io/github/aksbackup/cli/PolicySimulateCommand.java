package io.github.aksbackup.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.aksbackup.api.DataStoreType;
import io.github.aksbackup.api.policy.BackupPolicy;
import io.github.aksbackup.api.policy.ScheduleTrigger;
import io.github.aksbackup.retention.PlannedCopy;
import io.github.aksbackup.schedule.ScheduleZones;
import io.github.aksbackup.simulate.CostProjection;
import io.github.aksbackup.simulate.MonthSummary;
import io.github.aksbackup.simulate.PolicySimulator;
import io.github.aksbackup.simulate.Prices;
import io.github.aksbackup.simulate.SimulatedRecoveryPoint;
import io.github.aksbackup.simulate.SimulationJson;
import io.github.aksbackup.simulate.SimulationResult;
import io.github.aksbackup.simulate.Workload;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code aks-backup policy simulate}: plays a policy over a time window and prints every recovery point
 * with its tag and copies, a summary per month and, with prices, the monthly cost per tier.
 */
@Command(name = "simulate",
        mixinStandardHelpOptions = true,
        description = {"Play a backup policy over [--start, --until) without waiting: every slot is a backup "
                + "that succeeds unless given with --fail; the simulation starts with no earlier recovery points.",
            "Prints each recovery point (UTC) with its tag and its copies (created .. expiry), then a summary "
                + "per month; --json prints {recoveryPoints:[{time,tag,stores:[{type,created,expiry}]}],liveAtEnd}.",
            "--html FILE writes one self-contained page (no network) that draws the same data: every copy as a bar from "
                + "creation to expiry per tier, failed slots, live copies over time and the monthly cost.",
            "An invalid policy is reported as by 'policy validate' (exit 2)."})
final class PolicySimulateCommand implements Callable<Integer> {
    @Mixin
    PolicyCommand.PolicyFile policyFile;

    @Option(names = "--start", required = true, paramLabel = "ISO",
            description = "Start (inclusive): 2026-01-01T00:00:00Z, an offset date-time, or a local date(-time) in the schedule's zone.")
    String start;

    @Option(names = "--until", required = true, paramLabel = "ISO", description = "End (exclusive), same forms as --start.")
    String until;

    @Option(names = "--fail", paramLabel = "ISO", description = "A slot whose backup fails (repeatable); it must be a slot in the window.")
    List<String> failures = new ArrayList<>();

    @Option(names = "--zone", paramLabel = "ZONE",
            description = "Take slots and calendar periods in this zone (IANA id or Windows name) instead of the policy's.")
    String zone;

    @Option(names = "--json", description = "Print JSON instead of tables.")
    boolean json;

    @Option(names = "--html", paramLabel = "FILE",
            description = "Also write the simulation as a page to FILE (the --json document embedded as script#simulation); "
                    + "prints one line unless --json is given.")
    Path htmlFile;

    @Option(names = "--prices", paramLabel = "FILE",
            description = "Prices JSON {currency, protectedInstancePerNamespaceMonth, snapshotPerGbMonth, vaultPerGbMonth}: "
                    + "also print the monthly cost per tier (needs --namespaces, --size-gb, --change-rate).")
    Path pricesFile;

    @Option(names = "--namespaces", paramLabel = "N", description = "Protected namespaces, for the cost projection.")
    Integer namespaces;

    @Option(names = "--size-gb", paramLabel = "G", description = "Data per namespace in GB, for the cost projection.")
    Double sizeGb;

    @Option(names = "--change-rate", paramLabel = "R", description = "Fraction of the data changed per day (0.02 = 2 %%), for the cost projection.")
    Double changeRate;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Workload workload = workload();
        BackupPolicy policy = policyFile.read().policy();
        ZoneId simulationZone = zone != null ? ScheduleZones.resolve(zone) : policyZone(policy);
        Instant from = instant("--start", start, simulationZone);
        Instant to = instant("--until", until, simulationZone);
        List<Instant> failing = failures.stream().map(f -> instant("--fail", f, simulationZone)).toList();
        SimulationResult result = PolicySimulator.simulate(policy, from, to, failing, zone == null ? null : simulationZone);
        CostProjection cost = workload == null ? null : CostProjection.of(result, Prices.read(pricesFile), workload);
        PrintWriter out = spec.commandLine().getOut();
        String document = null;
        if (json || htmlFile != null) {
            ObjectNode tree = SimulationJson.toTree(result);
            if (cost != null) {
                cost.toTree(tree);
            }
            document = PageJson.write(tree);
        }
        if (htmlFile != null) {
            HtmlPage.write(htmlFile, HtmlPage.render("Policy simulation: " + result.policyName(), "simulation", document, "simulation.js"));
        }
        if (json) {
            out.print(document);
        } else if (htmlFile != null) {
            out.printf(Locale.ROOT, "Wrote %s: %d recovery points, %d failed slots, %s to %s%n", htmlFile, result.recoveryPoints().size(),
                    result.failedSlots().size(), SimulationJson.format(result.start()), SimulationJson.format(result.end()));
        } else {
            printTables(out, result, cost);
        }
        out.flush();
        return AksBackupCli.OK;
    }

    private Workload workload() {
        boolean any = namespaces != null || sizeGb != null || changeRate != null;
        if (pricesFile == null) {
            if (any) {
                throw new IllegalArgumentException("--namespaces, --size-gb and --change-rate are for the cost projection; add --prices FILE");
            }
            return null;
        }
        if (namespaces == null || sizeGb == null || changeRate == null) {
            throw new IllegalArgumentException("--prices needs --namespaces N, --size-gb G and --change-rate R as well");
        }
        return new Workload(namespaces, sizeGb, changeRate);
    }

    private static ZoneId policyZone(BackupPolicy policy) {
        return policy.scheduledRule().map(r -> ((ScheduleTrigger) r.trigger()).schedule().timeZone())
                .map(ScheduleZones::resolve).orElse(ScheduleZones.resolve(null));
    }

    /** An instant from an ISO instant or offset date-time, or a local date(-time) in the zone. */
    static Instant instant(String option, String text, ZoneId zone) {
        String t = text.trim();
        try {
            return OffsetDateTime.parse(t).toInstant();
        } catch (DateTimeException notOffset) {
            try {
                return ZonedDateTime.of(LocalDateTime.parse(t), zone).toInstant();
            } catch (DateTimeException notLocal) {
                try {
                    return LocalDate.parse(t).atStartOfDay(zone).toInstant();
                } catch (DateTimeException notDate) {
                    throw new IllegalArgumentException(option + " '" + text + "' is not an ISO date-time such as "
                            + "2026-01-01T00:00:00Z, 2026-01-01T00:00:00+01:00, 2026-01-01T00:00 or 2026-01-01");
                }
            }
        }
    }

    private static void printTables(PrintWriter out, SimulationResult r, CostProjection cost) {
        out.printf(Locale.ROOT, "Policy %s from %s until %s, time zone %s%n", r.policyName(), SimulationJson.format(r.start()),
                SimulationJson.format(r.end()), zoneName(r.zone()));
        out.println();
        TextTable rps = new TextTable("TIME (UTC)", "TAG", "OPERATIONAL STORE", "VAULT STORE");
        List<Instant> failed = r.failedSlots();
        int f = 0;
        for (SimulatedRecoveryPoint rp : r.recoveryPoints()) {
            while (f < failed.size() && failed.get(f).isBefore(rp.time())) {
                rps.row(SimulationJson.format(failed.get(f++)), "FAILED", "-", "-");
            }
            rps.row(SimulationJson.format(rp.time()), rp.tag(), span(rp, DataStoreType.OperationalStore), span(rp, DataStoreType.VaultStore));
        }
        while (f < failed.size()) {
            rps.row(SimulationJson.format(failed.get(f++)), "FAILED", "-", "-");
        }
        rps.print(out);
        out.println();
        out.printf(Locale.ROOT, "Per month (%s):%n", zoneName(r.zone()));
        TextTable months = new TextTable("MONTH", "RPS>", "FAILED>", "VAULT COPIES>", "LIVE OPERATIONAL>", "LIVE VAULT>", "TAGS");
        for (MonthSummary m : r.monthly()) {
            months.row(m.month(), m.recoveryPoints(), m.failedSlots(), m.vaultCopiesMade(),
                    m.liveAtMonthEnd().get(DataStoreType.OperationalStore), m.liveAtMonthEnd().get(DataStoreType.VaultStore),
                    m.byTag().entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", ")));
        }
        months.print(out);
        out.println("(LIVE = copies live at the end of the month or of the window)");
        Map<DataStoreType, Integer> live = r.liveAtEnd();
        out.printf(Locale.ROOT, "%nRecovery points: %d, failed slots: %d; live at %s: OperationalStore %d, VaultStore %d%n",
                r.recoveryPoints().size(), failed.size(), SimulationJson.format(r.end()),
                live.get(DataStoreType.OperationalStore), live.get(DataStoreType.VaultStore));
        if (cost != null) {
            printCost(out, cost);
        }
    }

    private static String zoneName(ZoneId zone) {
        return zone.equals(java.time.ZoneOffset.UTC) ? "UTC" : zone.getId();
    }

    private static String span(SimulatedRecoveryPoint rp, DataStoreType store) {
        return rp.copy(store).map(PolicySimulateCommand::span).orElse("-");
    }

    private static String span(PlannedCopy c) {
        return SimulationJson.format(c.created()) + " .. " + SimulationJson.format(c.expiry());
    }

    private static void printCost(PrintWriter out, CostProjection cost) {
        Workload w = cost.workload();
        out.printf(Locale.ROOT, "%nCost per month in %s (%d namespaces x %s GB, %s %% change per day):%n", cost.prices().currency(),
                w.namespaces(), plain(w.sizeGbPerNamespace()), plain(w.dailyChangeRate() * 100));
        TextTable t = new TextTable("MONTH", "PROTECTED INSTANCES>", "SNAPSHOT GB-MONTHS>", "SNAPSHOT>",
                "VAULT GB-MONTHS>", "VAULT>", "TOTAL>");
        for (CostProjection.MonthlyCost c : cost.months()) {
            t.row(c.month(), CostProjection.round(c.protectedInstances()), CostProjection.round(c.snapshotGbMonths()),
                    CostProjection.round(c.snapshot()), CostProjection.round(c.vaultGbMonths()), CostProjection.round(c.vault()),
                    CostProjection.round(c.total()));
        }
        t.row("TOTAL", "", "", "", "", "", CostProjection.round(cost.total()));
        t.print(out);
    }

    private static String plain(double v) {
        return java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }
}
