package io.github.aksbackup.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.aksbackup.json.JsonValues;
import io.github.aksbackup.k8s.KubernetesClusterClient;
import io.github.aksbackup.spi.KubeObject;
import io.github.aksbackup.spi.ResourceType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code aks-backup backup}, {@code restore} and {@code preflight} against the real API server
 * that scripts/kube-test-env.sh starts (RBAC mode, as scripts/test-all.sh runs it).
 */
class KubeCommandsIT {
    private static final Set<String> VERBS = Set.of("list", "get", "create", "patch", "delete");
    private static final ResourceType NAMESPACES = new ResourceType("", "v1", "Namespace", "namespaces", false, VERBS);
    private static final ResourceType CONFIG_MAPS = new ResourceType("", "v1", "ConfigMap", "configmaps", true, VERBS);
    private static final ResourceType DEPLOYMENTS = new ResourceType("apps", "v1", "Deployment", "deployments", true, VERBS);

    private static String kubeconfig;
    private static KubernetesClusterClient cluster;
    private static String ns;

    @TempDir
    Path dir;

    @BeforeAll
    static void deployApp() {
        kubeconfig = TestServer.kubeconfig();
        cluster = KubernetesClusterClient.builder().kubeconfig(Path.of(kubeconfig)).build();
        ns = "cli-" + UUID.randomUUID().toString().substring(0, 8);
        cluster.create(NAMESPACES, object("v1", "Namespace", null, "" + ns, Map.of()));
        KubeObject cm = object("v1", "ConfigMap", ns, "settings", Map.of("app", "web"));
        cm.content().put("data", Map.of("mode", "production"));
        cluster.create(CONFIG_MAPS, cm);
        KubeObject web = object("apps/v1", "Deployment", ns, "web", Map.of("app", "web"));
        web.content().put("spec", Map.of("replicas", 3L, "selector", Map.of("matchLabels", Map.of("app", "web")),
                "template", Map.of("metadata", Map.of("labels", Map.of("app", "web")),
                        "spec", Map.of("containers", List.of(Map.of("name", "web", "image", "registry.invalid/web:1"))))));
        cluster.create(DEPLOYMENTS, web);
    }

    @AfterAll
    static void close() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static KubeObject object(String apiVersion, String kind, String namespace, String name, Map<String, String> labels) {
        return TestServer.object(apiVersion, kind, namespace, name, labels);
    }

