package io.github.aksbackup.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.aksbackup.api.instance.BackupInstance;
import io.github.aksbackup.client.AksBackupClient;
import io.github.aksbackup.json.JsonValues;
import io.github.aksbackup.k8s.KubernetesClusterClient;
import io.github.aksbackup.store.DirectoryObjectStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code aks-backup backup --instance} of an instance the vault holds already, and a restore request
 * naming its source cluster, on the real API server (scripts/kube-test-env.sh): an on-demand backup
 * is a backup of the instance as configured and never reconfigures it, and a request whose
 * {@code sourceResourceId} is another cluster is refused.
 */
class BackupOfAConfiguredInstanceIT {
    @TempDir
    Path dir;

    private Path write(String name, String text) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, text, StandardCharsets.UTF_8);
        return p;
    }

    private Path config(String name, String namespace) throws Exception {
        return write(name, "{\"objectType\":\"KubernetesClusterBackupDatasourceParameters\",\"includedNamespaces\":[\"" + namespace
                + "\"],\"snapshotVolumes\":false,\"includeClusterScopeResources\":false}");
    }

    private static void assertBadInputNaming(CliRun run, String option, String... also) {
        assertEquals(AksBackupCli.BAD_INPUT, run.code(), run.out() + run.err());
        assertTrue(run.err().startsWith(option + ": "), run.err());
        for (String s : also) {
            assertTrue(run.err().contains(s), s + " in " + run.err());
        }
        assertFalse(run.err().contains("\tat "), "no stack trace");
    }

    @Test
    void anInstanceOfTheVaultIsBackedUpAsConfiguredAndADifferentConfigurationOrPolicyIsRefused() throws Exception {
        String kubeconfig = TestServer.kubeconfig();
        String shop = "shop-" + UUID.randomUUID().toString().substring(0, 8);
        String blog = "blog-" + UUID.randomUUID().toString().substring(0, 8);
        try (KubernetesClusterClient cluster = KubernetesClusterClient.builder().kubeconfig(Path.of(kubeconfig)).build()) {
            for (String ns : List.of(shop, blog)) {
                cluster.create(TestServer.NAMESPACES, TestServer.object("v1", "Namespace", null, ns, Map.of()));
                cluster.create(TestServer.CONFIG_MAPS, TestServer.object("v1", "ConfigMap", ns, "settings", Map.of()));
            }
        }
        String vault = dir.resolve("vault").toString();
        Path nightly = write("nightly.json", Files.readString(Path.of("policies", "aks-default.json")).replace("AKSPolicy1", "nightly"));
        CliRun configure = CliRun.of("instance", "configure", "--vault", vault, "--kubeconfig", kubeconfig, "--name", "shop",
                "--policy", nightly.toString(), "--config", config("shop.json", shop).toString(), "--skip-preflight");
        assertEquals(AksBackupCli.OK, configure.code(), configure.out() + configure.err());

        // Another configuration under the instance's name: refused, the instance stays as it is.
        CliRun other = CliRun.of("backup", "--kubeconfig", kubeconfig, "--vault", vault, "--instance", "shop",
                "--config", config("blog.json", blog).toString());
        assertBadInputNaming(other, "--config", "backup instance 'shop' in the vault is configured differently",
                "includedNamespaces is [" + blog + "] here, [" + shop + "] in the vault", "--instance");
        // Another policy: refused as well.
        CliRun otherPolicy = CliRun.of("backup", "--kubeconfig", kubeconfig, "--vault", vault, "--instance", "shop",
                "--config", config("shop.json", shop).toString(), "--policy", Path.of("policies", "aks-default.json").toString());
        assertBadInputNaming(otherPolicy, "--policy", "is policy 'AKSPolicy1'", "runs under policy 'nightly'");
        Path shorter = write("nightly-3-days.json", Files.readString(nightly).replace("P7D", "P3D"));
        CliRun changedPolicy = CliRun.of("backup", "--kubeconfig", kubeconfig, "--vault", vault, "--instance", "shop",
                "--config", config("shop.json", shop).toString(), "--policy", shorter.toString());
        assertBadInputNaming(changedPolicy, "--policy", "with other rules than the vault's version");

        // Its own configuration, without --policy: a backup of the instance under its own policy.
        CliRun same = CliRun.of("backup", "--kubeconfig", kubeconfig, "--vault", vault, "--instance", "shop",
                "--config", config("shop.json", shop).toString(), "--json");
        assertEquals(AksBackupCli.OK, same.code(), same.out() + same.err());
        String rp = (String) JsonValues.parseObject(same.out().getBytes(StandardCharsets.UTF_8)).get("recoveryPointId");
        assertTrue(rp.contains("-shop-"), "on-demand ids name their instance: " + rp);
        try (AksBackupClient client = AksBackupClient.builder().vault(new DirectoryObjectStore(Path.of(vault))).buildClient()) {
            BackupInstance instance = client.getInstance("shop");
            assertEquals("nightly", instance.policyName(), "the instance keeps its policy");
            assertEquals(List.of(shop), instance.configuration().includedNamespaces(), "and its configuration");
            assertTrue(client.instanceStatus("shop").cluster() != null, "and its cluster's identity, which serve needs");
        }

        // A restore request whose sourceResourceId is another cluster than the instance's.
        Path request = write("request.json", "{\"objectType\":\"AzureBackupRecoveryPointBasedRestoreRequest\",\"recoveryPointId\":\""
                + rp + "\",\"sourceDataStoreType\":\"OperationalStore\",\"sourceResourceId\":\"/subscriptions/0/resourceGroups/rg/"
                + "providers/Microsoft.ContainerService/managedClusters/elsewhere\",\"restoreTargetInfo\":{\"objectType\":"
                + "\"ItemLevelRestoreTargetInfo\",\"recoveryOption\":\"FailIfExists\",\"restoreCriteria\":[{\"objectType\":"
                + "\"KubernetesClusterRestoreCriteria\",\"namespaceMappings\":{\"" + shop + "\":\"" + shop + "-restored\"},"
                + "\"includeClusterScopeResources\":false,\"persistentVolumeRestoreMode\":\"RestoreWithoutVolumeData\"}]}}");
        CliRun restore = CliRun.of("restore", "--kubeconfig", kubeconfig, "--vault", vault, "--config", request.toString());
        assertBadInputNaming(restore, "sourceClusterRef", "sourceResourceId", "managedClusters/elsewhere", "backup instance shop");
    }
}
