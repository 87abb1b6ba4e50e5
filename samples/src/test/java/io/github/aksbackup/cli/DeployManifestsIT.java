package io.github.aksbackup.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.aksbackup.api.instance.BackupConfiguration;
import io.github.aksbackup.config.BackupConfigurationJson;
import io.github.aksbackup.k8s.KubernetesClusterClient;
import io.github.aksbackup.k8s.PermissionCheck;
import io.github.aksbackup.k8s.Preflight;
import io.github.aksbackup.k8s.PreflightReport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * deploy/kubernetes against the real API server: every manifest passes {@code kubectl apply
 * --dry-run=server} (the server's own validation and defaulting), and the ClusterRole holds what the
 * preflight checks for a backup and restore of everything (volumes and hooks included) and no more.
 */
class DeployManifestsIT {
    private static final Path MANIFESTS = Path.of("..", "deploy", "kubernetes");
    private static String kubeconfig;

    @TempDir
    Path dir;

    @BeforeAll
    static void server() {
        kubeconfig = TestServer.kubeconfig();
    }

    /** Runs kubectl with the test server's kubeconfig; returns exit code and output. */
    static String[] kubectl(Path kubeconfigFile, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("kubectl", "--kubeconfig", kubeconfigFile.toString()));
        cmd.addAll(List.of(args));
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new AssertionError("kubectl is needed on PATH for this test: " + e.getMessage(), e);
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        return new String[] {Integer.toString(p.exitValue()), out};
    }

    @Test
    void everyManifestIsAcceptedByTheApiServer() throws Exception {
        Path kc = Path.of(kubeconfig);
        // A server-side dry run of namespaced objects needs their namespace to exist.
        String[] ns = kubectl(kc, "apply", "-f", MANIFESTS.resolve("00-namespace.yaml").toString());
        assertEquals("0", ns[0], ns[1]);
        String[] run = kubectl(kc, "apply", "--dry-run=server", "-f", MANIFESTS.resolve("10-rbac.yaml").toString(),
                "-f", MANIFESTS.resolve("20-deployment.yaml").toString());
        assertEquals("0", run[0], run[1]);
        for (String object : List.of("serviceaccount/aks-backup", "clusterrole.rbac.authorization.k8s.io/aks-backup",
                "clusterrolebinding.rbac.authorization.k8s.io/aks-backup", "deployment.apps/aks-backup", "service/aks-backup-metrics")) {
            assertTrue(run[1].contains(object + " ") && run[1].contains("(server dry run)"), object + " in: " + run[1]);
        }
        String deployment = Files.readString(MANIFESTS.resolve("20-deployment.yaml"), StandardCharsets.UTF_8);
        assertTrue(deployment.contains("replicas: 2") && deployment.contains("path: /healthz") && deployment.contains("path: /readyz"));
    }

    @Test
    void theServiceAccountPassesThePreflightOfABackupAndRestoreOfEverythingAndMayDoNoMore() throws Exception {
        Path kc = Path.of(kubeconfig);
        String ns = "aks-backup-" + UUID.randomUUID().toString().substring(0, 8);
        String role = Files.readString(MANIFESTS.resolve("10-rbac.yaml"), StandardCharsets.UTF_8)
                .replace("namespace: aks-backup", "namespace: " + ns).replace("name: aks-backup\n", "name: " + ns + "\n");
        Path rbac = dir.resolve("rbac.yaml");
        Files.writeString(rbac, role, StandardCharsets.UTF_8);
        assertEquals("0", kubectl(kc, "create", "namespace", ns)[0]);
        String[] applied = kubectl(kc, "apply", "-f", rbac.toString());
        assertEquals("0", applied[0], applied[1]);
        String[] token = kubectl(kc, "create", "token", ns, "-n", ns);
        assertEquals("0", token[0], token[1]);

        Path saConfig = dir.resolve("sa-kubeconfig");
        Files.copy(kc, saConfig);
        assertEquals("0", kubectl(saConfig, "config", "set-credentials", "sa", "--token=" + token[1].trim())[0]);
        assertEquals("0", kubectl(saConfig, "config", "set-context", "sa", "--cluster=aksb", "--user=sa")[0]);

        BackupConfiguration everything = BackupConfigurationJson.read("{\"objectType\":\"KubernetesClusterBackupDatasourceParameters\","
                + "\"snapshotVolumes\":true,\"includeClusterScopeResources\":true,"
                + "\"backupHookReferences\":[{\"name\":\"freeze\",\"namespace\":\"ops\"}]}");
        try (KubernetesClusterClient asServiceAccount = KubernetesClusterClient.builder().kubeconfig(saConfig, "sa").build()) {
            PreflightReport report = Preflight.of(asServiceAccount).backupAndRestore(everything);
            List<PermissionCheck> missing = report.missing();
            assertTrue(missing.isEmpty(), "missing: " + missing);
            assertTrue(report.checks().size() > 100, "the preflight asked about every type: " + report.checks().size());
        }
        String as = "--as=system:serviceaccount:" + ns + ":" + ns;
        for (String[] denied : List.of(new String[] {"delete", "deployments"}, new String[] {"update", "secrets"},
                new String[] {"delete", "namespaces"}, new String[] {"escalate", "clusterroles"})) {
            String[] canI = kubectl(kc, "auth", "can-i", denied[0], denied[1], "--all-namespaces", as);
            assertEquals("no", canI[1].trim(), denied[0] + " " + denied[1] + " must not be granted");
        }
    }
}
