package io.github.aksbackup.cli;

import io.github.aksbackup.api.InvalidInputException;
import io.github.aksbackup.config.ClusterRefs;
import io.github.aksbackup.k8s.CsiVolumeSnapshotter;
import io.github.aksbackup.k8s.KubernetesClusterClient;
import io.github.aksbackup.spi.CsiDrivers;
import io.kubernetes.client.util.KubeConfig;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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

    @Option(names = "--in-cluster",
            description = {"Connect with the service account of the pod this runs in (the default inside a pod when no "
                + "--kubeconfig is given and $KUBECONFIG is unset)."})
    boolean inCluster;

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
        if (useInCluster()) {
            return limited().inCluster().build();
        }
        return connect(kubeconfigFile(), context);
    }

    /**
     * Connects to the cluster a document names ({@code dataSourceInfo.resourceID} of a backup instance,
     * {@code restoreTargetInfo.datasourceInfo.resourceID} of a restore request): with {@code --context},
     * that context, since the user chose the connection; else the kubeconfig's context named after the
     * cluster as {@code az aks get-credentials} names it (NAME, or NAME-admin), the current context
     * when it is one of them. A cluster no context is named after is bad input, found before connecting.
     *
     * @param clusterRef the cluster the document names, or {@code null} when it names none (the current context)
     * @param field where the document names it, for the message
     */
    KubernetesClusterClient connect(String clusterRef, String field) {
        Optional<String> cluster = ClusterRefs.clusterName(clusterRef);
        if (context != null || cluster.isEmpty() || useInCluster()) {
            return connect();
        }
        Path file = kubeconfigFile();
        return connect(file, contextFor(file, cluster.get(), field));
    }

    private KubernetesClusterClient connect(Path file, String contextName) {
        KubernetesClusterClient.Builder b = limited();
        return (contextName == null ? b.kubeconfig(file) : b.kubeconfig(file, contextName)).build();
    }

    /** A client builder with the request-rate limit of {@code --qps} and {@code --burst}. */
    private KubernetesClusterClient.Builder limited() {
        if (qps < 0 || Double.isNaN(qps) || Double.isInfinite(qps)) {
            throw new IllegalArgumentException("--qps must be 0 (no limit) or a positive number of requests per second, was " + qps);
        }
        if (burst != null && burst < 1) {
            throw new IllegalArgumentException("--burst must be at least 1, was " + burst);
        }
        return KubernetesClusterClient.builder()
                .rateLimit(qps, burst != null ? burst : (int) Math.min(Integer.MAX_VALUE, Math.max(1, Math.ceil(qps * 2))));
    }

    /** The context of {@code file} named after {@code cluster}: the current one if it is, else the first that is. */
    static String contextFor(Path file, String cluster, String field) {
        KubeConfig config;
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            config = KubeConfig.loadKubeConfig(r);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read kubeconfig " + file + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("kubeconfig " + file + " is not a valid kubeconfig: " + e.getMessage(), e);
        }
        List<String> wanted = List.of(cluster, cluster + "-admin");
        List<String> names = new ArrayList<>();
        if (config.getCurrentContext() != null) {
            names.add(config.getCurrentContext());
        }
        for (Object c : config.getContexts() == null ? List.of() : config.getContexts()) {
            if (c instanceof Map<?, ?> m && m.get("name") instanceof String n) {
                names.add(n);
            }
        }
        for (String n : names) {
            if (wanted.stream().anyMatch(n::equalsIgnoreCase)) {
                return n;
            }
        }
        throw new InvalidInputException(field, "names cluster '" + cluster + "', and kubeconfig " + file + " has no context '"
                + cluster + "' or '" + cluster + "-admin' (az aks get-credentials --name " + cluster + " creates one); give"
                + " --context for that cluster");
    }

    /**
     * Refuses {@code --snapshot-class} when the command snapshots or restores no volume data: the class
     * would be given and never used.
     *
     * @param why why no volume data is handled, for the message
     */
    void refuseSnapshotClassUnless(boolean volumesHandled, String why) {
        if (snapshotClass != null && !volumesHandled) {
            throw new InvalidInputException("--snapshot-class", "is given, but " + why + ", so no volume snapshot is taken"
                    + " or read; leave --snapshot-class out");
        }
    }

    /** True when a cluster was named explicitly ({@code --kubeconfig}, {@code --context} or {@code --in-cluster}). */
    boolean named() {
        return kubeconfig != null || context != null || inCluster;
    }

    /** {@code --in-cluster}, or running in a pod with no kubeconfig named. */
    private boolean useInCluster() {
        if (inCluster) {
            if (kubeconfig != null || context != null) {
                throw new IllegalArgumentException("--in-cluster excludes --kubeconfig and --context");
            }
            return true;
        }
        String env = System.getenv("KUBECONFIG");
        return kubeconfig == null && (env == null || env.isBlank()) && System.getenv("KUBERNETES_SERVICE_HOST") != null
                && !Files.exists(Path.of(System.getProperty("user.home"), ".kube", "config"));
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
