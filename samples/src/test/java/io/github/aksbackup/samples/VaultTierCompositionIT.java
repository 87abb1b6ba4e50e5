package io.github.aksbackup.samples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.aksbackup.api.DataStoreType;
import io.github.aksbackup.api.instance.BackupConfiguration;
import io.github.aksbackup.api.instance.BackupInstance;
import io.github.aksbackup.api.instance.NamespacedName;
import io.github.aksbackup.api.instance.SnapshotLocation;
import io.github.aksbackup.api.job.JobStatus;
import io.github.aksbackup.api.policy.BackupPolicy;
import io.github.aksbackup.api.recovery.DataStoreState;
import io.github.aksbackup.api.recovery.RecoveryPoint;
import io.github.aksbackup.api.restore.RestoreConfig;
import io.github.aksbackup.api.restore.StagingLocation;
import io.github.aksbackup.azure.ArmStandIn;
import io.github.aksbackup.azure.ArmTestSupport;
import io.github.aksbackup.azure.AzureBlobObjectStore;
import io.github.aksbackup.azure.AzureDiskSnapshotter;
import io.github.aksbackup.azure.Azurite;
import io.github.aksbackup.client.AksBackupClient;
import io.github.aksbackup.k8s.CsiVolumeSnapshotter;
import io.github.aksbackup.k8s.KubernetesClusterClient;
import io.github.aksbackup.k8s.SnapshotControllerStandIn;
import io.github.aksbackup.policy.PolicyJson;
import io.github.aksbackup.restore.RestoreResult;
import io.github.aksbackup.spi.KubeObject;
import io.github.aksbackup.spi.ObjectInfo;
import io.github.aksbackup.spi.ResourceType;
import io.github.aksbackup.testkit.ManualClock;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The product as it is assembled for an AKS cluster, end to end: {@link AksBackupClient} built with the
 * production adapters — {@link KubernetesClusterClient} on the real kube-apiserver with
 * {@link CsiVolumeSnapshotter} (a stand-in plays the CSI snapshot controller and the Azure Disk driver:
 * each snapshot's handle is the resource id of an Azure snapshot of the volume's disk), both tiers in
 * {@link AzureBlobObjectStore}s on Azurite, and {@link AzureDiskSnapshotter} as the vault volume copier
 * behind the real resource-manager client on the ARM stand-in.
 *
 * <p>Scheduled backups on a manual clock put a Daily copy with the volume's data into the vault tier; the
 * operational copy expires; a restore from the vault tier, through the request's staging resource group
 * and staging storage account and with a resource modifier, brings back the objects and the volume's data.
 * Needs the kube-apiserver (integration profile) and Azurite (azurite profile): scripts/test-all.sh.
 */
@Tag("azurite")
class VaultTierCompositionIT {
    private static final Set<String> VERBS = Set.of("list", "get", "create", "patch", "delete");
    private static final ResourceType NAMESPACES = new ResourceType("", "v1", "Namespace", "namespaces", false, VERBS);
    private static final ResourceType CONFIG_MAPS = new ResourceType("", "v1", "ConfigMap", "configmaps", true, VERBS);
    private static final ResourceType PODS = new ResourceType("", "v1", "Pod", "pods", true, VERBS);
    private static final ResourceType PVS = new ResourceType("", "v1", "PersistentVolume", "persistentvolumes", false, VERBS);
    private static final ResourceType PVCS = new ResourceType("", "v1", "PersistentVolumeClaim", "persistentvolumeclaims",
            true, VERBS);
    private static final ResourceType DEPLOYMENTS = new ResourceType("apps", "v1", "Deployment", "deployments", true, VERBS);

    private static final String RULES = """
            version: v1
            resourceModifierRules:
            - conditions:
                groupResource: deployments.apps
                resourceNameRegex: "^web$"
              patches:
              - {operation: replace, path: /spec/replicas, value: "1"}
            - conditions:
                groupResource: configmaps
                resourceNameRegex: "^settings$"
              mergePatches:
              - patchData: '{"data": {"mode": "restored-from-vault"}}'
            """;

