package io.github.aksbackup.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.aksbackup.json.JsonValues;
import io.github.aksbackup.k8s.KubernetesClusterClient;
import io.github.aksbackup.lease.VaultLeaseManager;
import io.github.aksbackup.spi.KubeObject;
import io.github.aksbackup.store.DirectoryObjectStore;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code aks-backup serve} as users run it: replicas as separate JVMs on the built jar, against the
 * real API server scripts/kube-test-env.sh starts, on the wall clock with policies whose first slot
 * is seconds after the start. Slow by nature (a minute or two each), hence an integration test.
 */
class ServeIT {
    private static final Duration LONG = Duration.ofSeconds(150);

    private static String kubeconfig;
    private static KubernetesClusterClient cluster;
    private static String ns;

    @TempDir
    Path dir;

    @BeforeAll
    static void deployApp() {
        kubeconfig = TestServer.kubeconfig();
        cluster = KubernetesClusterClient.builder().kubeconfig(Path.of(kubeconfig)).build();
        ns = "serve-" + UUID.randomUUID().toString().substring(0, 8);
        cluster.create(TestServer.NAMESPACES, TestServer.object("v1", "Namespace", null, ns, Map.of()));
        for (int i = 0; i < 20; i++) {
            KubeObject cm = TestServer.object("v1", "ConfigMap", ns, "settings-" + i, Map.of());
            cm.content().put("data", Map.of("mode", "production", "index", Integer.toString(i)));
            cluster.create(TestServer.CONFIG_MAPS, cm);
        }
    }

    @AfterAll
    static void close() {
        if (cluster != null) {
            cluster.close();
        }
    }

    /** Azure's default AKS policy with its schedule replaced by {@code R/<first>/<period>}. */
    private Path policy(Instant first, String period) throws Exception {
        String json = Files.readString(Path.of("policies", "aks-default.json"), StandardCharsets.UTF_8);
        String interval = "R/" + first.truncatedTo(ChronoUnit.SECONDS) + "/" + period;
        String replaced = json.replaceFirst("R/[^\"]+", interval);
        assertTrue(replaced.contains(interval), "the sample policy has one interval");
        Path p = dir.resolve("policy.json");
        Files.writeString(p, replaced, StandardCharsets.UTF_8);
        return p;
    }

    private Path config() throws Exception {
        Path p = dir.resolve("config.json");
        Files.writeString(p, "{\"objectType\":\"KubernetesClusterBackupDatasourceParameters\",\"includedNamespaces\":[\"" + ns
                + "\"],\"snapshotVolumes\":false,\"includeClusterScopeResources\":false}", StandardCharsets.UTF_8);
        return p;
    }

