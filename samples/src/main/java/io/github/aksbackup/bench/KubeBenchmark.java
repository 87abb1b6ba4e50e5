package io.github.aksbackup.bench;

import static io.github.aksbackup.bench.BenchFigures.deleteTree;
import static io.github.aksbackup.bench.BenchFigures.fmt;
import static io.github.aksbackup.bench.BenchFigures.label;
import static io.github.aksbackup.bench.BenchFigures.loadAverage;
import static io.github.aksbackup.bench.BenchFigures.mb;
import static io.github.aksbackup.bench.BenchFigures.median;
import static io.github.aksbackup.bench.BenchFigures.range;
import static io.github.aksbackup.bench.BenchFigures.ratio;

import io.github.aksbackup.api.instance.BackupConfiguration;
import io.github.aksbackup.api.instance.BackupInstance;
import io.github.aksbackup.api.job.Job;
import io.github.aksbackup.api.restore.RestoreConfig;
import io.github.aksbackup.bench.BenchFigures.Row;
import io.github.aksbackup.cli.StandInApiServer;
import io.github.aksbackup.client.AksBackupClient;
import io.github.aksbackup.k8s.KubernetesClusterClient;
import io.github.aksbackup.policy.Policies;
import io.github.aksbackup.restore.RestoreOptions;
import io.github.aksbackup.restore.RestoreResult;
import io.github.aksbackup.spi.ResourceType;
import io.github.aksbackup.store.DirectoryObjectStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;

/**
 * Measures what a user feels of backup and restore against a real API server, each beside its floor,
 * and prints one table for one or two data sets ({@link BenchData}) with ratios:
 *
 * <ul>
 *   <li>the byte-only LIST floor: every collection the backup lists, paged ({@code limit=500}), bytes
 *       read and dropped, by a client outside the project ({@code scripts/bench-list-floor.py}); the
 *       fastest of the rounds;
 *   <li>the whole {@code aks-backup backup} process, cold, as a user starts it (the launcher), with
 *       its peak resident set and CPU time; once per {@code --cli-variant} when given, whose options are
 *       JVM options for {@code AKSB_JAVA_OPTS} and {@code NAME=value} words for the launcher's
 *       environment ({@code AKSB_CDS=off}), or {@code LAUNCHER=PATH} for another launcher (another
 *       build of the command line, to compare with in the same rounds);
 *   <li>{@code kubectl get TYPES -A -o json}, the whole process;
 *   <li>the warm SDK backup, in this JVM after a warm-up, and the bytes an unchanged second backup
 *       writes as a share of the first's;
 *   <li>restore against raw creates at the same concurrency (the load of the data set is the raw create).
 * </ul>
 *
 * Times are the median of {@code --rounds} with the range. With {@code --memory} only the cold
 * command line runs, reporting its peak heap (from its GC log) and resident set; with {@code --stand-in}
 * too, against an in-process stand-in API server that serves {@code --objects} ConfigMaps
 * ({@link StandInConfigMaps}), for counts a test API server on this machine cannot load in time. With {@code --jfr DIR}
 * one more cold run and one more warm backup are recorded by Java Flight Recorder (plus class-loading
 * and JIT logs of the cold run) into DIR; they do not count in the table. {@code scripts/bench-k8s.sh}
 * starts a fresh server and runs this.
 *
 * <pre>
 * java -cp samples/target/aks-backup-cli.jar io.github.aksbackup.bench.KubeBenchmark --kubeconfig FILE
 *     [--objects 20000] [--dataset configmaps|realistic|both] [--rounds 3] [--concurrency 16]
 *     [--launcher "samples/target/aks-backup"] [--cli-variant LABEL=OPTIONS]... [--memory] [--jfr DIR]
 *     [--reuse] [--stand-in] [--kubectl kubectl] [--floor scripts/bench-list-floor.py] [--qps 0]
 * </pre>
 */
public final class KubeBenchmark {
    private static final int PAGE = 500;
    /** A variant's word that runs another launcher (another build, to compare with) instead of {@code --launcher}. */
    private static final String LAUNCHER_WORD = "LAUNCHER=";
    private static final Pattern GC_PAUSE = Pattern.compile("(\\d+)M->(\\d+)M\\(\\d+M\\)");
    private static final Pattern EXIT_USED = Pattern.compile(
            "(?:garbage-first heap|def new generation|tenured generation|PSYoungGen|ParOldGen)\\s+total \\d+K, used (\\d+)K");

    private final KubeBenchmarkOptions opt;
    /** Raw HTTP to the API server: bulk creates and the floor, beside what the SDK does. */
    private final RawKubeApi api;
    private final Path work;
    private final List<Row> rows = new ArrayList<>();

