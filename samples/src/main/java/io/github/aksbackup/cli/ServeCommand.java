package io.github.aksbackup.cli;

import io.github.aksbackup.api.instance.ClusterIdentity;
import io.github.aksbackup.api.instance.ProtectionState;
import io.github.aksbackup.azure.AzureBlobObjectStore;
import io.github.aksbackup.azure.AzureDiskSnapshotter;
import io.github.aksbackup.azure.BlobLeaseManager;
import io.github.aksbackup.cli.logging.CliLogging;
import io.github.aksbackup.cli.serve.ServeHttp;
import io.github.aksbackup.cli.serve.ServeMetrics;
import io.github.aksbackup.cli.serve.TrackingLeaseManager;
import io.github.aksbackup.client.AksBackupClient;
import io.github.aksbackup.client.AksBackupClientBuilder;
import io.github.aksbackup.client.InstanceStatus;
import io.github.aksbackup.client.ProtectionService;
import io.github.aksbackup.hook.HookDuration;
import io.github.aksbackup.k8s.KubernetesClusterClient;
import io.github.aksbackup.lease.VaultLeaseManager;
import io.github.aksbackup.repository.RepositoryFormat;
import io.github.aksbackup.spi.LeaseManager;
import io.github.aksbackup.spi.ObjectStore;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code aks-backup serve}: the protection service. Protects the instances of the vault that belong
 * to the cluster it is connected to until SIGTERM or SIGINT, then exits 0.
 */
@Command(name = "serve",
        mixinStandardHelpOptions = true,
        description = {"Protect the cluster's instances continuously: scheduled backups at the policy's slots, vault copies, "
            + "expiry and garbage collection, every job recorded in the vault.",
            "Serves the instances of the vault configured ('aks-backup instance configure') for the cluster it connects to, "
                + "picking up instances configured, stopped or resumed within the poll interval. Any number of replicas may "
                + "serve one cluster and vault: leases in the vault make each slot run once. HTTP: /healthz, /readyz, /metrics "
                + "(Prometheus). On SIGTERM or SIGINT it starts no new work, lets running work finish within --shutdown-grace, "
                + "abandons the rest (no recovery point; 'vault gc' reclaims its data) and exits 0. Exit code 1 when it cannot "
                + "start (cluster or vault unreachable), 2 for bad input."})