    private Path write(String name, String json) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, json, StandardCharsets.UTF_8);
        return p;
    }

    private Path backupConfig() throws Exception {
        return write("config.json", "{\"objectType\":\"KubernetesClusterBackupDatasourceParameters\","
                + "\"includedNamespaces\":[\"" + ns + "\"],\"snapshotVolumes\":true,\"includeClusterScopeResources\":false}");
    }

    private Path restoreConfig(String target, String conflictPolicy) throws Exception {
        return write("restore-" + target + ".json", "{\"objectType\":\"KubernetesClusterRestoreCriteria\","
                + "\"includedNamespaces\":[\"" + ns + "\"],\"namespaceMappings\":{\"" + ns + "\":\"" + target + "\"},"
                + "\"conflictPolicy\":\"" + conflictPolicy + "\",\"includeClusterScopeResources\":false,"
                + "\"persistentVolumeRestoreMode\":\"RestoreWithVolumeData\"}");
    }

    private String backUp(Path vault) throws Exception {
        CliRun run = CliRun.of("backup", "--kubeconfig", kubeconfig, "--vault", vault.toString(),
                "--config", backupConfig().toString(), "--json");
        assertEquals(AksBackupCli.OK, run.code(), run.err());
        Map<String, Object> job = JsonValues.parseObject(run.out().getBytes(StandardCharsets.UTF_8));
        assertEquals("Backup", job.get("operation"));
        assertTrue(List.of("Completed", "CompletedWithWarnings").contains(job.get("status")), run.out());
        return (String) job.get("recoveryPointId");
    }

    /** Runs {@code restore} of {@code rp} from {@code vault} into {@code target} with a conflict policy and extra arguments. */
    private CliRun restore(Path vault, String rp, String target, String conflictPolicy, String... extra) throws Exception {
        List<String> args = new java.util.ArrayList<>(List.of("restore", "--kubeconfig", kubeconfig, "--vault", vault.toString(),
                "--recovery-point", rp, "--config", restoreConfig(target, conflictPolicy).toString()));
        args.addAll(List.of(extra));
        return CliRun.of(args.toArray(String[]::new));
    }

    @Test
    void backsUpAndRestoresIntoAMappedNamespace() throws Exception {
        Path vault = dir.resolve("vault");
        String rp = backUp(vault);
        String target = ns + "-restored";

        CliRun plan = restore(vault, rp, target, "Skip", "--dry-run");
        assertEquals(AksBackupCli.OK, plan.code(), plan.err());
        assertTrue(plan.out().contains("create apps/v1/Deployment " + target + "/web"), plan.out());
        assertTrue(cluster.get(NAMESPACES, null, target).isEmpty(), "a dry run changes nothing");

        CliRun restore = restore(vault, rp, target, "Skip");
        assertEquals(AksBackupCli.OK, restore.code(), restore.out() + restore.err());
        assertTrue(restore.out().startsWith("Restore of " + rp), restore.out());
        assertEquals(3L, cluster.get(DEPLOYMENTS, target, "web").orElseThrow().at("spec", "replicas"));
        assertEquals("production", cluster.get(CONFIG_MAPS, target, "settings").orElseThrow().at("data", "mode"));
    }

    @Test
    void aRestoreThatLeavesObjectsOutExitsWithOne() throws Exception {
        Path vault = dir.resolve("vault");
        String rp = backUp(vault);
        String target = ns + "-conflict";
        CliRun first = restore(vault, rp, target, "Skip");
        assertEquals(AksBackupCli.OK, first.code(), first.out() + first.err());

        // Conflict policy Fail over the objects the first restore created: every object fails.
        CliRun again = restore(vault, rp, target, "Fail", "--json");
        Map<String, Object> job = JsonValues.parseObject(again.out().getBytes(StandardCharsets.UTF_8));
        assertTrue(((Number) ((Map<?, ?>) job.get("counts")).get("failed")).longValue() > 0, again.out());
        assertEquals(AksBackupCli.FAILED, again.code(), "a partly failed restore is exit code 1: " + job.get("status"));
    }

    @Test
    void aBackupInstanceAndARestoreRequestAsAzurePrintsThemActEndToEnd() throws Exception {
        // The test server's admin context is aksb-admin: az aks get-credentials --admin names it so for a cluster "aksb".
        String clusterId = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/"
                + "Microsoft.ContainerService/managedClusters/aksb";
        Path policy = write("nightly.json", Files.readString(Path.of("policies", "aks-default.json")).replace("AKSPolicy1", "nightly"));
        Path instance = write("instance.json", "{\"name\":\"x\",\"properties\":{\"objectType\":\"BackupInstance\","
                + "\"provisioningState\":\"Succeeded\",\"dataSourceInfo\":{\"objectType\":\"Datasource\",\"resourceID\":\"" + clusterId
                + "\"},\"policyInfo\":{\"policyId\":\"/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/"
                + "Microsoft.DataProtection/backupVaults/v/backupPolicies/nightly\",\"policyParameters\":{\"dataStoreParametersList\":"
                + "[{\"objectType\":\"AzureOperationalStoreParameters\",\"dataStoreType\":\"OperationalStore\",\"resourceGroupId\":"
                + "\"/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/snapshots\"}],\"backupDatasourceParametersList\":["
                + Files.readString(backupConfig()) + "]}}}}");
        Path vault = dir.resolve("vault");
        CliRun backup = CliRun.of("backup", "--kubeconfig", kubeconfig, "--vault", vault.toString(), "--config", instance.toString(),
                "--policy", policy.toString(), "--instance", "from-azure", "--json");
        assertEquals(AksBackupCli.OK, backup.code(), backup.err());
        String rp = (String) JsonValues.parseObject(backup.out().getBytes(StandardCharsets.UTF_8)).get("recoveryPointId");
        try (io.github.aksbackup.client.AksBackupClient client = io.github.aksbackup.client.AksBackupClient.builder()
                .vault(new io.github.aksbackup.store.DirectoryObjectStore(vault)).cluster(cluster).buildClient()) {
            assertEquals(clusterId, client.getInstance("from-azure").clusterRef());
            assertEquals("nightly", client.getInstance("from-azure").policyName());
        }

        String target = ns + "-request";
        Path request = write("request.json", "{\"objectType\":\"AzureBackupRecoveryPointBasedRestoreRequest\",\"recoveryPointId\":\""
                + rp + "\",\"sourceDataStoreType\":\"OperationalStore\",\"sourceResourceId\":\"" + clusterId + "\","
                + "\"restoreTargetInfo\":{\"objectType\":\"ItemLevelRestoreTargetInfo\",\"recoveryOption\":\"FailIfExists\","
                + "\"restoreLocation\":\"westeurope\",\"datasourceInfo\":{\"objectType\":\"Datasource\",\"resourceID\":\"" + clusterId
                + "\"},\"restoreCriteria\":[" + Files.readString(restoreConfig(target, "Skip")) + "]}}");
        CliRun restore = CliRun.of("restore", "--kubeconfig", kubeconfig, "--vault", vault.toString(), "--config", request.toString());
        assertEquals(AksBackupCli.OK, restore.code(), restore.out() + restore.err());
        assertTrue(restore.out().startsWith("Restore of " + rp), "the request's recovery point, without --recovery-point: " + restore.out());
        assertEquals("production", cluster.get(CONFIG_MAPS, target, "settings").orElseThrow().at("data", "mode"));
    }

    @Test
    void printsASummaryWithTheRecoveryPoint() throws Exception {
        CliRun run = CliRun.of("backup", "--kubeconfig", kubeconfig, "--vault", dir.resolve("vault").toString(),
                "--config", backupConfig().toString(), "--instance", "cli-summary");
        assertEquals(AksBackupCli.OK, run.code(), run.err());
        assertTrue(run.out().startsWith("Backup of cli-summary Completed"), run.out());
        assertTrue(run.out().contains("recovery point "), run.out());
        assertTrue(run.out().contains("objects: "), run.out());
    }

    @Test
    void reportsBadInputWithExitCodeTwo() throws Exception {
        Path vault = dir.resolve("vault");
        CliRun badConfig = CliRun.of("backup", "--kubeconfig", kubeconfig, "--vault", vault.toString(),
                "--config", write("bad.json", "{\"includedNamespaces\": \"not-a-list\"}").toString());
        assertEquals(AksBackupCli.BAD_INPUT, badConfig.code(), badConfig.out());
        assertTrue(badConfig.err().contains("includedNamespaces"), badConfig.err());

        CliRun unknownTag = CliRun.of("backup", "--kubeconfig", kubeconfig, "--vault", vault.toString(),
                "--config", backupConfig().toString(), "--tag", "Fortnightly");
        assertEquals(AksBackupCli.BAD_INPUT, unknownTag.code(), unknownTag.out() + unknownTag.err());
        assertFalse(Files.exists(vault), "bad input writes nothing to the vault");

        CliRun missingHook = CliRun.of("backup", "--kubeconfig", kubeconfig, "--vault", vault.toString(), "--config",
                write("hooked.json", "{\"objectType\":\"KubernetesClusterBackupDatasourceParameters\",\"includedNamespaces\":[\""
                        + ns + "\"],\"backupHookReferences\":[{\"name\":\"no-such-hook\",\"namespace\":\"" + ns + "\"}]}").toString());
        assertEquals(AksBackupCli.BAD_INPUT, missingHook.code(), missingHook.out() + missingHook.err());
        assertTrue(missingHook.err().contains("backupHookReferences[0]"), missingHook.err());
        assertFalse(Files.exists(vault), "a missing hook is found before the vault is written");
        assertTrue(unknownTag.err().contains("--tag Fortnightly"), unknownTag.err());

        CliRun unknownPoint = CliRun.of("restore", "--kubeconfig", kubeconfig, "--vault", vault.toString(),
                "--recovery-point", "20200101T000000Z-000000", "--config", restoreConfig(ns + "-x", "Skip").toString());
        assertEquals(AksBackupCli.BAD_INPUT, unknownPoint.code(), unknownPoint.out() + unknownPoint.err());
        assertFalse(unknownPoint.err().contains("\tat "), "no stack trace");

        CliRun noKubeconfig = CliRun.of("preflight", "--kubeconfig", dir.resolve("missing").toString(),
                "--config", backupConfig().toString());
        assertEquals(AksBackupCli.BAD_INPUT, noKubeconfig.code());
    }

    @Test
    void preflightListsWhatARestrictedIdentityLacks() throws Exception {
        CliRun admin = CliRun.of("preflight", "--kubeconfig", kubeconfig, "--config", backupConfig().toString());
        assertEquals(AksBackupCli.OK, admin.code(), admin.out() + admin.err());
        assertTrue(admin.out().contains("permissions present"), admin.out());

        CliRun user = CliRun.of("preflight", "--kubeconfig", kubeconfig, "--context", "aksb-user",
                "--config", backupConfig().toString());
        assertEquals(AksBackupCli.FAILED, user.code(), user.out() + user.err());
        assertTrue(user.out().contains("missing: list configmaps in namespace " + ns + " (to back up)"), user.out());
        assertTrue(user.out().contains("missing: create volumesnapshots.snapshot.storage.k8s.io in namespace " + ns), user.out());
        assertTrue(user.out().contains("missing: patch deployments.apps in namespace " + ns + " (to restore)"), user.out());

        CliRun json = CliRun.of("preflight", "--kubeconfig", kubeconfig, "--context", "aksb-user",
                "--config", backupConfig().toString(), "--json");
        Map<String, Object> report = JsonValues.parseObject(json.out().getBytes(StandardCharsets.UTF_8));
        assertEquals(Boolean.FALSE, report.get("ok"));
        assertTrue(((List<?>) report.get("missing")).stream().anyMatch(m -> ((Map<?, ?>) m).get("verb").equals("list")
                && ((Map<?, ?>) m).get("resource").equals("secrets") && ns.equals(((Map<?, ?>) m).get("namespace"))));
    }
}
