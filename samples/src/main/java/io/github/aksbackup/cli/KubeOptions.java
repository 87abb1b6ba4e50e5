package io.github.aksbackup.cli;

import io.github.aksbackup.k8s.CsiVolumeSnapshotter;
import io.github.aksbackup.k8s.KubernetesClusterClient;
import io.github.aksbackup.spi.CsiDrivers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * The options every command that talks to a cluster shares ({@code --kubeconfig}, {@code --context},
 * {@code --snapshot-class}), and the one place that connects: use it with
 * {@code @Mixin KubeOptions kube;} and {@link #connect()}.
 */
final class KubeOptions {
    @Option(names = "--kubeconfig", paramLabel = "FILE",
            description = {"The cluster's kubeconfig (default: $KUBECONFIG, else ~/.kube/config)."})
    Path kubeconfig;

    @Option(names = "--context", paramLabel = "NAME", description = "Kubeconfig context (default: its current context).")
    String context;

    @Option(names = "--snapshot-class", paramLabel = "NAME",
            description = {"VolumeSnapshotClass for CSI snapshots of Azure Disk volumes (default: the cluster's default "
                + "class for " + CsiDrivers.AZURE_DISK + ", or its only one; without any, volumes are not snapshotted)."})
    String snapshotClass;

    @Option(names = "--qps", paramLabel = "N",
            description = {"Most requests per second to the API server (default 500; 0 = no limit). Lower it to spare a "
                + "busy server, raise it for large restores."})
    double qps = 500;

    @Option(names = "--burst", paramLabel = "N",
            description = {"Requests allowed at once above --qps (default: twice --qps)."})
    Integer burst;

    /** Connects to the cluster the options name. */
    KubernetesClusterClient connect() {
        if (qps < 0 || Double.isNaN(qps) || Double.isInfinite(qps)) {
            throw new IllegalArgumentException("--qps must be 0 (no limit) or a positive number of requests per second, was " + qps);
        }
        if (burst != null && burst < 1) {
            throw new IllegalArgumentException("--burst must be at least 1, was " + burst);
        }
        KubernetesClusterClient.Builder b = KubernetesClusterClient.builder()
                .rateLimit(qps, burst != null ? burst : (int) Math.min(Integer.MAX_VALUE, Math.max(1, Math.ceil(qps * 2))));
        Path file = kubeconfigFile();
        return (context == null ? b.kubeconfig(file) : b.kubeconfig(file, context)).build();
    }

    /** The kubeconfig file to use; must exist. */
    Path kubeconfigFile() {
        Path file = kubeconfig;
        if (file == null) {
            String env = System.getenv("KUBECONFIG");
            if (env != null && !env.isBlank()) {
                // kubectl merges a list; the first file is the one that names the current context in practice
                file = Path.of(env.split(java.io.File.pathSeparator)[0]);
            } else {
                file = Path.of(System.getProperty("user.home"), ".kube", "config");
            }
        }
        if (!Files.isReadable(file)) {
            throw new IllegalArgumentException("kubeconfig " + file + " does not exist or cannot be read; give --kubeconfig FILE");
        }
        return file;
    }

    /**
     * The CSI snapshotter for Azure Disk volumes: with {@code --snapshot-class}, or the class the
     * cluster marks as default; empty when there is none.
     */
    Optional<CsiVolumeSnapshotter> snapshotter(KubernetesClusterClient cluster) {
        Optional<String> cls = snapshotClass != null ? Optional.of(snapshotClass)
                : CsiVolumeSnapshotter.defaultClass(cluster, CsiDrivers.AZURE_DISK);
        return cls.map(c -> CsiVolumeSnapshotter.builder().cluster(cluster).snapshotClass(c).build());
    }
}
