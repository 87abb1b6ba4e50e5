package io.github.aksbackup.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.github.aksbackup.api.instance.BackupInstance;
import io.github.aksbackup.client.AksBackupClient;
import io.github.aksbackup.store.DirectoryObjectStore;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fields of a backup instance and a restore request that the command line acts on: the cluster
 * they name chooses the kubeconfig context, the policy a backup instance names must be the one given,
 * the recovery point a request names is the one restored, and the instance records its cluster and
 * snapshot resource group. Two stand-in API servers answer every request with 403 and count them, so
 * that which cluster a command reached is visible.
 */
class DocumentFieldsCliTest {
    private static final String CLUSTERS = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/aks-rg/providers/"
            + "Microsoft.ContainerService/managedClusters/";

    @TempDir
    Path dir;

    private final Server current = new Server();
    private final Server named = new Server();
    private Path kubeconfig;

    /** An API server that refuses every request (403, which is not retried) and counts them. */
    static final class Server {
        final AtomicInteger requests = new AtomicInteger();
        HttpServer http;

        void start() throws IOException {
            http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            http.createContext("/", exchange -> {
                requests.incrementAndGet();
                byte[] body = "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"reason\":\"Forbidden\",\"code\":403}"
                        .getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(403, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            http.start();
        }

        String url() {
            return "http://127.0.0.1:" + http.getAddress().getPort();
        }
    }

    @BeforeEach
    void servers() throws IOException {
        current.start();
        named.start();
        kubeconfig = Files.writeString(dir.resolve("kubeconfig"), "apiVersion: v1\nkind: Config\ncurrent-context: other\n"
                + "clusters:\n- name: a\n  cluster:\n    server: " + current.url() + "\n- name: b\n  cluster:\n    server: " + named.url()
                + "\ncontexts:\n- name: other\n  context:\n    cluster: a\n    user: u\n- name: prod-aks-admin\n  context:\n    cluster: b\n"
                + "    user: u\n- name: restore-aks\n  context:\n    cluster: b\n    user: u\nusers:\n- name: u\n  user:\n    token: t\n");
    }

    @AfterEach
    void stop() {
        current.http.stop(0);
        named.http.stop(0);
    }

    private Path policyNamed(String name) throws IOException {
        String json = Files.readString(Path.of("policies", "aks-default.json")).replace("\"AKSPolicy1\"", "\"" + name + "\"");
        return Files.writeString(dir.resolve(name + ".json"), json);
    }

    private Path instanceDocument() throws IOException {
        return Files.writeString(dir.resolve("instance.json"), """
                {"id": "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/backup-rg/providers/Microsoft.DataProtection/backupVaults/v/backupInstances/prod",
                 "name": "prod", "type": "Microsoft.DataProtection/backupVaults/backupInstances",
                 "properties": {"objectType": "BackupInstance", "friendlyName": "prod-aks\\\\prod-aks", "provisioningState": "Succeeded",
                  "dataSourceInfo": {"objectType": "Datasource", "datasourceType": "Microsoft.ContainerService/managedClusters",
                    "resourceID": "%sprod-aks", "resourceName": "prod-aks"},
                  "policyInfo": {"policyId": "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/backup-rg/providers/Microsoft.DataProtection/backupVaults/v/backupPolicies/nightly",
                    "policyParameters": {
                      "dataStoreParametersList": [{"objectType": "AzureOperationalStoreParameters", "dataStoreType": "OperationalStore",
                        "resourceGroupId": "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/aks-snapshots"}],
                      "backupDatasourceParametersList": [{"objectType": "KubernetesClusterBackupDatasourceParameters",
                        "includedNamespaces": ["shop"], "snapshotVolumes": false, "includeClusterScopeResources": false}]}}}}
                """.formatted(CLUSTERS));
    }

    @Test
    void aBackupInstanceChoosesTheContextOfItsClusterAndRecordsItsClusterAndSnapshotGroup() throws IOException {
        Path vault = dir.resolve("vault");
        CliRun run = CliRun.of("backup", "--kubeconfig", kubeconfig.toString(), "--vault", vault.toString(), "--config",
                instanceDocument().toString(), "--policy", policyNamed("nightly").toString(), "--instance", "prod");
        assertTrue(named.requests.get() > 0, "the context named after the instance's cluster was used: " + run.err());
        assertEquals(0, current.requests.get(), "the current context (another cluster) was not: " + run.err());
        try (AksBackupClient client = AksBackupClient.builder().vault(new DirectoryObjectStore(vault))
                .cluster(new io.github.aksbackup.testkit.InMemoryCluster()).buildClient()) {
            BackupInstance instance = client.getInstance("prod");
            assertEquals(CLUSTERS + "prod-aks", instance.clusterRef());
            assertEquals("nightly", instance.policyName());
            assertEquals("/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/aks-snapshots",
                    instance.snapshotLocation().snapshotResourceGroupId());
        }
    }

    @Test
    void aBackupInstanceRunsOnlyUnderThePolicyItNames() throws IOException {
        Path vault = dir.resolve("vault");
        Path config = instanceDocument();
        CliRun none = CliRun.of("backup", "--kubeconfig", kubeconfig.toString(), "--vault", vault.toString(), "--config", config.toString());
        assertEquals(2, none.code(), none.err());
        assertTrue(none.err().contains("--policy") && none.err().contains("'nightly'"), none.err());
        CliRun other = CliRun.of("backup", "--kubeconfig", kubeconfig.toString(), "--vault", vault.toString(), "--config",
                config.toString(), "--policy", policyNamed("weekly").toString());
        assertEquals(2, other.code(), other.err());
        assertTrue(other.err().contains("is policy 'weekly'"), other.err());
        assertEquals(0, current.requests.get() + named.requests.get(), "refused before any cluster was contacted");
        assertTrue(!Files.exists(vault), "nothing written to the vault");
    }

    @Test
    void aRestoreRequestNamesTheRecoveryPointAndTheTargetCluster() throws IOException {
        Path request = Files.writeString(dir.resolve("request.json"), """
                {"objectType": "AzureBackupRecoveryPointBasedRestoreRequest", "recoveryPointId": "20240101T000000Z-abcdef",
                 "sourceDataStoreType": "OperationalStore",
                 "restoreTargetInfo": {"objectType": "ItemLevelRestoreTargetInfo", "recoveryOption": "FailIfExists", "restoreLocation": "westeurope",
                   "datasourceInfo": {"objectType": "Datasource", "resourceID": "%srestore-aks"},
                   "restoreCriteria": [{"objectType": "KubernetesClusterRestoreCriteria", "includeClusterScopeResources": false,
                     "persistentVolumeRestoreMode": "RestoreWithoutVolumeData",
                     "restoreHookReferences": [{"name": "warm", "namespace": "shop"}]}]}}
                """.formatted(CLUSTERS));
        CliRun run = CliRun.of("restore", "--kubeconfig", kubeconfig.toString(), "--vault", dir.resolve("vault").toString(),
                "--config", request.toString());
        assertTrue(named.requests.get() > 0, "the context named after the target cluster was used: " + run.err());
        assertEquals(0, current.requests.get(), run.err());

        Path noHooks = Files.writeString(dir.resolve("no-hooks.json"), Files.readString(request)
                .replace(",\n     \"restoreHookReferences\": [{\"name\": \"warm\", \"namespace\": \"shop\"}]", ""));
        CliRun missing = CliRun.of("restore", "--kubeconfig", kubeconfig.toString(), "--vault", dir.resolve("vault2").toString(),
                "--config", noHooks.toString());
        assertEquals(2, missing.code(), missing.err());
        assertTrue(missing.err().contains("no recovery point 20240101T000000Z-abcdef"), "the request's recovery point is the one looked"
                + " for, without --recovery-point: " + missing.err());

        CliRun conflicting = CliRun.of("restore", "--kubeconfig", kubeconfig.toString(), "--vault", dir.resolve("vault3").toString(),
                "--config", noHooks.toString(), "--recovery-point", "20240102T000000Z-123456");
        assertEquals(2, conflicting.code(), conflicting.err());
        assertTrue(conflicting.err().contains("--recovery-point") && conflicting.err().contains("20240101T000000Z-abcdef"), conflicting.err());
    }

    @Test
    void withContextTheUserChoosesTheConnection() throws IOException {
        CliRun run = CliRun.of("backup", "--kubeconfig", kubeconfig.toString(), "--vault", dir.resolve("vault").toString(), "--config",
                instanceDocument().toString(), "--policy", policyNamed("nightly").toString(), "--instance", "prod", "--context", "other");
        assertTrue(current.requests.get() > 0, run.err());
        assertEquals(0, named.requests.get(), run.err());
    }
}
