package io.github.aksbackup.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.aksbackup.json.JsonValues;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code aks-backup instance configure} against the real API server (RBAC mode): preflight, identity, bad input. */
class InstanceCommandIT {
    private static String kubeconfig;

    @TempDir
    Path dir;

    @BeforeAll
    static void server() {
        kubeconfig = TestServer.kubeconfig();
    }

    private Path write(String name, String text) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, text, StandardCharsets.UTF_8);
        return p;
    }

    private CliRun configure(String context, Path policy, String... extra) throws Exception {
        Path config = write("config.json", "{\"objectType\":\"KubernetesClusterBackupDatasourceParameters\","
                + "\"includedNamespaces\":[\"default\"],\"snapshotVolumes\":false,\"includeClusterScopeResources\":false}");
        List<String> args = new ArrayList<>(List.of("instance", "configure", "--vault", dir.resolve("vault").toString(),
                "--kubeconfig", kubeconfig, "--context", context, "--name", "prod", "--policy", policy.toString(),
                "--config", config.toString()));
        args.addAll(List.of(extra));
        return CliRun.of(args.toArray(String[]::new));
    }

    @Test
    void aMissingPermissionIsExitCodeOneListingItAndWritesNothing() throws Exception {
        CliRun run = configure("aksb-user", Path.of("policies", "aks-default.json"));
        assertEquals(AksBackupCli.FAILED, run.code(), run.out() + run.err());
        assertTrue(run.err().contains("missing: list") && run.err().contains("nothing was written"), run.err());
        assertFalse(Files.exists(dir.resolve("vault").resolve("catalog")), "no instance recorded");
    }

    @Test
    void recordsTheInstanceWithTheClustersIdentity() throws Exception {
        CliRun run = configure("aksb-admin", Path.of("policies", "aks-default.json"), "--json");
        assertEquals(AksBackupCli.OK, run.code(), run.out() + run.err());
        Map<String, Object> status = JsonValues.parseObject(run.out().getBytes(StandardCharsets.UTF_8));
        assertEquals("ProtectionConfigured", status.get("protectionState"));
        Map<?, ?> cluster = (Map<?, ?>) status.get("cluster");
        assertTrue(cluster.get("uid").toString().matches("[0-9a-f-]{36}"), cluster.toString());
        assertTrue(cluster.get("server").toString().contains(System.getenv("AKSB_APISERVER_URL")), cluster.toString());
        assertNotNull(status.get("nextSlot"), status.toString());
        CliRun list = CliRun.of("instance", "list", "--vault", dir.resolve("vault").toString());
        assertTrue(list.out().contains("prod") && list.out().contains("ProtectionConfigured"), list.out());
    }

    @Test
    void aBadPolicyIsExitCodeTwoNamingTheField() throws Exception {
        String policy = Files.readString(Path.of("policies", "aks-default.json"), StandardCharsets.UTF_8).replace("PT4H", "PT2H");
        CliRun run = configure("aksb-admin", write("policy.json", policy));
        assertEquals(AksBackupCli.BAD_INPUT, run.code(), run.out() + run.err());
        assertTrue(run.err().contains("repeatingTimeIntervals[0]") && run.err().contains("PT2H"), run.err());
        CliRun allowed = configure("aksb-admin", write("policy.json", policy), "--allow-any-interval");
        assertEquals(AksBackupCli.OK, allowed.code(), allowed.out() + allowed.err());
    }
}