    private final String id = UUID.randomUUID().toString().substring(0, 8);
    private final String ns = "vt-" + id;
    private final String restoredNs = "vt-restored-" + id;
    private final ManualClock clock = new ManualClock(Instant.parse("2026-05-04T09:30:00Z"));

    @Test
    void scheduledBackupsReachTheVaultTierWithVolumeDataAndRestoreFromItAfterTheOperationalCopyExpired() throws Exception {
        ArmStandIn arm = ArmTestSupport.standIn(true);
        arm.addResourceGroup("rg-aks-snapshots");
        arm.addResourceGroup("rg-staging");
        byte[] volume = new byte[2 * 1024 * 1024];
        new Random(7).nextBytes(volume);
        String disk = arm.addDisk("mc-nodes", "pvc-" + id, "westeurope", "1", 1, "Premium_LRS", volume);
        String snapshotClass = "csi-azuredisk-" + id;

        AzureBlobObjectStore operational = Azurite.newStoreBuilder("operational").build();
        AzureBlobObjectStore vaultTier = Azurite.newStoreBuilder("vault").build();
        AzureBlobObjectStore staging = Azurite.newStoreBuilder(AzureDiskSnapshotter.STAGING_CONTAINER).build();
        AzureDiskSnapshotter azure = ArmTestSupport.snapshotter(arm).stagingStorage(account -> staging).build();

        try (KubernetesClusterClient cluster = KubernetesClusterClient.builder().kubeconfig(kubeconfig()).build();
                SnapshotControllerStandIn controller = new SnapshotControllerStandIn(cluster)) {
            SnapshotControllerStandIn.installCrds(cluster);
            SnapshotControllerStandIn.ensureClass(cluster, snapshotClass, AzureDiskSnapshotter.DRIVER, "Delete");
            // The Azure Disk driver snapshots the disk into the class's group and reports the snapshot's id.
            controller.snapshotHandles(pv -> arm.addSnapshotOf((String) pv.at("spec", "csi", "volumeHandle"),
                    "rg-aks-snapshots", "snapshot-" + UUID.randomUUID())).start();
            deployApp(cluster, disk);

            try (AksBackupClient client = AksBackupClient.builder().vault(operational).vaultTier(vaultTier).cluster(cluster)
                    .volumeSnapshotter(CsiVolumeSnapshotter.builder().cluster(cluster).snapshotClass(snapshotClass)
                            .readyTimeout(Duration.ofMinutes(1)).build())
                    .vaultVolumeCopier(azure).clock(clock).buildClient()) {
                client.createVault();
                BackupConfiguration config = BackupConfiguration.builder().includedNamespaces(List.of(ns))
                        .includeClusterScopeResources(false).build();
                client.configureProtection(new BackupInstance("shop-" + id, "aks-prod", "", config,
                        new SnapshotLocation(ArmStandIn.groupId("rg-aks-snapshots"), null, null), null), policy());

                // 10:00 is the day's first slot: Daily, copied to the vault at once; 14:00 is a Default one.
                clock.set(Instant.parse("2026-05-04T10:00:00Z"));
                client.runDue();
                clock.set(Instant.parse("2026-05-04T14:00:00Z"));
                client.runDue();
                List<RecoveryPoint> points = client.listRecoveryPoints("shop-" + id);
                RecoveryPoint daily = points.stream().filter(p -> "Daily".equals(p.tag())).findFirst().orElseThrow();
                assertEquals(2, points.size(), points.toString());
                assertEquals(1, daily.volumeSnapshots().size());
                String handle = daily.volumeSnapshots().get(0).snapshotHandle();
                assertTrue(handle.contains("/resourceGroups/rg-aks-snapshots/providers/Microsoft.Compute/snapshots/"),
                        "the CSI snapshot is the driver's Azure snapshot in the instance's group: " + handle);
                assertEquals(DataStoreState.Available, daily.store(DataStoreType.VaultStore).orElseThrow().state());
                List<ObjectInfo> exports = new ArrayList<>();
                vaultTier.list("").forEach(o -> {
                    if (o.key().contains("volumes/")) {
                        exports.add(o);
                    }
                });
                assertEquals(1, exports.size(), "the Daily point's volume is in the vault tier: " + exports);
                try (InputStream in = vaultTier.get(exports.get(0).key())) {
                    assertArrayEquals(volume, in.readAllBytes(), "the vault tier holds the volume's data");
                }

                // Eight days later the operational copies (P7D) have expired, the vault copy (P84D) has not.
                clock.set(Instant.parse("2026-05-12T14:30:00Z"));
                client.runDue();
                RecoveryPoint expired = client.getRecoveryPoint("shop-" + id, daily.id());
                assertTrue(expired.store(DataStoreType.OperationalStore).map(d -> d.state() != DataStoreState.Available)
                        .orElse(true), expired.stores().toString());
                assertEquals(DataStoreState.Available, expired.store(DataStoreType.VaultStore).orElseThrow().state());
                assertTrue(cluster.list(new ResourceType("snapshot.storage.k8s.io", "v1", "VolumeSnapshot", "volumesnapshots",
                        true, VERBS), new io.github.aksbackup.spi.ListOptions(ns, null, 50)).iterator().next().items().stream()
                        .noneMatch(vs -> handleOf(cluster, vs).equals(handle)), "the expired copy's VolumeSnapshot is deleted");

                cluster.create(NAMESPACES, object("v1", "Namespace", null, restoredNs));
                KubeObject rules = object("v1", "ConfigMap", restoredNs, "restore-rules");
                rules.content().put("data", Map.of("rules.yaml", RULES));
                cluster.create(CONFIG_MAPS, rules);
                String stagingAccount = ArmStandIn.groupId("rg-staging") + "/providers/Microsoft.Storage/storageAccounts/"
                        + "devstoreaccount1";
                RestoreResult restored = client.restore(RestoreConfig.builder().recoveryPointId(daily.id())
                        .sourceDataStore(DataStoreType.VaultStore).includeClusterScopeResources(false)
                        .stagingLocation(new StagingLocation(ArmStandIn.groupId("rg-staging"), stagingAccount))
                        .mapNamespace(ns, restoredNs)
                        .resourceModifierReference(new NamespacedName("restore-rules", restoredNs)).build());
                assertTrue(restored.job().status() == JobStatus.Completed
                        || restored.job().status() == JobStatus.CompletedWithWarnings, restored.job().toString());

                assertEquals(1L, ((Number) cluster.get(DEPLOYMENTS, restoredNs, "web").orElseThrow().at("spec", "replicas"))
                        .longValue(), "the resource modifier set one replica");
                assertEquals("restored-from-vault", cluster.get(CONFIG_MAPS, restoredNs, "settings").orElseThrow()
                        .at("data", "mode"));
                KubeObject claim = cluster.get(PVCS, restoredNs, "data").orElseThrow();
                KubeObject pv = cluster.get(PVS, null, (String) claim.at("spec", "volumeName")).orElseThrow();
                String restoredDisk = (String) pv.at("spec", "csi", "volumeHandle");
                assertEquals(AzureDiskSnapshotter.DRIVER, pv.at("spec", "csi", "driver"));
                assertTrue(restoredDisk.contains("/resourceGroups/rg-staging/providers/Microsoft.Compute/disks/"),
                        "the disk is made in the staging resource group: " + restoredDisk);
                assertArrayEquals(volume, arm.data(restoredDisk), "the restored volume holds the backed-up data");
                assertTrue(arm.ids("snapshots").stream().noneMatch(s -> s.contains("/resourceGroups/rg-staging/")),
                        "the staging snapshots are deleted: " + arm.ids("snapshots"));
                assertFalse(staging.list("").iterator().hasNext(), "the data staged in the staging account is deleted");
            }
        }
    }

