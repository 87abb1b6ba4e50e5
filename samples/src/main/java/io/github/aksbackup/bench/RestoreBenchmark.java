package io.github.aksbackup.bench;

import io.github.aksbackup.api.instance.BackupConfiguration;
import io.github.aksbackup.api.instance.BackupInstance;
import io.github.aksbackup.api.job.Job;
import io.github.aksbackup.api.policy.BackupPolicy;
import io.github.aksbackup.api.restore.RestoreConfig;
import io.github.aksbackup.client.AksBackupClient;
import io.github.aksbackup.client.AksBackupClientBuilder;
import io.github.aksbackup.client.RestoreJobOptions;
import io.github.aksbackup.hook.HookRunner;
import io.github.aksbackup.restore.RestoreResult;
import io.github.aksbackup.store.DirectoryObjectStore;
import io.github.aksbackup.testkit.InMemoryCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;

/**
 * Restore benchmark: backs up a cluster of Secrets (default 31,000, Velero's reported case: 52 minutes)
 * into a directory vault, then restores them into an empty in-memory cluster; prints wall time and
 * objects per second.
 *
 * <pre>java -Xmx256m -cp samples/target/aks-backup-cli.jar io.github.aksbackup.bench.RestoreBenchmark [COUNT]</pre>
 */
public final class RestoreBenchmark {
    private RestoreBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        int count = args.length > 0 ? Integer.parseInt(args[0].replace("_", "").replace(",", "")) : 31_000;
        Clock clock = Clock.systemUTC();
        System.out.printf(Locale.ROOT, "RestoreBenchmark: Java %s, %d cores, max heap %s%n", System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(), HeapMeter.mib(Runtime.getRuntime().maxMemory()));
        InMemoryCluster source = BenchCluster.secrets(count, clock);
        Path dir = Files.createTempDirectory("aks-backup-bench-");
        InMemoryCluster target = InMemoryCluster.compact(clock);
        AksBackupClientBuilder builder = AksBackupClient.builder().vault(new DirectoryObjectStore(dir)).hookRunner(HookRunner.NONE)
                .clock(clock).cluster(source).clusterResolver(ref -> ref.equals("target") ? target : null);
        try (AksBackupClient client = builder.buildClient()) {
            client.createVault();
            BackupPolicy policy = BackupBenchmark.policy();
            client.configureProtection(new BackupInstance("secrets", "source", policy.name(), BackupConfiguration.everything(), null, null),
                    policy);
            Job backup = client.backupNow("secrets");
            System.out.printf(Locale.ROOT, "%n%,d Secrets backed up (%s) into %s%n", count, backup.status(), dir);
            long before = target.size();
            BackupBenchmark.Step step = BackupBenchmark.step(count, listener -> {
                RestoreResult r = client.restore(RestoreConfig.builder().recoveryPointId(backup.recoveryPointId())
                        .targetClusterRef("target").includedResourceTypes("secrets").build(), RestoreJobOptions.defaults().withListener(listener));
                return r.job();
            });
            long secretsRestored = target.objects("v1", "Secret").size();
            double secs = step.nanos() / 1e9;
            System.out.printf(Locale.ROOT, "  restore %s: %,d Secrets (and %,d namespaces) created in an empty cluster in %.2f s wall = %,.0f "
                    + "objects/s (CPU %.2f s); %d failed; heap: peak in use %s, live two thirds through %s%n", step.job().status(), secretsRestored,
                    target.size() - before - secretsRestored, secs, secretsRestored / secs, step.cpuNanos() / 1e9,
                    step.job().counts().failed(), HeapMeter.mib(step.peakHeap()), HeapMeter.mib(step.liveMidway()));
        }
    }
}
