package io.github.aksbackup.bench;

import io.github.aksbackup.api.instance.BackupConfiguration;
import io.github.aksbackup.api.instance.BackupInstance;
import io.github.aksbackup.api.job.Job;
import io.github.aksbackup.api.restore.RestoreConfig;
import io.github.aksbackup.client.AksBackupClient;
import io.github.aksbackup.k8s.KubernetesClusterClient;
import io.github.aksbackup.policy.Policies;
import io.github.aksbackup.restore.RestoreResult;
import io.github.aksbackup.spi.ListOptions;
import io.github.aksbackup.spi.Page;
import io.github.aksbackup.spi.ResourceType;
import io.github.aksbackup.store.DirectoryObjectStore;
import io.kubernetes.client.util.KubeConfig;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Measures backup and restore against a real API server, each beside its baseline, and prints a
 * table: raw paged LIST (plain HTTP, {@code limit=500}) against our backup of the same objects,
 * {@code kubectl get -A -o json} of them, raw concurrent creates against our restore at the same
 * concurrency, and the peak heap of each. The server should hold nothing else of the type; {@code
 * scripts/bench-k8s.sh} starts a fresh one and runs this.
 *
 * <pre>
 * java -cp samples/target/aks-backup-cli.jar io.github.aksbackup.bench.KubeBenchmark \
 *     --kubeconfig FILE [--objects 20000] [--concurrency 16] [--rounds 3] [--kubectl kubectl]
 * </pre>
 */
public final class KubeBenchmark {
    private static final Pattern CONTINUE = Pattern.compile("\"continue\":\"([^\"]+)\"");
    private static final int PAGE = 500;

    private final Path kubeconfig;
    private final int objects;
    private final int concurrency;
    private final int rounds;
    private final String kubectl;
    /** Our clients' request-rate limit (requests per second; 0 = none), for comparisons with unlimited raw HTTP. */
    private final double qps;
    private final HttpClient http;
    private final String server;
    private final String token;
    private final String namespace = "bench";
    /** How long the last backup took, without connecting and configuring. */
    private double lastSeconds;

    private KubeBenchmark(Path kubeconfig, int objects, int concurrency, int rounds, String kubectl, double qps) throws Exception {
        this.kubeconfig = kubeconfig;
        this.qps = qps;
        this.objects = objects;
        this.concurrency = concurrency;
        this.rounds = rounds;
        this.kubectl = kubectl;
        KubeConfig config;
        try (Reader r = Files.newBufferedReader(kubeconfig)) {
            config = KubeConfig.loadKubeConfig(r);
        }
        config.setFile(kubeconfig.toFile());
        this.server = config.getServer();
        this.token = (String) config.getCredentials().get(KubeConfig.CRED_TOKEN_KEY);
        if (token == null) {
            throw new IllegalArgumentException("the benchmark's raw HTTP baseline needs a token user in " + kubeconfig);
        }
        this.http = HttpClient.newBuilder().sslContext(trusting(config.getDataOrFileRelative(
                config.getCertificateAuthorityData(), config.getCertificateAuthorityFile()))).build();
    }