final class ServeCommand implements java.util.concurrent.Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(ServeCommand.class);

    @Mixin
    KubeOptions kube;

    @Mixin
    VaultOptions vault;

    @Mixin
    AzureArmOptions arm;

    @Option(names = "--http-address", paramLabel = "ADDRESS", description = "Address the HTTP endpoints listen on (default 0.0.0.0).")
    String httpAddress = "0.0.0.0";

    @Option(names = "--http-port", paramLabel = "PORT", description = "Port of /healthz, /readyz and /metrics (default 8080; 0: any free port).")
    int httpPort = 8080;

    @Option(names = "--replica-id", paramLabel = "ID",
            description = "This replica's name in leases, logs and metrics (default: the host name and process id).")
    String replicaId;

    @Option(names = "--shutdown-grace", paramLabel = "DURATION",
            description = "How long running work may finish after SIGTERM before it is abandoned (default 30s).")
    String shutdownGrace = "30s";

    @Option(names = "--poll-interval", paramLabel = "DURATION",
            description = "How often the vault is read for new, stopped or resumed instances (default 30s, at most 1m); passes also run at each slot.")
    String pollInterval = "30s";

    @Option(names = "--gc-interval", paramLabel = "DURATION",
            description = "How often garbage is collected besides after expiries (default 1h).")
    String gcInterval = "1h";

    @Option(names = "--lease-duration", paramLabel = "DURATION",
            description = {"How long a replica that stopped renewing keeps an instance from the others (default 30s; "
                + "Azure Blob vaults: 15s to 60s)."})
    String leaseDuration = "30s";

    @Option(names = "--log-format", paramLabel = "text|json", description = "Log lines as text (default) or one JSON object per line.")
    String logFormat = "text";

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Duration grace = duration("--shutdown-grace", shutdownGrace);
        Duration poll = duration("--poll-interval", pollInterval);
        Duration gc = duration("--gc-interval", gcInterval);
        Duration leaseFor = duration("--lease-duration", leaseDuration);
        if (poll.compareTo(Duration.ofMillis(100)) < 0 || poll.compareTo(Duration.ofMinutes(1)) > 0) {
            throw new IllegalArgumentException("--poll-interval must be between 100ms and 1m, was " + pollInterval);
        }
        if (httpPort < 0 || httpPort > 65535) {
            throw new IllegalArgumentException("--http-port must be 0 to 65535, was " + httpPort);
        }
        CliLogging.Format format = switch (logFormat) {
            case "text" -> CliLogging.Format.TEXT;
            case "json" -> CliLogging.Format.JSON;
            default -> throw new IllegalArgumentException("--log-format must be text or json, was " + logFormat);
        };
        String replica = replicaId != null ? replicaId : defaultReplicaId();
        CliLogging.configure(System.getenv("AKSB_LOG_LEVEL") == null ? Level.INFO : null, format, null);
        io.github.aksbackup.spi.KeyProvider keys = vault.keyProvider().orElse(null);
        Optional<AzureDiskSnapshotter> copier = arm.copier(vault);
        ObjectStore store = vault.open();
        KubernetesClusterClient cluster = kube.connect();
        ClusterIdentity identity = ClusterIdentity.of(cluster);
        ServeMetrics metrics = new ServeMetrics(replica);
        LeaseManager raw = vault.isAzure() ? new BlobLeaseManager((AzureBlobObjectStore) store, leaseFor)
                : VaultLeaseManager.builder(store).holder(replica).duration(leaseFor).build();
        AtomicReference<TrackingLeaseManager> tracking = new AtomicReference<>();
        tracking.set(new TrackingLeaseManager(raw, name -> metrics.leasesHeld(() -> tracking.get().held(), name)));
        AksBackupClientBuilder builder = vault.clientBuilder(store).cluster(cluster).servedCluster(identity)
                .leaseManager(tracking.get()).jobListener(metrics::jobEnded);
        kube.snapshotter(cluster).ifPresent(builder::volumeSnapshotter);
        copier.ifPresent(builder::vaultVolumeCopier);
        AksBackupClient client = builder.buildClient();
        client.createVault();
        List<InstanceStatus> served = client.instanceStatuses().stream()
                .filter(s -> identity.sameCluster(s.cluster())).toList();
        metrics.statusesRefreshed(served);
        ProtectionService service = ProtectionService.builder(client).leaseManager(tracking.get()).pollInterval(poll)
                .gcInterval(gc).listener(metrics).build();

        Readiness readiness = new Readiness(cluster, identity, store);
        ServeHttp http = new ServeHttp(httpAddress, httpPort, readiness::state, metrics::scrape);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            readiness.shuttingDown();
            LOG.info("replica {}: shutting down; running work may finish within {}", replica, grace);
            boolean finished = service.shutdown(grace);
            if (raw instanceof AutoCloseable c) {
                closeQuietly(c);
            }
            if (finished) {
                client.close();
            }
            http.close();
            LOG.info("replica {}: stopped{}", replica, finished ? "" : " (abandoned work that outlived the grace)");
            stopped.countDown();
            // A signal ends the JVM with 128+signal unless a hook says otherwise: a clean stop is exit 0.
            Runtime.getRuntime().halt(AksBackupCli.OK);
        }, "aks-backup-shutdown"));

        service.start();
        readiness.start();
        long configured = served.stream().filter(s -> s.instance().protectionState() == ProtectionState.ProtectionConfigured).count();
        PrintWriter out = spec.commandLine().getOut();
        out.println("replica " + replica + " serving " + identity.server() + " (kube-system uid " + identity.uid() + "), "
                + configured + " of " + served.size() + " instances configured; http://" + httpAddress + ":" + http.port()
                + " (/healthz /readyz /metrics)");
        out.flush();
        LOG.info("replica {}: serving cluster {} from vault {}, {} instances", replica, identity.uid(),
                vault.location().orElse(""), served.size());
        stopped.await();
        return AksBackupCli.OK;
    }

    private static Duration duration(String option, String value) {
        try {
            Duration d = HookDuration.parse(value);
            if (d.isNegative()) {
                throw new IllegalArgumentException("must not be negative");
            }
            return d;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(option + " " + value + ": " + e.getMessage() + " (durations such as 30s, 5m, 1h)");
        }
    }

    private static String defaultReplicaId() {
        String host = System.getenv("HOSTNAME");
        if (host == null || host.isBlank()) {
            try {
                host = InetAddress.getLocalHost().getHostName();
            } catch (java.io.IOException e) {
                host = "replica";
            }
        }
        return host + "-" + ProcessHandle.current().pid();
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            LOG.warn("while stopping: {}", e.toString());
        }
    }

    /** Whether the cluster and the vault answer, checked every 10 seconds in the background. */
    private static final class Readiness {
        private final KubernetesClusterClient cluster;
        private final ClusterIdentity identity;
        private final ObjectStore store;
        private final ScheduledExecutorService checker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "aks-backup-readiness");
            t.setDaemon(true);
            return t;
        });
        private volatile String notReady = "not checked yet";

        Readiness(KubernetesClusterClient cluster, ClusterIdentity identity, ObjectStore store) {
            this.cluster = cluster;
            this.identity = identity;
            this.store = store;
        }

        void start() {
            checker.scheduleWithFixedDelay(this::check, 0, 10, TimeUnit.SECONDS);
        }

        private void check() {
            if ("shutting down".equals(notReady)) {
                return;
            }
            String why = null;
            try {
                if (!identity.sameCluster(ClusterIdentity.of(cluster))) {
                    why = "the cluster's kube-system uid changed: another cluster answers at " + cluster.describe();
                }
            } catch (RuntimeException e) {
                why = "cluster: " + e.getMessage();
            }
            if (why == null) {
                try {
                    if (store.stat(RepositoryFormat.CONFIG_KEY).isEmpty()) {
                        why = "vault: it holds no config.json";
                    }
                } catch (RuntimeException e) {
                    why = "vault: " + e.getMessage();
                }
            }
            if (!"shutting down".equals(notReady)) {
                notReady = why;
            }
        }

        String state() {
            return notReady;
        }

        void shuttingDown() {
            notReady = "shutting down";
            checker.shutdownNow();
        }
    }
}