    private void configure(Path vault, String name, Path policy, String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of("instance", "configure", "--vault", vault.toString(), "--kubeconfig", kubeconfig,
                "--name", name, "--policy", policy.toString(), "--config", config().toString()));
        args.addAll(List.of(extra));
        CliRun run = CliRun.of(args.toArray(String[]::new));
        assertEquals(AksBackupCli.OK, run.code(), run.out() + run.err());
    }

    private List<String> serveArgs(Path vault, String poll, String... extra) {
        List<String> args = new ArrayList<>(List.of("--vault", vault.toString(), "--kubeconfig", kubeconfig,
                "--poll-interval", poll, "--lease-duration", "6s", "--shutdown-grace", "20s"));
        args.addAll(List.of(extra));
        return args;
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> list(String what, String key, Path vault, String... extra) {
        List<String> args = new ArrayList<>(List.of(what, "list", "--vault", vault.toString(), "--json"));
        args.addAll(List.of(extra));
        CliRun run = CliRun.of(args.toArray(String[]::new));
        assertEquals(AksBackupCli.OK, run.code(), run.err());
        return (List<Map<String, Object>>) JsonValues.parseObject(run.out().getBytes(StandardCharsets.UTF_8)).get(key);
    }

    static List<Map<String, Object>> scheduled(Path vault, String instance) {
        return list("recovery-points", "recoveryPoints", vault, "--instance", instance).stream()
                .filter(rp -> "Scheduled".equals(rp.get("type"))).toList();
    }

    static List<Map<String, Object>> backupJobs(Path vault) {
        return list("jobs", "jobs", vault).stream().filter(j -> "Backup".equals(j.get("operation"))).toList();
    }

    static <T> T await(Callable<T> probe, Duration limit, String what) throws Exception {
        long end = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < end) {
            T v = probe.call();
            if (v != null) {
                return v;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("not within " + limit + ": " + what);
    }

    @Test
    void twoReplicasMakeOneRecoveryPointForTheSlotExposeMetricsAndExitZeroOnSigterm() throws Exception {
        Path vault = dir.resolve("vault");
        Instant slot = Instant.now().plusSeconds(20).truncatedTo(ChronoUnit.SECONDS);
        configure(vault, "shop", policy(slot, "PT4H"));
        try (ServeProcess a = ServeProcess.start(dir, "a", serveArgs(vault, "2s"));
                ServeProcess b = ServeProcess.start(dir, "b", serveArgs(vault, "2s"))) {
            a.url();
            b.url();
            await(() -> scheduled(vault, "shop").isEmpty() ? null : true, LONG, "the slot's recovery point");
            Thread.sleep(8000); // several polls of both replicas after the slot
            List<Map<String, Object>> rps = scheduled(vault, "shop");
            assertEquals(1, rps.size(), rps.toString());
            assertEquals(slot.toString(), rps.get(0).get("time"));
            assertEquals("Default", rps.get(0).get("tag"), "the policy's tag");

            List<Map<String, Object>> ended = backupJobs(vault).stream().filter(j -> !"InProgress".equals(j.get("status"))).toList();
            double counted = 0;
            java.util.Map<String, String> types = new java.util.HashMap<>();
            for (ServeProcess s : List.of(a, b)) {
                HttpResponse<String> metrics = s.get("/metrics");
                assertEquals(200, metrics.statusCode());
                assertTrue(metrics.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"));
                PrometheusText text = PrometheusText.parse(metrics.body());
                types.putAll(text.types());
                counted += text.sum("aksbackup_jobs_total", Map.of("operation", "Backup"));
                assertEquals(200, s.get("/readyz").statusCode(), s.log());
                assertEquals(200, s.get("/healthz").statusCode());
            }
            assertEquals("counter", types.get("aksbackup_jobs_total"), "the replica that backed up counted its job: " + types);
            assertEquals("gauge", types.get("aksbackup_recovery_points"), types.toString());
            assertEquals(ended.size(), (int) counted, "backup jobs counted by the replicas = backup jobs in the vault: " + ended);

            a.signal("TERM");
            b.signal("TERM");
            assertEquals(0, a.awaitExit(Duration.ofSeconds(60)), a.log());
            assertEquals(0, b.awaitExit(Duration.ofSeconds(60)), b.log());
        }
        CliRun stop = CliRun.of("instance", "stop", "shop", "--vault", vault.toString(), "--delete-data");
        assertEquals(AksBackupCli.OK, stop.code(), stop.out() + stop.err());
        assertTrue(list("recovery-points", "recoveryPoints", vault, "--instance", "shop").isEmpty());
    }

    @Test
    void whenTheLeaseHolderIsKilledMidBackupTheOtherReplicaBacksUpTheSlot() throws Exception {
        Path vault = dir.resolve("vault");
        Instant slot = Instant.now().plusSeconds(20).truncatedTo(ChronoUnit.SECONDS);
        configure(vault, "shop", policy(slot, "PT4H"));
        // A request rate this low makes a backup take tens of seconds: long enough to kill it in the middle.
        List<String> slow = serveArgs(vault, "2s", "--qps", "3");
        try (ServeProcess a = ServeProcess.start(dir, "a", slow); ServeProcess b = ServeProcess.start(dir, "b", slow)) {
            a.url();
            b.url();
            Map<String, Object> killedJob = await(() -> backupJobs(vault).stream()
                    .filter(j -> "InProgress".equals(j.get("status"))).findFirst().orElse(null), LONG, "a backup to start");
            VaultLeaseManager reader = VaultLeaseManager.builder(new DirectoryObjectStore(vault)).renewInBackground(false).build();
            String holder = reader.holderOf("instance/shop").orElseThrow();
            ServeProcess victim = holder.equals("a") ? a : b;
            ServeProcess survivor = victim == a ? b : a;
            assertTrue(scheduled(vault, "shop").isEmpty(), "killed before it committed");
            victim.signal("KILL");
            assertEquals(137, victim.awaitExit(Duration.ofSeconds(30)));

            await(() -> scheduled(vault, "shop").isEmpty() ? null : true, LONG, "the survivor's recovery point");
            List<Map<String, Object>> rps = scheduled(vault, "shop");
            assertEquals(1, rps.size(), rps.toString());
            assertEquals(slot.toString(), rps.get(0).get("time"));
            Map<String, Object> made = backupJobs(vault).stream().filter(j -> "Completed".equals(j.get("status"))).findFirst()
                    .orElseThrow();
            assertNotEquals(killedJob.get("id"), made.get("id"));
            assertEquals(rps.get(0).get("id"), made.get("recoveryPointId"));
            assertEquals(Optional.of("InProgress"), backupJobs(vault).stream().filter(j -> j.get("id").equals(killedJob.get("id")))
                    .map(j -> j.get("status")).findFirst(), "the killed job never ended, and made no recovery point");
            CliRun verify = CliRun.of("vault", "verify", "--vault", vault.toString());
            assertEquals(AksBackupCli.OK, verify.code(), verify.out() + verify.err());

            survivor.signal("TERM");
            assertEquals(0, survivor.awaitExit(Duration.ofSeconds(60)), survivor.log());
        }
    }

    @Test
    void stopRetainingDataHaltsBackupsUntilResumeAndStopDeletingDataRemovesThem() throws Exception {
        Path vault = dir.resolve("vault");
        Instant first = Instant.now().plusSeconds(15).truncatedTo(ChronoUnit.SECONDS);
        configure(vault, "shop", policy(first, "PT10S"), "--allow-any-interval=PT10S");
        try (ServeProcess a = ServeProcess.start(dir, "a", serveArgs(vault, "1s"))) {
            a.url();
            await(() -> scheduled(vault, "shop").isEmpty() ? null : true, LONG, "the first recovery point");
            CliRun stop = CliRun.of("instance", "stop", "shop", "--vault", vault.toString(), "--retain-data");
            assertEquals(AksBackupCli.OK, stop.code(), stop.out() + stop.err());
            Thread.sleep(4000); // a backup already running when protection stopped may still finish
            int kept = scheduled(vault, "shop").size();
            Thread.sleep(25_000); // two or more slots pass
            assertEquals(kept, scheduled(vault, "shop").size(), "no backups while stopped, and nothing deleted");

            CliRun resume = CliRun.of("instance", "resume", "shop", "--vault", vault.toString(), "--json");
            assertEquals(AksBackupCli.OK, resume.code(), resume.out() + resume.err());
            assertEquals("ProtectionConfigured", JsonValues.parseObject(resume.out().getBytes(StandardCharsets.UTF_8)).get("protectionState"));
            await(() -> scheduled(vault, "shop").size() > kept ? true : null, LONG, "a backup after resume");

            a.signal("TERM");
            assertEquals(0, a.awaitExit(Duration.ofSeconds(60)), a.log());
        }
        CliRun delete = CliRun.of("instance", "stop", "shop", "--vault", vault.toString(), "--delete-data", "--json");
        assertEquals(AksBackupCli.OK, delete.code(), delete.out() + delete.err());
        assertTrue(list("recovery-points", "recoveryPoints", vault, "--instance", "shop").isEmpty());
        CliRun show = CliRun.of("instance", "show", "shop", "--vault", vault.toString(), "--json");
        assertEquals("ProtectionDeleted", JsonValues.parseObject(show.out().getBytes(StandardCharsets.UTF_8)).get("protectionState"));
    }
}
