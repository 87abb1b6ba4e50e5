package io.github.aksbackup.bench;

import io.github.aksbackup.api.instance.BackupConfiguration;
import io.github.aksbackup.api.instance.BackupInstance;
import io.github.aksbackup.api.job.Job;
import io.github.aksbackup.api.policy.BackupPolicy;
import io.github.aksbackup.client.AksBackupClient;
import io.github.aksbackup.client.BackupJobOptions;
import io.github.aksbackup.crypto.LocalKeyProvider;
import io.github.aksbackup.spi.KeyProvider;
import io.github.aksbackup.hook.HookRunner;
import io.github.aksbackup.job.ProgressListener;
import io.github.aksbackup.policy.PolicyJson;
import io.github.aksbackup.store.DirectoryObjectStore;
import io.github.aksbackup.testkit.InMemoryCluster;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Backup benchmark: for each object count (default 50,000 and 300,000), builds an in-memory cluster of
 * applications, backs it up into a fresh directory vault through the SDK's client, then backs up the
 * unchanged cluster again; prints wall time, objects per second, peak heap and bytes written. With
 * {@code --encryption} each count runs twice, into an unencrypted and into an encrypted vault (a key in
 * memory), so that the cost of encryption is measured in one run on one machine.
 *
 * <pre>java -Xmx256m -cp samples/target/aks-backup-cli.jar io.github.aksbackup.bench.BackupBenchmark [--encryption] [COUNT...]</pre>
 */
public final class BackupBenchmark {
    private BackupBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        List<Integer> counts = new ArrayList<>();
        boolean compare = false;
        for (String a : args) {
            if (a.equals("--encryption")) {
                compare = true;
            } else {
                counts.add(Integer.parseInt(a.replace("_", "").replace(",", "")));
            }
        }
        if (counts.isEmpty()) {
            counts = List.of(50_000, 300_000);
        }
        System.out.printf(Locale.ROOT, "BackupBenchmark: Java %s, %d cores, max heap %s%n", System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(), HeapMeter.mib(Runtime.getRuntime().maxMemory()));
        for (int n : counts) {
            run(n, null);
            if (compare) {
                byte[] key = new byte[32];
                new java.security.SecureRandom().nextBytes(key);
                run(n, LocalKeyProvider.of(java.util.Map.of("bench", key), "bench"));
            }
        }
    }

    /** Backs up {@code target} objects twice into a fresh vault, encrypted when {@code keys} is given. */
    static void run(int target, KeyProvider keys) throws IOException {
        Clock clock = Clock.systemUTC();
        long t0 = System.nanoTime();
        InMemoryCluster cluster = BenchCluster.apps(target, clock);
        long build = System.nanoTime() - t0;
        long clusterHeap = HeapMeter.live();
        long objects = cluster.size();
        Path dir = Files.createTempDirectory("aks-backup-bench-");
        System.out.printf(Locale.ROOT, "%n%,d objects (cluster built in %.1f s, holding %s of heap), %s vault %s%n", objects,
                build / 1e9, HeapMeter.mib(clusterHeap), keys == null ? "unencrypted" : "ENCRYPTED", dir);
        try (AksBackupClient client = AksBackupClient.builder().vault(new DirectoryObjectStore(dir)).keyProvider(keys).cluster(cluster)
                .hookRunner(HookRunner.NONE).clock(clock).buildClient()) {
            client.createVault();
            BackupPolicy policy = policy();
            client.configureProtection(new BackupInstance("bench", "in-memory", policy.name(), BackupConfiguration.everything(), null,
                    null), policy);
            long before = size(dir);
            Step first = step(objects, l -> client.backupNow("bench", BackupJobOptions.defaults().withListener(l)));
            long firstBytes = size(dir) - before;
            print("backup 1", first, objects, firstBytes, clusterHeap);
            before = size(dir);
            Step second = step(objects, l -> client.backupNow("bench", BackupJobOptions.defaults().withListener(l)));
            long secondBytes = size(dir) - before;
            print("backup 2 (unchanged)", second, objects, secondBytes, clusterHeap);
            System.out.printf(Locale.ROOT, "  backup 2 wrote %,d bytes = %.3f %% of backup 1 (%,d bytes)%n", secondBytes,
                    100.0 * secondBytes / firstBytes, firstBytes);
        }
    }

    /** A timed step with its heap peak and the CPU time the process used (all threads, GC included). */
    record Step(Job job, long nanos, long cpuNanos, long peakHeap, long liveMidway) {
    }

    /**
     * Runs a step; {@code body} gets a progress listener to pass to the job, which measures the live
     * heap (forced full collection) once two thirds of {@code objects} have been seen.
     */
    static Step step(long objects, java.util.function.Function<ProgressListener, Job> body) {
        HeapMeter.live();
        try (HeapMeter meter = new HeapMeter()) {
            ProgressListener midway = p -> {
                if (p.counts().seen() >= objects * 2 / 3) {
                    meter.measureLiveNow();
                }
            };
            long cpu = cpu();
            long t = System.nanoTime();
            Job j = body.apply(midway);
            return new Step(j, System.nanoTime() - t, cpu() - cpu, meter.peak(), meter.liveMidway());
        }
    }

    static long cpu() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static void print(String what, Step s, long objects, long bytes, long clusterHeap) {
        double secs = s.nanos() / 1e9;
        System.out.printf(Locale.ROOT, "  %-21s %s: %,d objects in %.2f s wall = %,.0f objects/s (CPU %.2f s); %,d bytes written%n"
                + "  %-21s heap: peak in use %s; live two thirds through (after a full GC) %s, of which the in-memory cluster %s, "
                + "so the backup itself %s%n",
                what, s.job().status(), s.job().counts().succeeded(), secs, objects / secs, s.cpuNanos() / 1e9, bytes, "",
                HeapMeter.mib(s.peakHeap()), HeapMeter.mib(s.liveMidway()), HeapMeter.mib(clusterHeap),
                HeapMeter.mib(s.liveMidway() - clusterHeap));
    }

    static long size(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    static BackupPolicy policy() {
        try (InputStream in = BackupBenchmark.class.getResourceAsStream("/io/github/aksbackup/cli/demo-policy.json")) {
            return PolicyJson.read(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