    private void deployApp(KubernetesClusterClient cluster, String disk) {
        cluster.create(NAMESPACES, object("v1", "Namespace", null, ns));
        String pvName = "pv-" + id;
        KubeObject pv = object("v1", "PersistentVolume", null, pvName);
        pv.content().put("spec", Map.of("capacity", Map.of("storage", "1Gi"), "accessModes", List.of("ReadWriteOnce"),
                "persistentVolumeReclaimPolicy", "Delete", "storageClassName", "managed-csi",
                "csi", Map.of("driver", AzureDiskSnapshotter.DRIVER, "volumeHandle", disk),
                "claimRef", Map.of("namespace", ns, "name", "data")));
        cluster.create(PVS, pv);
        KubeObject claim = object("v1", "PersistentVolumeClaim", ns, "data");
        claim.content().put("spec", Map.of("accessModes", List.of("ReadWriteOnce"), "storageClassName", "managed-csi",
                "volumeName", pvName, "resources", Map.of("requests", Map.of("storage", "1Gi"))));
        cluster.create(PVCS, claim);
        KubeObject pod = object("v1", "Pod", ns, "db-0");
        pod.content().put("spec", Map.of("containers", List.of(Map.of("name", "db", "image", "postgres:16")),
                "volumes", List.of(Map.of("name", "data", "persistentVolumeClaim", Map.of("claimName", "data")))));
        cluster.create(PODS, pod);
        KubeObject settings = object("v1", "ConfigMap", ns, "settings");
        settings.content().put("data", Map.of("mode", "production"));
        cluster.create(CONFIG_MAPS, settings);
        KubeObject web = object("apps/v1", "Deployment", ns, "web");
        web.content().put("spec", Map.of("replicas", 3, "selector", Map.of("matchLabels", Map.of("app", "web")),
                "template", Map.of("metadata", Map.of("labels", Map.of("app", "web")),
                        "spec", Map.of("containers", List.of(Map.of("name", "web", "image", "nginx:1.27"))))));
        cluster.create(DEPLOYMENTS, web);
    }