    private KubeBenchmark(KubeBenchmarkOptions opt) throws Exception {
        this.opt = opt;
        this.api = new RawKubeApi(opt.kubeconfig);
        this.work = Files.createTempDirectory("aksb-bench");
    }

    public static void main(String[] args) throws Exception {
        KubeBenchmarkOptions o = KubeBenchmarkOptions.parse(args);
        StandInApiServer standIn = null;
        if (o.standIn) {
            if (!o.datasets.equals(List.of(BenchData.CONFIGMAPS))) {
                throw new IllegalArgumentException("--stand-in serves --dataset configmaps only");
            }
            o.memory = true;
            Path dir = Files.createTempDirectory("aksb-stand-in");
            standIn = StandInApiServer.start(dir, new StandInConfigMaps(BenchData.CONFIGMAPS.namespace, o.objects));
            o.kubeconfig = standIn.writeKubeconfig(dir.resolve("kubeconfig"));
        }
        if (o.kubeconfig == null) {
            throw new IllegalArgumentException("--kubeconfig FILE (or --stand-in) is required");
        }
        if (o.launcher == null) {
            o.launcher = Files.isExecutable(Path.of("samples/target/aks-backup")) ? "samples/target/aks-backup"
                    : "java -jar samples/target/aks-backup-cli.jar";
        }
        if (o.variants.isEmpty()) {
            o.variants.put("", "");
        }
        if (o.jfr != null) {
            Files.createDirectories(o.jfr);
        }
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
        new KubeBenchmark(o).run();
        System.exit(0);
    }