    public static void main(String[] args) throws Exception {
        Path kubeconfig = null;
        int objects = 20_000;
        int concurrency = 16;
        int rounds = 3;
        String kubectl = "kubectl";
        double qps = 0;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--kubeconfig" -> kubeconfig = Path.of(args[++i]);
                case "--objects" -> objects = Integer.parseInt(args[++i]);
                case "--concurrency" -> concurrency = Integer.parseInt(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--kubectl" -> kubectl = args[++i];
                case "--qps" -> qps = Double.parseDouble(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + "; use --kubeconfig FILE [--objects N] [--concurrency C] [--rounds R] [--kubectl PATH] [--qps Q]");
            }
        }
        if (kubeconfig == null) {
            throw new IllegalArgumentException("--kubeconfig FILE is required");
        }
        new KubeBenchmark(kubeconfig, objects, concurrency, rounds, kubectl, qps).run();
    }

    private void run() throws Exception {
        List<String[]> rows = new ArrayList<>();
        System.err.printf(Locale.ROOT, "creating %,d ConfigMaps in namespace %s, %d at a time (raw HTTP)...%n",
                objects, namespace, concurrency);
        post("/api/v1/namespaces", "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"" + namespace + "\"}}");
        double createSeconds = rawCreate();
        double rawCreateRate = objects / createSeconds;

        System.err.println("raw paged LIST...");
        long[] bytes = new long[1];
        rawList(bytes); // warm-up: TLS session, JIT
        double rawList = median(rounds, () -> rawList(bytes));

        System.err.println("KubernetesClusterClient.list...");
        clientList(); // warm-up
        double clientList = median(rounds, this::clientList);

        Path work = Files.createTempDirectory("aksb-bench");
        double[] backupPeak = new double[1];
        String[] rp = new String[1];
        System.err.println("aks-backup backup...");
        int[] round = {0};
        // The first backup in a fresh JVM also pays for class loading and JIT; it is reported on its own.
        resetPeaks();
        rp[0] = backup(work.resolve("vault-cold"));
        double coldBackup = lastSeconds;
        backupPeak[0] = peakHeapMb();
        double backup = median(rounds, () -> {
            Path vault = work.resolve("vault-" + round[0]++);
            resetPeaks();
            rp[0] = backup(vault);
            backupPeak[0] = Math.max(backupPeak[0], peakHeapMb());
            return lastSeconds;
        });
        Path lastVault = work.resolve("vault-" + (round[0] - 1));

        System.err.println("kubectl get configmaps -A -o json...");
        double kubectlSeconds = kubectl();

        System.err.printf(Locale.ROOT, "aks-backup restore of %,d ConfigMaps into namespace %s-restored...%n", objects, namespace);
        resetPeaks();
        double restoreSeconds = restore(lastVault, rp[0]);
        double restorePeak = peakHeapMb();
        double restoreRate = objects / restoreSeconds;

        rows.add(row("raw paged LIST (HTTP, limit " + PAGE + ")", rawList, objects / rawList, "1.00", "", ""));
        rows.add(row("aks-backup backup (same objects)", backup, objects / backup, ratio(backup / rawList) + " of LIST",
                "<= 1.5x", backup / rawList <= 1.5 ? "met" : "MISSED"));
        rows.add(row("  of which: client LIST into objects", clientList, objects / clientList,
                ratio(clientList / rawList) + " of LIST", "", ""));
        rows.add(row("  first backup in a fresh JVM", coldBackup, objects / coldBackup, ratio(coldBackup / rawList) + " of LIST",
                "", ""));
        rows.add(kubectlSeconds < 0 ? new String[] {"kubectl get configmaps -A -o json", "n/a", "", "kubectl not found", "", ""}
                : row("kubectl get configmaps -A -o json", kubectlSeconds, objects / kubectlSeconds,
                        "ours " + ratio(kubectlSeconds / backup) + " faster", ">= 5x", kubectlSeconds / backup >= 5 ? "met" : "MISSED"));
        rows.add(row("raw create (HTTP, " + concurrency + " concurrent)", createSeconds, rawCreateRate, "1.00", "", ""));
        rows.add(row("aks-backup restore (" + concurrency + " concurrent)", restoreSeconds, restoreRate,
                ratio(restoreRate / rawCreateRate) + " of create", ">= 0.8x", restoreRate / rawCreateRate >= 0.8 ? "met" : "MISSED"));

        System.out.printf(Locale.ROOT, "%n%,d ConfigMaps (%.1f MB as listed JSON), kube-apiserver %s, %d cores, Java %s, "
                + "median of %d rounds after a warm-up for LIST and backup; our client's rate limit: %s%n%n", objects, bytes[0] / 1e6,
                version(), Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), rounds,
                qps > 0 ? String.format(Locale.ROOT, "%.0f requests/s", qps) : "off (--qps Q sets one; default in the SDK: 500/s)");
        print(rows);
        System.out.printf(Locale.ROOT, "%npeak heap: backup %.0f MB, restore %.0f MB (max heap %d MB)%n", backupPeak[0], restorePeak,
                Runtime.getRuntime().maxMemory() >> 20);
    }

    // ---- baselines ----

    private double rawCreate() throws Exception {
        StringBuilder value = new StringBuilder();
        while (value.length() < 100) {
            value.append("lorem-ipsum-");
        }
        String v = value.substring(0, 100);
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        long t0 = System.nanoTime();
        List<Future<?>> workers = new ArrayList<>();
        for (int w = 0; w < concurrency; w++) {
            workers.add(pool.submit(() -> {
                for (int i = next.getAndIncrement(); i < objects; i = next.getAndIncrement()) {
                    StringBuilder data = new StringBuilder();
                    for (int k = 0; k < 10; k++) {
                        data.append(k == 0 ? "" : ",").append("\"key-").append(k).append("\":\"").append(v).append('"');
                    }
                    post("/api/v1/namespaces/" + namespace + "/configmaps", "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\","
                            + "\"metadata\":{\"name\":\"cm-" + i + "\",\"labels\":{\"app\":\"bench\",\"shard\":\"" + (i % 10)
                            + "\"}},\"data\":{" + data + "}}");
                }
                return null;
            }));
        }
        for (Future<?> f : workers) {
            f.get();
        }
        double s = (System.nanoTime() - t0) / 1e9;
        pool.shutdown();
        return s;
    }

    private double rawList(long[] bytes) throws Exception {
        long t0 = System.nanoTime();
        String cont = null;
        long total = 0;
        do {
            String url = server + "/api/v1/configmaps?limit=" + PAGE + (cont == null ? "" : "&continue=" + cont);
            HttpResponse<byte[]> r = http.send(request(url).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
            if (r.statusCode() != 200) {
                throw new IOException("LIST answered " + r.statusCode());
            }
            total += r.body().length;
            // metadata (with the continue token) comes before the items
            Matcher m = CONTINUE.matcher(new String(r.body(), 0, Math.min(r.body().length, 4096), StandardCharsets.UTF_8));
            cont = m.find() ? m.group(1) : null;
        } while (cont != null);
        bytes[0] = total;
        return (System.nanoTime() - t0) / 1e9;
    }

    private double kubectl() throws Exception {
        ProcessBuilder pb = new ProcessBuilder(kubectl, "--kubeconfig", kubeconfig.toString(), "get", "configmaps", "-A", "-o", "json")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.INHERIT);
        long t0 = System.nanoTime();
        Process p;
        try {
            p = pb.start();
        } catch (IOException notInstalled) {
            return -1;
        }
        if (p.waitFor() != 0) {
            throw new IOException("kubectl exited with " + p.exitValue());
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    // ---- ours ----

    /**
     * Our cluster client. Its request-rate limit (500/s by default) is off unless {@code --qps} sets one:
     * the raw baselines have none, and the comparison is of the work per request at equal concurrency.
     */
    private KubernetesClusterClient client() {
        return KubernetesClusterClient.builder().kubeconfig(kubeconfig).rateLimit(qps, (int) Math.max(1, qps * 2)).build();
    }

    /** The listing alone as the backup does it (KubernetesClusterClient, pages parsed into objects), without the engine. */
    private double clientList() {
        ResourceType configMaps = new ResourceType("", "v1", "ConfigMap", "configmaps", true, Set.of("list"));
        try (KubernetesClusterClient cluster = client()) {
            long t0 = System.nanoTime();
            long n = 0;
            for (Page page : cluster.list(configMaps, new ListOptions(null, null, PAGE))) {
                n += page.items().size();
            }
            double s = (System.nanoTime() - t0) / 1e9;
            if (n < objects) {
                throw new IllegalStateException("listed " + n + " ConfigMaps, expected " + objects);
            }
            return s;
        }
    }

    private String backup(Path vault) throws Exception {
        try (KubernetesClusterClient cluster = client();
                AksBackupClient sdk = AksBackupClient.builder().vault(new DirectoryObjectStore(vault)).cluster(cluster).buildClient()) {
            sdk.configureProtection(new BackupInstance("bench", "bench", "aks-default",
                    BackupConfiguration.builder().includedNamespaces(namespace).includeClusterScopeResources(false).build(), null, null),
                    defaultPolicy());
            long t0 = System.nanoTime();
            Job job = sdk.backupNow("bench");
            lastSeconds = (System.nanoTime() - t0) / 1e9;
            if (job.counts().seen() < objects) {
                throw new IllegalStateException("the backup saw " + job.counts().seen() + " objects, expected " + objects + ": "
                        + job.errors());
            }
            return job.recoveryPointId();
        }
    }

    private double restore(Path vault, String rp) throws Exception {
        try (KubernetesClusterClient cluster = client();
                AksBackupClient sdk = AksBackupClient.builder().vault(new DirectoryObjectStore(vault)).cluster(cluster)
                        .restoreOptions(io.github.aksbackup.restore.RestoreOptions.DEFAULTS.withParallelism(concurrency))
                        .buildClient()) {
            long t0 = System.nanoTime();
            RestoreResult r = sdk.restore(RestoreConfig.builder().recoveryPointId(rp).mapNamespace(namespace, namespace + "-restored")
                    .build());
            double s = (System.nanoTime() - t0) / 1e9;
            if (r.job().counts().succeeded() < objects) {
                throw new IllegalStateException("the restore created " + r.job().counts().succeeded() + " objects, expected "
                        + objects + ": " + r.job().errors());
            }
            return s;
        }
    }

    private static io.github.aksbackup.api.policy.BackupPolicy defaultPolicy() throws IOException {
        try (InputStream in = KubeBenchmark.class.getResourceAsStream("/io/github/aksbackup/cli/policies/aks-default.json")) {
            return Policies.read(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    // ---- helpers ----

    private void post(String path, String json) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(request(server + path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 201 && r.statusCode() != 409) {
            throw new IOException("POST " + path + " answered " + r.statusCode() + ": " + r.body());
        }
    }

    private HttpRequest.Builder request(String url) {
        return HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
                .header("Accept", "application/json").timeout(Duration.ofMinutes(5));
    }

    private String version() {
        try {
            String body = http.send(request(server + "/version").GET().build(), HttpResponse.BodyHandlers.ofString()).body();
            Matcher m = Pattern.compile("\"gitVersion\":\\s*\"([^\"]+)\"").matcher(body);
            return m.find() ? m.group(1) : "?";
        } catch (IOException | InterruptedException e) {
            return "?";
        }
    }

    private static SSLContext trusting(byte[] caPem) throws Exception {
        KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
        ks.load(null, null);
        int i = 0;
        for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(caPem))) {
            ks.setCertificateEntry("ca-" + i++, c);
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }

    /** A measurement that returns seconds. */
    @FunctionalInterface
    private interface Timed {
        double seconds() throws Exception;
    }

    private static double median(int rounds, Timed t) throws Exception {
        List<Double> s = new ArrayList<>();
        for (int i = 0; i < rounds; i++) {
            s.add(t.seconds());
        }
        s.sort(Comparator.naturalOrder());
        return s.get(s.size() / 2);
    }

    private static void resetPeaks() {
        System.gc();
        heapPools().forEach(MemoryPoolMXBean::resetPeakUsage);
    }

    private static double peakHeapMb() {
        return heapPools().mapToLong(p -> p.getPeakUsage().getUsed()).sum() / (1024.0 * 1024.0);
    }

    private static Stream<MemoryPoolMXBean> heapPools() {
        return ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP);
    }

    private static String[] row(String what, double seconds, double rate, String vs, String target, String met) {
        return new String[] {what, String.format(Locale.ROOT, "%.2f s", seconds), String.format(Locale.ROOT, "%,.0f obj/s", rate),
            vs, target, met};
    }

    private static String ratio(double r) {
        return String.format(Locale.ROOT, "%.2fx", r);
    }

    private static void print(List<String[]> rows) {
        String[] head = {"measurement", "time", "rate", "vs baseline", "target", ""};
        int[] w = new int[head.length];
        for (String[] r : Stream.concat(Stream.<String[]>of(head), rows.stream()).toList()) {
            for (int i = 0; i < r.length; i++) {
                w[i] = Math.max(w[i], r[i].length());
            }
        }
        for (String[] r : Stream.concat(Stream.<String[]>of(head), rows.stream()).toList()) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < r.length; i++) {
                sb.append(i == 1 || i == 2 ? String.format("%" + w[i] + "s", r[i]) : String.format("%-" + w[i] + "s", r[i]));
                sb.append("  ");
            }
            System.out.println(sb.toString().stripTrailing());
        }
    }
}
