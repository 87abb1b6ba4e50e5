package io.github.aksbackup.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.aksbackup.api.instance.BackupConfiguration;
import io.github.aksbackup.api.instance.BackupInstance;
import io.github.aksbackup.api.job.ItemAction;
import io.github.aksbackup.api.job.ItemResult;
import io.github.aksbackup.api.job.Job;
import io.github.aksbackup.api.job.JobStatus;
import io.github.aksbackup.api.recovery.RecoveryPoint;
import io.github.aksbackup.api.recovery.RecoveryPointStatus;
import io.github.aksbackup.api.restore.ConflictPolicy;
import io.github.aksbackup.api.restore.RestoreConfig;
import io.github.aksbackup.client.AksBackupClient;
import io.github.aksbackup.client.RestoreJobOptions;
import io.github.aksbackup.policy.PolicyJson;
import io.github.aksbackup.restore.RestoreResult;
import io.github.aksbackup.spi.KubeObject;
import io.github.aksbackup.store.DirectoryObjectStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The whole story against the real API server: an application in two namespaces is backed up
 * through the SDK's facade (with CSI volume snapshots, a stand-in playing the snapshot controller),
 * then restored in the ways a user restores — dry run, into mapped namespaces, by label, over
 * existing objects with Skip and Patch — and finally after it was deleted.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BackupRestoreIT {
    private static final String SNAPSHOT_CLASS = "aksb-e2e-azuredisk";

    private static KubernetesClusterClient cluster;
    private static SnapshotControllerStandIn controller;
    private static AksBackupClient sdk;
    private static ShopApp app;
    private static Job backup;
    private static Path vaultDir;

    @BeforeAll
    static void deployAndBackUp() throws Exception {
        cluster = TestCluster.client();
        SnapshotControllerStandIn.installCrds(cluster);
        SnapshotControllerStandIn.ensureClass(cluster, SNAPSHOT_CLASS, "disk.csi.azure.com", "Delete");
        controller = new SnapshotControllerStandIn(cluster).start();
        app = ShopApp.deploy(cluster);

        vaultDir = Files.createTempDirectory("aksb-e2e-vault");
        sdk = AksBackupClient.builder()
                .vault(new DirectoryObjectStore(vaultDir))
                .cluster(cluster)
                .volumeSnapshotter(CsiVolumeSnapshotter.builder().cluster(cluster).snapshotClass(SNAPSHOT_CLASS).build())
                .buildClient();
        sdk.createVault();
        BackupConfiguration config = BackupConfiguration.builder()
                .includedNamespaces(app.shop, app.db)
                .includeClusterScopeResources(false)
                .build();
        sdk.configureProtection(new BackupInstance("shop", "test-cluster", "aks-e2e-daily", config, null, null),
                PolicyJson.read(JsonTrees.write(TestCluster.resource("e2e-policy.json"))));
        backup = sdk.backupNow("shop");
    }

    @AfterAll
    static void close() {
        if (sdk != null) {
            sdk.close();
        }
        if (controller != null) {
            controller.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    @Order(1)
    void backupCapturesTheAppItsVolumeAndWhatItNeedsButNotWhatIsExcluded() {
        assertTrue(backup.errors().isEmpty(), () -> "errors: " + backup.errors());
        assertTrue(backup.status() == JobStatus.Completed || backup.status() == JobStatus.CompletedWithWarnings,
                () -> backup.status() + " " + backup.warnings());
        RecoveryPoint rp = sdk.getRecoveryPoint("shop", backup.recoveryPointId());
        assertEquals(RecoveryPointStatus.Completed, rp.status());
        assertEquals(1, rp.volumeSnapshots().size());
        assertEquals("data-db-0", rp.volumeSnapshots().get(0).pvcName());
        assertEquals(1, backup.counts().volumes());
        // What the recovery point holds, as a dry run of a restore of all of it plans it.
        List<String> backedUp = sdk.restore(RestoreConfig.builder().recoveryPointId(backup.recoveryPointId()).build(),
                RestoreJobOptions.planOnly()).items().stream().map(ItemResult::displayName).toList();
        for (String expected : List.of("apps/v1/Deployment " + app.shop + "/web", "v1/Service " + app.shop + "/web",
                "v1/Secret " + app.shop + "/web-tls", "rbac.authorization.k8s.io/v1/RoleBinding " + app.shop + "/web-reader",
                "apps/v1/StatefulSet " + app.db + "/db", "v1/PersistentVolumeClaim " + app.db + "/data-db-0",
                app.widgets.displayName() + " " + app.shop + "/homepage",
                // cluster-scoped objects the selection needs come along
                "apiextensions.k8s.io/v1/CustomResourceDefinition " + app.widgets.plural() + ".example.aksbackup.io")) {
            assertTrue(backedUp.contains(expected), () -> expected + " not in " + backedUp);
        }
        assertFalse(backedUp.stream().anyMatch(s -> s.endsWith("/scratch")), "the exclude annotation is honoured");
        assertTrue(backup.items().stream().anyMatch(i -> i.action() == ItemAction.Snapshotted && i.name().equals("data-db-0")));
    }

    @Test
    @Order(2)
    void dryRunPlansTheRestoreAndChangesNothing() {
        String target = TestCluster.unique("dry");
        RestoreResult plan = sdk.restore(RestoreConfig.builder().recoveryPointId(backup.recoveryPointId())
                .mapNamespace(app.shop, target).includedNamespaces(app.shop).build(), RestoreJobOptions.planOnly());
        assertTrue(plan.dryRun());
        assertTrue(plan.items().stream().anyMatch(i -> i.name().equals("web") && target.equals(i.namespace())
                && i.action() == ItemAction.Created), () -> "planned: " + plan.items());
        assertEquals(Optional.empty(), cluster.get(TestCluster.NAMESPACES, null, target));
        assertEquals(Optional.empty(), app.get("apps/v1", "Deployment", target, "web"));
    }

    @Test
    @Order(3)
    void restoresIntoMappedNamespacesWithTheVolumeFromItsSnapshot() {
        String shop = TestCluster.unique("shop-copy");
        String db = TestCluster.unique("db-copy");
        RestoreResult result = sdk.restore(RestoreConfig.builder().recoveryPointId(backup.recoveryPointId())
                .mapNamespace(app.shop, shop).mapNamespace(app.db, db).build());
        assertTrue(result.job().errors().isEmpty(), () -> "errors: " + result.job().errors());

        KubeObject deployment = app.get("apps/v1", "Deployment", shop, "web").orElseThrow();
        assertEquals(2L, deployment.at("spec", "replicas"));
        assertEquals("web-config", ((Map<?, ?>) ((Map<?, ?>) ((List<?>) ((Map<?, ?>) ((List<?>) deployment
                .at("spec", "template", "spec", "containers")).get(0)).get("envFrom")).get(0)).get("configMapRef")).get("name"));
        KubeObject service = app.get("v1", "Service", shop, "web").orElseThrow();
        assertNotNull(service.at("spec", "clusterIP"), "the server allocated a new cluster IP");
        assertEquals("checkout,search", app.get("v1", "ConfigMap", shop, "web-config").orElseThrow().at("data", "FEATURES"));
        assertEquals("secret-password", new String(Base64.getDecoder().decode(
                (String) app.get("v1", "Secret", shop, "web-tls").orElseThrow().at("data", "password"))));
        KubeObject binding = app.get("rbac.authorization.k8s.io/v1", "RoleBinding", shop, "web-reader").orElseThrow();
        assertEquals(shop, ((Map<?, ?>) ((List<?>) binding.content().get("subjects")).get(0)).get("namespace"));
        KubeObject widget = cluster.get(app.widgets, shop, "homepage").orElseThrow();
        assertEquals(0.75, widget.at("spec", "ratio"));
        assertEquals(3L, widget.at("spec", "replicas"));
        assertTrue(app.get("apps/v1", "StatefulSet", db, "db").isPresent());
        assertTrue(app.get("v1", "Secret", db, "db-credentials").isPresent());
        assertEquals(Optional.empty(), app.get("v1", "ConfigMap", shop, "scratch"));

        KubeObject claim = app.get("v1", "PersistentVolumeClaim", db, "data-db-0").orElseThrow();
        assertEquals("VolumeSnapshot", claim.at("spec", "dataSource", "kind"));
        String snapshotName = (String) claim.at("spec", "dataSource", "name");
        KubeObject snapshot = cluster.get(CsiVolumeSnapshotter.VOLUME_SNAPSHOTS, db, snapshotName).orElseThrow();
        assertEquals(Boolean.TRUE, snapshot.at("status", "readyToUse"));
        KubeObject content = cluster.get(CsiVolumeSnapshotter.VOLUME_SNAPSHOT_CONTENTS, null,
                (String) snapshot.at("spec", "source", "volumeSnapshotContentName")).orElseThrow();
        assertEquals(sdk.getRecoveryPoint("shop", backup.recoveryPointId()).volumeSnapshots().get(0).snapshotHandle(),
                content.at("spec", "source", "snapshotHandle"));
    }

    @Test
    @Order(4)
    void skipLeavesExistingObjectsAndPatchBringsBackTheBackedUpState() {
        String shop = TestCluster.unique("shop-conflict");
        RestoreConfig.Builder restore = RestoreConfig.builder().recoveryPointId(backup.recoveryPointId())
                .includedNamespaces(app.shop).mapNamespace(app.shop, shop).includedResourceTypes("ConfigMap", "Deployment");
        sdk.restore(restore.build());
        cluster.mergePatch(app.type("v1", "ConfigMap"), shop, "web-config", Map.of("data", Map.of("FEATURES", "changed")));

        RestoreResult skipped = sdk.restore(restore.conflictPolicy(ConflictPolicy.Skip).build());
        assertEquals(ItemAction.Skipped, action(skipped, shop, "web-config"));
        assertEquals("changed", app.get("v1", "ConfigMap", shop, "web-config").orElseThrow().at("data", "FEATURES"));

        RestoreResult patched = sdk.restore(restore.conflictPolicy(ConflictPolicy.Patch).build());
        assertTrue(patched.job().errors().isEmpty(), () -> "errors: " + patched.job().errors());
        assertEquals(ItemAction.Patched, action(patched, shop, "web-config"));
        assertEquals("checkout,search", app.get("v1", "ConfigMap", shop, "web-config").orElseThrow().at("data", "FEATURES"));
    }

    @Test
    @Order(5)
    void labelSelectorsChooseWhatIsRestored() {
        String shop = TestCluster.unique("shop-web");
        RestoreResult result = sdk.restore(RestoreConfig.builder().recoveryPointId(backup.recoveryPointId())
                .includedNamespaces(app.shop).mapNamespace(app.shop, shop).labelSelectors("app=web").build());
        assertTrue(result.job().errors().isEmpty(), () -> "errors: " + result.job().errors());
        assertTrue(app.get("apps/v1", "Deployment", shop, "web").isPresent());
        assertTrue(app.get("v1", "ConfigMap", shop, "web-config").isPresent());
        assertTrue(cluster.get(app.widgets, shop, "homepage").isPresent());
        assertEquals(Optional.empty(), app.get("v1", "Secret", shop, "web-tls"), "the secret has no app=web label");
    }

    @Test
    @Order(6)
    void restoresTheAppInPlaceAfterItWasDeleted() {
        app.deleteAllButNamespaces();
        assertEquals(Optional.empty(), app.get("apps/v1", "Deployment", app.shop, "web"));
        assertEquals(Optional.empty(), app.get("v1", "PersistentVolumeClaim", app.db, "data-db-0"));

        RestoreResult result = sdk.restore(RestoreConfig.builder().recoveryPointId(backup.recoveryPointId()).build());
        assertTrue(result.job().errors().isEmpty(), () -> "errors: " + result.job().errors());
        for (KubeObject o : app.objects) {
            if (o.name().equals("scratch")) {
                continue;
            }
            if (o.kind().equals("PersistentVolume")) {
                continue; // restored with data: the claim gets a new volume from its snapshot
            }
            assertTrue(cluster.get(app.type(o), o.namespace(), o.name()).isPresent(), () -> o.kind() + " " + o.qualifiedName());
        }
        KubeObject claim = app.get("v1", "PersistentVolumeClaim", app.db, "data-db-0").orElseThrow();
        assertEquals("VolumeSnapshot", claim.at("spec", "dataSource", "kind"));
        assertTrue(cluster.get(CsiVolumeSnapshotter.VOLUME_SNAPSHOTS, app.db, (String) claim.at("spec", "dataSource", "name"))
                .isPresent());
    }

    private static ItemAction action(RestoreResult r, String namespace, String name) {
        return r.items().stream().filter(i -> name.equals(i.name()) && namespace.equals(i.namespace()))
                .map(ItemResult::action).findFirst()
                .orElseThrow(() -> new AssertionError(namespace + "/" + name + " not in " + r.items()));
    }
}