    private void run() throws Exception {
        String load = loadAverage();
        Map<BenchData, Long> listedBytes = new LinkedHashMap<>();
        for (BenchData d : opt.datasets) {
            Double create = opt.standIn ? null : api.load(d, opt);
            if (opt.memory) {
                cliRows(d, true);
                continue;
            }
            double floor = floor(d, listedBytes);
            add("byte-only LIST floor (python, limit " + PAGE + ", fastest)", d, fmt(floor), "1.00");
            cliRows(d, false);
            List<Double> kubectl = rounds(() -> kubectl(d));
            add("kubectl get TYPES -A -o json, whole process", d, range(kubectl),
                    ratio(median(kubectl) / floor) + "; CLI " + ratio(median(kubectl) / cliMedian.get(d)) + " faster");
            warmRows(d, floor);
            if (create != null) {
                restoreRows(d, create);
            }
        }
        System.out.printf(Locale.ROOT, "%n%,d objects per data set, kube-apiserver %s, %d cores, Java %s; launcher: %s; "
                + "load average before: %s, after: %s; %d rounds (median, range)%n", opt.objects, api.version(),
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), opt.launcher, load, loadAverage(),
                opt.rounds);
        listedBytes.forEach((d, b) -> System.out.printf(Locale.ROOT, "%s: %.1f MB as listed JSON (every type the backup lists); "
                + "kubectl TYPES: %s%n", d.id, b / 1e6, String.join(",", d.kubectlTypes)));
        System.out.println();
        BenchFigures.printTable(rows, opt.datasets);
    }

    // ---- the floor ----

    /** Every collection the backup of one namespace lists: the namespaces, and each listable namespaced type in it. */
    private List<String> backupCollections(BenchData d) {
        List<String> paths = new ArrayList<>();
        paths.add("/api/v1/namespaces");
        try (KubernetesClusterClient cluster = client()) {
            for (ResourceType t : cluster.discover()) {
                if (t.namespaced() && t.allows("list") && t.allows("get")) {
                    paths.add((t.group().isEmpty() ? "/api/" + t.version() : "/apis/" + t.group() + "/" + t.version())
                            + "/namespaces/" + d.namespace + "/" + t.plural());
                }
            }
        }
        return paths;
    }

    private double floor(BenchData d, Map<BenchData, Long> listedBytes) throws Exception {
        List<String> paths = backupCollections(d);
        System.err.printf(Locale.ROOT, "%s: byte-only LIST floor over %d collections...%n", d.id, paths.size());
        Path list = work.resolve("paths-" + d.id);
        Files.write(list, paths);
        Path ca = work.resolve("ca.pem");
        Files.write(ca, api.caPem);
        ProcessBuilder pb = new ProcessBuilder("python3", opt.floor, "--server", api.server, "--ca", ca.toString(), "--limit",
                Integer.toString(PAGE), "--rounds", Integer.toString(opt.rounds), list.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        pb.environment().put("AKSB_BENCH_TOKEN", api.token);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException("the floor script failed: " + out);
        }
        Matcher secs = Pattern.compile("\"seconds\": \\[([^\\]]*)\\]").matcher(out);
        Matcher bytes = Pattern.compile("\"bytes\": (\\d+)").matcher(out);
        if (!secs.find() || !bytes.find()) {
            throw new IOException("unexpected output of the floor script: " + out);
        }
        listedBytes.put(d, Long.parseLong(bytes.group(1)));
        return Arrays.stream(secs.group(1).split(",")).mapToDouble(s -> Double.parseDouble(s.trim())).min().orElseThrow();
    }

    // ---- the command line, cold ----

    private final Map<BenchData, Double> cliMedian = new LinkedHashMap<>();
    private final Map<BenchData, Double> floors = new LinkedHashMap<>();

    /**
     * The result of one process: wall seconds, CPU seconds (user + system, -1 unknown), peak resident
     * set (MiB, -1 unknown), peak heap in use (MiB, -1 unknown).
     */
    private record ProcessRun(double seconds, double cpu, double rssMb, double heapMb) {
    }

    private void cliRows(BenchData d, boolean memory) throws Exception {
        Path config = work.resolve("config-" + d.id + ".json");
        Files.writeString(config, "{\"objectType\":\"KubernetesClusterBackupDatasourceParameters\",\"includedNamespaces\":[\""
                + d.namespace + "\"],\"snapshotVolumes\":false,\"includeClusterScopeResources\":false}");
        // Rounds go across the variants (A B C, A B C, ...), so that a change in the machine's load
        // between rounds falls on every variant alike.
        Map<String, List<ProcessRun>> runs = new LinkedHashMap<>();
        for (int r = 0; r < opt.rounds; r++) {
            for (Map.Entry<String, String> v : opt.variants.entrySet()) {
                System.err.printf(Locale.ROOT, "%s: aks-backup backup, cold process%s, round %d...%n", d.id, label(v.getKey()), r + 1);
                runs.computeIfAbsent(v.getKey(), k -> new ArrayList<>()).add(cli(d, config, v.getValue(), memory, null));
            }
        }
        boolean first = true;
        for (Map.Entry<String, String> v : opt.variants.entrySet()) {
            String label = label(v.getKey());
            List<ProcessRun> of = runs.get(v.getKey());
            List<Double> secs = of.stream().map(ProcessRun::seconds).toList();
            double rss = of.stream().mapToDouble(ProcessRun::rssMb).max().orElse(-1);
            double heap = of.stream().mapToDouble(ProcessRun::heapMb).max().orElse(-1);
            if (first) {
                cliMedian.put(d, median(secs));
            }
            Double floor = floors.get(d);
            add("aks-backup backup, whole process, cold" + label, d, range(secs), floor == null ? "" : ratio(median(secs) / floor));
            add("  CPU (user + system)" + label, d, range(of.stream().map(ProcessRun::cpu).toList()), "");
            add("  peak RSS" + (memory ? " / peak heap in use" : "") + label, d,
                    mb(rss) + (memory ? " / " + mb(heap) : ""), "");
            if (first && opt.jfr != null && !memory) {
                System.err.printf(Locale.ROOT, "%s: one more cold run with Java Flight Recorder...%n", d.id);
                cli(d, config, v.getValue(), false, opt.jfr.resolve("cold-" + d.id));
            }
            first = false;
        }
    }

    /**
     * Runs {@code aks-backup backup} once into a new vault, as a user would, under {@code /usr/bin/time}
     * for the peak resident set; with {@code profile} set, also under Java Flight Recorder with class
     * loading and JIT logged, into files starting with {@code profile}.
     */
    private ProcessRun cli(BenchData d, Path config, String jvmOptions, boolean gcLog, Path profile) throws Exception {
        Path vault = Files.createTempDirectory(work, "cli-vault-");
        Path timeFile = work.resolve("time.txt");
        Path gcFile = work.resolve("gc.log");
        Files.deleteIfExists(gcFile);
        List<String> cmd = new ArrayList<>();
        boolean timed = Files.isExecutable(Path.of("/usr/bin/time"));
        if (timed) {
            cmd.addAll(List.of("/usr/bin/time", "-f", "%e %U %S %M", "-o", timeFile.toString()));
        }
        String launcher = opt.launcher;
        for (String word : jvmOptions.trim().split("\\s+")) {
            if (word.startsWith(LAUNCHER_WORD)) {
                launcher = word.substring(LAUNCHER_WORD.length());
            }
        }
        cmd.addAll(Arrays.asList(launcher.trim().split("\\s+")));
        cmd.addAll(List.of("backup", "--kubeconfig", opt.kubeconfig.toString(), "--vault", vault.toString(), "--config",
                config.toString(), "--instance", "bench", "--qps", Double.toString(opt.qps)));
        String jvm = jvmOptions;
        if (gcLog) {
            jvm += " -Xlog:gc:file=" + gcFile + " -Xlog:gc+heap+exit:file=" + gcFile;
        }
        Path stdout = work.resolve("cli.out");
        if (profile != null) {
            jvm += " -XX:StartFlightRecording=filename=" + profile + ".jfr,settings=profile -Xlog:class+load=info:file=" + profile
                    + "-classload.log -XX:+PrintCompilation";
            stdout = Path.of(profile + "-stdout.log");
        }
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(stdout.toFile()).redirectErrorStream(true);
        // A variant's NAME=value words (AKSB_CDS=off) go to the environment, the rest to AKSB_JAVA_OPTS.
        StringBuilder javaOpts = new StringBuilder(System.getenv().getOrDefault("AKSB_JAVA_OPTS", ""));
        for (String word : jvm.trim().split("\\s+")) {
            if (word.startsWith(LAUNCHER_WORD)) {
                continue;
            }
            if (word.matches("[A-Z][A-Z0-9_]*=.*")) {
                pb.environment().put(word.substring(0, word.indexOf('=')), word.substring(word.indexOf('=') + 1));
            } else if (!word.isEmpty()) {
                javaOpts.append(' ').append(word);
            }
        }
        pb.environment().put("AKSB_JAVA_OPTS", javaOpts.toString().trim());
        long t0 = System.nanoTime();
        int code = pb.start().waitFor();
        double s = (System.nanoTime() - t0) / 1e9;
        if (code != 0) {
            throw new IOException("aks-backup backup exited with " + code + ": " + Files.readString(stdout));
        }
        double rss = -1;
        double cpu = -1;
        if (timed) {
            String[] lines = Files.readString(timeFile).trim().split("\n");
            String[] t = lines[lines.length - 1].trim().split("\\s+");
            cpu = Double.parseDouble(t[1]) + Double.parseDouble(t[2]);
            rss = Long.parseLong(t[3]) / 1024.0;
        }
        double heap = -1;
        if (gcLog && Files.exists(gcFile)) {
            String log = Files.readString(gcFile);
            Matcher m = GC_PAUSE.matcher(log);
            while (m.find()) {
                heap = Math.max(heap, Long.parseLong(m.group(1)));
            }
            Matcher e = EXIT_USED.matcher(log);
            long atExit = 0;
            while (e.find()) {
                atExit += Long.parseLong(e.group(1));
            }
            heap = Math.max(heap, atExit / 1024.0);
        }
        deleteTree(vault);
        return new ProcessRun(s, cpu, rss, heap);
    }

    // ---- kubectl ----

    private double kubectl(BenchData d) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(opt.kubectl, "--kubeconfig", opt.kubeconfig.toString(), "get",
                String.join(",", d.kubectlTypes), "-A", "-o", "json")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.INHERIT);
        long t0 = System.nanoTime();
        Process p = pb.start();
        if (p.waitFor() != 0) {
            throw new IOException("kubectl exited with " + p.exitValue());
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    // ---- the SDK, warm ----

    /**
     * Our cluster client. Its request-rate limit (500/s by default) is off unless {@code --qps} sets one:
     * the raw baselines have none, and the comparison is of the work per request at equal concurrency.
     */
    private KubernetesClusterClient client() {
        return KubernetesClusterClient.builder().kubeconfig(opt.kubeconfig).rateLimit(opt.qps, (int) Math.max(1, opt.qps * 2)).build();
    }

    private void warmRows(BenchData d, double floor) throws Exception {
        System.err.printf(Locale.ROOT, "%s: SDK backup in this JVM (a warm-up, then %d rounds)...%n", d.id, opt.rounds);
        backup(d, work.resolve("warmup-" + d.id));
        List<Double> secs = new ArrayList<>();
        Job first = null;
        Path vault = null;
        for (int r = 0; r < opt.rounds; r++) {
            if (vault != null) {
                deleteTree(vault);
            }
            vault = work.resolve("vault-" + d.id + "-" + r);
            long t0 = System.nanoTime();
            first = backup(d, vault);
            secs.add((System.nanoTime() - t0) / 1e9);
        }
        add("SDK backup, warm JVM (after a warm-up)", d, range(secs), ratio(median(secs) / floor));
        Job second = backup(d, vault);
        add("  unchanged second backup: bytes written", d, String.format(Locale.ROOT, "%,d of %,d", second.counts().bytesNew(),
                first.counts().bytesNew()), String.format(Locale.ROOT, "%.4f %%", 100.0 * second.counts().bytesNew()
                        / first.counts().bytesNew()));
        lastVault.put(d, vault);
        lastRecoveryPoint.put(d, first.recoveryPointId());
        if (opt.jfr != null) {
            System.err.printf(Locale.ROOT, "%s: one more warm backup with Java Flight Recorder...%n", d.id);
            Path profiled = work.resolve("vault-" + d.id + "-jfr");
            try (Recording rec = new Recording(Configuration.getConfiguration("profile"))) {
                rec.setDestination(opt.jfr.resolve("warm-" + d.id + ".jfr"));
                rec.start();
                backup(d, profiled);
                rec.stop();
            }
            deleteTree(profiled);
        }
        deleteTree(work.resolve("warmup-" + d.id));
    }

    private final Map<BenchData, Path> lastVault = new LinkedHashMap<>();
    private final Map<BenchData, String> lastRecoveryPoint = new LinkedHashMap<>();

    private Job backup(BenchData d, Path vault) throws Exception {
        try (KubernetesClusterClient cluster = client();
                AksBackupClient sdk = AksBackupClient.builder().vault(new DirectoryObjectStore(vault)).cluster(cluster).buildClient()) {
            sdk.createVault();
            sdk.configureProtection(new BackupInstance("bench", "bench", "",
                    BackupConfiguration.builder().includedNamespaces(d.namespace).includeClusterScopeResources(false).build(), null,
                    null), defaultPolicy());
            Job job = sdk.backupNow("bench");
            if (job.counts().seen() < opt.objects) {
                throw new IllegalStateException("the backup saw " + job.counts().seen() + " objects, expected " + opt.objects + ": "
                        + job.errors());
            }
            return job;
        }
    }

    // ---- restore ----

    private void restoreRows(BenchData d, double createSeconds) throws Exception {
        String target = d.namespace + "-restored-" + Long.toString(System.currentTimeMillis() % 1_000_000, 36);
        System.err.printf(Locale.ROOT, "%s: aks-backup restore of %,d objects into namespace %s...%n", d.id, opt.objects, target);
        double s;
        try (KubernetesClusterClient cluster = client();
                AksBackupClient sdk = AksBackupClient.builder().vault(new DirectoryObjectStore(lastVault.get(d))).cluster(cluster)
                        .restoreOptions(RestoreOptions.DEFAULTS.withParallelism(opt.concurrency)).buildClient()) {
            long t0 = System.nanoTime();
            RestoreResult r = sdk.restore(RestoreConfig.builder().recoveryPointId(lastRecoveryPoint.get(d))
                    .mapNamespace(d.namespace, target).build());
            s = (System.nanoTime() - t0) / 1e9;
            if (r.job().counts().succeeded() < opt.objects) {
                throw new IllegalStateException("the restore created " + r.job().counts().succeeded() + " objects, expected "
                        + opt.objects + ": " + r.job().errors());
            }
        }
        add("raw create (HTTP, " + opt.concurrency + " concurrent)", d, String.format(Locale.ROOT, "%.2f s, %,.0f/s", createSeconds,
                opt.objects / createSeconds), "1.00");
        add("aks-backup restore (" + opt.concurrency + " concurrent)", d, String.format(Locale.ROOT, "%.2f s, %,.0f/s", s,
                opt.objects / s), ratio(createSeconds / s) + " of create's rate");
    }

    private static io.github.aksbackup.api.policy.BackupPolicy defaultPolicy() throws IOException {
        try (InputStream in = KubeBenchmark.class.getResourceAsStream("/io/github/aksbackup/cli/policies/aks-default.json")) {
            return Policies.read(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    // ---- helpers ----

    /** A measurement that returns seconds. */
    @FunctionalInterface
    private interface Timed {
        double seconds() throws Exception;
    }

    private List<Double> rounds(Timed t) throws Exception {
        List<Double> s = new ArrayList<>();
        for (int i = 0; i < opt.rounds; i++) {
            s.add(t.seconds());
        }
        return s;
    }

    private void add(String what, BenchData d, String value, String vs) {
        if (what.startsWith("byte-only")) {
            floors.put(d, Double.parseDouble(value.substring(0, value.indexOf(' '))));
        }
        Row row = rows.stream().filter(r -> r.what().equals(what)).findFirst().orElse(null);
        if (row == null) {
            row = new Row(what, new LinkedHashMap<>(), "");
            rows.add(row);
        }
        row.cells().put(d, value + (vs.isEmpty() ? "" : "  " + vs));
    }

}
