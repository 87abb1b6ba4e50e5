package io.github.aksbackup.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.aksbackup.json.JsonValues;
import io.github.aksbackup.k8s.KubernetesClusterClient;
import io.github.aksbackup.spi.KubeObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code velero.io/exclude-from-backup=true} through the command line on the real API server
 * (scripts/kube-test-env.sh): as a label, as Velero documents it, it keeps the object out of the
 * backup exactly as the annotation does, and the backup lists it as skipped with the reason.
 */
class ExcludeFromBackupIT {
    @TempDir
    Path dir;

    @Test
    void aLabelledConfigMapIsAbsentFromTheBackupAndListedAsSkipped() throws Exception {
        String kubeconfig = TestServer.kubeconfig();
        String ns = "exclude-" + UUID.randomUUID().toString().substring(0, 8);
        String restored = ns + "-restored";
        try (KubernetesClusterClient cluster = KubernetesClusterClient.builder().kubeconfig(Path.of(kubeconfig)).build()) {
            cluster.create(TestServer.NAMESPACES, TestServer.object("v1", "Namespace", null, ns, Map.of()));
            cluster.create(TestServer.CONFIG_MAPS, TestServer.object("v1", "ConfigMap", ns, "labelled",
                    Map.of("velero.io/exclude-from-backup", "true")));
            KubeObject annotated = TestServer.object("v1", "ConfigMap", ns, "annotated", Map.of());
            metadata(annotated).put("annotations", Map.of("velero.io/exclude-from-backup", "true"));
            cluster.create(TestServer.CONFIG_MAPS, annotated);
            cluster.create(TestServer.CONFIG_MAPS, TestServer.object("v1", "ConfigMap", ns, "kept", Map.of("app", "shop")));
            Path vault = dir.resolve("vault");
            Path config = dir.resolve("backup.json");
            Files.writeString(config, "{\"objectType\":\"KubernetesClusterBackupDatasourceParameters\",\"includedNamespaces\":[\""
                    + ns + "\"],\"snapshotVolumes\":false,\"includeClusterScopeResources\":false}");

            CliRun text = CliRun.of("backup", "--kubeconfig", kubeconfig, "--vault", vault.toString(), "--config", config.toString());
            assertEquals(AksBackupCli.OK, text.code(), text.out() + text.err());
            assertTrue(text.out().contains("skipped: v1/ConfigMap " + ns + "/labelled - labelled velero.io/exclude-from-backup=true"),
                    text.out());
            assertTrue(text.out().contains("skipped: v1/ConfigMap " + ns + "/annotated - annotated velero.io/exclude-from-backup=true"),
                    text.out());
            assertTrue(text.out().contains(" 2 skipped, 0 failed"), text.out());

            CliRun json = CliRun.of("backup", "--kubeconfig", kubeconfig, "--vault", vault.toString(), "--config", config.toString(),
                    "--json");
            assertEquals(AksBackupCli.OK, json.code(), json.out() + json.err());
            Map<String, Object> job = JsonValues.parseObject(json.out().getBytes(StandardCharsets.UTF_8));
            List<?> skipped = ((List<?>) job.get("items")).stream().map(i -> (Map<?, ?>) i)
                    .filter(i -> "Skipped".equals(i.get("action"))).map(i -> i.get("name") + ": " + i.get("message")).toList();
            assertEquals(List.of("labelled: labelled velero.io/exclude-from-backup=true",
                    "annotated: annotated velero.io/exclude-from-backup=true").stream().sorted().toList(),
                    skipped.stream().map(String.class::cast).sorted().toList());

            // What the recovery point holds, seen as a user sees it: restore it into another namespace.
            Path criteria = dir.resolve("restore.json");
            Files.writeString(criteria, "{\"objectType\":\"KubernetesClusterRestoreCriteria\",\"includedNamespaces\":[\"" + ns + "\"],"
                    + "\"namespaceMappings\":{\"" + ns + "\":\"" + restored + "\"},\"includeClusterScopeResources\":false,"
                    + "\"persistentVolumeRestoreMode\":\"RestoreWithoutVolumeData\"}");
            CliRun restore = CliRun.of("restore", "--kubeconfig", kubeconfig, "--vault", vault.toString(), "--recovery-point",
                    (String) job.get("recoveryPointId"), "--config", criteria.toString());
            assertEquals(AksBackupCli.OK, restore.code(), restore.out() + restore.err());
            assertTrue(cluster.get(TestServer.CONFIG_MAPS, restored, "kept").isPresent(), "the unlabelled ConfigMap is in the backup");
            assertFalse(cluster.get(TestServer.CONFIG_MAPS, restored, "labelled").isPresent(), "the labelled one is not");
            assertFalse(cluster.get(TestServer.CONFIG_MAPS, restored, "annotated").isPresent(), "nor the annotated one");
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> metadata(KubeObject o) {
        return (Map<String, Object>) o.content().get("metadata");
    }
}