    private static String handleOf(KubernetesClusterClient cluster, KubeObject volumeSnapshot) {
        Object content = volumeSnapshot.at("status", "boundVolumeSnapshotContentName");
        return content == null ? "" : cluster.get(new ResourceType("snapshot.storage.k8s.io", "v1", "VolumeSnapshotContent",
                "volumesnapshotcontents", false, VERBS), null, (String) content)
                .map(c -> String.valueOf(c.at("status", "snapshotHandle"))).orElse("");
    }

    private static KubeObject object(String apiVersion, String kind, String namespace, String name) {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("name", name);
        if (namespace != null) {
            meta.put("namespace", namespace);
        }
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("apiVersion", apiVersion);
        o.put("kind", kind);
        o.put("metadata", meta);
        return new KubeObject(o);
    }

    /** The azure module's daily-to-vault policy: every 4 h from 02:00 UTC, Daily copied to the vault, P7D operational. */
    private static BackupPolicy policy() throws Exception {
        try (InputStream in = VaultTierCompositionIT.class.getResourceAsStream("/client/aks-daily-to-vault.json")) {
            assertNotNull(in, "the policy comes with the azure module's test resources");
            return PolicyJson.read(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    private static Path kubeconfig() {
        String kubeconfig = System.getenv("AKSB_KUBECONFIG");
        assertTrue(kubeconfig != null && Path.of(kubeconfig).toFile().canRead(), "the integration tests need a running"
                + " kube-apiserver: scripts/kube-test-env.sh start and source its env file, or scripts/test-all.sh");
        return Path.of(kubeconfig);
    }
}
