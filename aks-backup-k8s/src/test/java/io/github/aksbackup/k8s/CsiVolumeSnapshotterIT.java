package io.github.aksbackup.k8s;

import static io.github.aksbackup.k8s.CsiVolumeSnapshotter.VOLUME_SNAPSHOTS;
import static io.github.aksbackup.k8s.CsiVolumeSnapshotter.VOLUME_SNAPSHOT_CONTENTS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.aksbackup.api.AksBackupException;
import io.github.aksbackup.api.recovery.VolumeSnapshotRecord;
import io.github.aksbackup.spi.KubeObject;
import io.github.aksbackup.spi.ResourceType;
import io.github.aksbackup.spi.RestoredVolume;
import io.github.aksbackup.spi.SnapshotRequest;
import io.github.aksbackup.spi.SnapshotStatus;
import io.github.aksbackup.spi.VolumeRestoreRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@link CsiVolumeSnapshotter} against the real server, with a stand-in for the snapshot controller. */
class CsiVolumeSnapshotterIT {
    static final String DRIVER = "csi.example.aksbackup.io";
    static final String CLASS = "aksb-test-csi";
    private static final ResourceType PVS = TestCluster.type("", "v1", "PersistentVolume", "persistentvolumes", false);
    private static final ResourceType PVCS = TestCluster.type("", "v1", "PersistentVolumeClaim", "persistentvolumeclaims", true);

    private static KubernetesClusterClient client;
    private static SnapshotControllerStandIn controller;
    private static CsiVolumeSnapshotter snapshotter;

    @BeforeAll
    static void setUp() throws Exception {
        client = TestCluster.client();
        SnapshotControllerStandIn.installCrds(client);
        SnapshotControllerStandIn.ensureClass(client, CLASS, DRIVER, "Delete");
        controller = new SnapshotControllerStandIn(client).start();
        snapshotter = CsiVolumeSnapshotter.builder().cluster(client).snapshotClass(CLASS)
                .readyTimeout(Duration.ofMinutes(1)).build();
    }

    @AfterAll
    static void tearDown() throws Exception {
        if (controller != null) {
            controller.close();
        }
        if (client != null) {
            client.close();
        }
    }

    /** A claim bound to a CSI volume, as a provisioner would leave them; returns the snapshot request for it. */
    static SnapshotRequest boundClaim(KubernetesClusterClient c, String ns, String pvc, String driver) {
        String pv = TestCluster.unique("pv");
        String handle = "/subscriptions/x/resourceGroups/rg/providers/Microsoft.Compute/disks/" + pv;
        KubeObject volume = TestCluster.object("v1", "PersistentVolume", null, pv, Map.of());
        volume.content().put("spec", Map.of("capacity", Map.of("storage", "1Gi"), "accessModes", List.of("ReadWriteOnce"),
                "persistentVolumeReclaimPolicy", "Delete", "storageClassName", "managed-csi",
                "csi", Map.of("driver", driver, "volumeHandle", handle),
                "claimRef", Map.of("namespace", ns, "name", pvc)));
        c.create(PVS, volume);
        KubeObject claim = TestCluster.object("v1", "PersistentVolumeClaim", ns, pvc, Map.of("app", "db"));
        claim.content().put("spec", Map.of("accessModes", List.of("ReadWriteOnce"), "storageClassName", "managed-csi",
                "volumeName", pv, "resources", Map.of("requests", Map.of("storage", "1Gi"))));
        c.create(PVCS, claim);
        return new SnapshotRequest(ns, pvc, pv, driver, handle, 1L << 30, Map.of(),
                Map.of("backupInstance", "bi-1", "recoveryPoint", TestCluster.unique("rp")));
    }

    @Test
    void supportsTheDriverOfItsSnapshotClass() {
        assertTrue(snapshotter.supports(DRIVER));
        assertFalse(snapshotter.supports("disk.csi.azure.com"));
    }

    @Test
    void findsTheClassADriverUsesByDefault() {
        String driver = TestCluster.unique("csi") + ".example.aksbackup.io";
        assertEquals(java.util.Optional.empty(), CsiVolumeSnapshotter.defaultClass(client, driver));
        String only = TestCluster.unique("only");
        SnapshotControllerStandIn.ensureClass(client, only, driver, "Delete");
        assertEquals(java.util.Optional.of(only), CsiVolumeSnapshotter.defaultClass(client, driver));
        String marked = TestCluster.unique("marked");
        KubeObject cls = TestCluster.object("snapshot.storage.k8s.io/v1", "VolumeSnapshotClass", null, marked, Map.of());
        cls.metadata().put("annotations", Map.of("snapshot.storage.kubernetes.io/is-default-class", "true"));
        cls.content().put("driver", driver);
        cls.content().put("deletionPolicy", "Retain");
        client.create(CsiVolumeSnapshotter.VOLUME_SNAPSHOT_CLASSES, cls);
        assertEquals(java.util.Optional.of(marked), CsiVolumeSnapshotter.defaultClass(client, driver));
    }

    @Test
    void snapshotWaitsUntilReadyAndRecordsTheContentsHandle() {
        String ns = TestCluster.newNamespace(client, "snap");
        SnapshotRequest request = boundClaim(client, ns, "data-db-0", DRIVER);
        VolumeSnapshotRecord record = snapshotter.snapshot(request);

        KubeObject vs = client.get(VOLUME_SNAPSHOTS, ns, record.attributes().get(CsiVolumeSnapshotter.ATTR_NAME)).orElseThrow();
        assertEquals("data-db-0", vs.at("spec", "source", "persistentVolumeClaimName"));
        assertEquals(CLASS, vs.at("spec", "volumeSnapshotClassName"));
        assertEquals("aks-backup", vs.labels().get("app.kubernetes.io/managed-by"));
        assertTrue(vs.annotations().get("aks-backup.io/tags").contains(request.tags().get("recoveryPoint")));
        assertEquals("snap-" + vs.metadata().get("uid"), record.snapshotHandle());
        assertEquals(vs.at("status", "boundVolumeSnapshotContentName"), record.attributes().get(CsiVolumeSnapshotter.ATTR_CONTENT));
        assertEquals(request.volumeHandle(), record.sourceVolumeHandle());
        assertEquals(1L << 30, record.sizeBytes());
        assertEquals(SnapshotStatus.ready(), snapshotter.status(record));
        // the same request again (a retried backup) finds the same snapshot
        assertEquals(record.snapshotHandle(), snapshotter.snapshot(request).snapshotHandle());
    }

    @Test
    void refusesASnapshotResourceGroupOtherThanTheOneItsClassPutsSnapshotsInto() {
        String cls = TestCluster.unique("grouped");
        KubeObject grouped = TestCluster.object("snapshot.storage.k8s.io/v1", "VolumeSnapshotClass", null, cls, Map.of());
        grouped.content().put("driver", DRIVER);
        grouped.content().put("deletionPolicy", "Delete");
        grouped.content().put("parameters", Map.of("resourceGroup", "rg-aks-snapshots"));
        client.create(CsiVolumeSnapshotter.VOLUME_SNAPSHOT_CLASSES, grouped);
        CsiVolumeSnapshotter inGroup = CsiVolumeSnapshotter.builder().cluster(client).snapshotClass(cls)
                .readyTimeout(Duration.ofMinutes(1)).build();
        String ns = TestCluster.newNamespace(client, "group");
        SnapshotRequest plain = boundClaim(client, ns, "data", DRIVER);

        io.github.aksbackup.api.InvalidInputException refused = assertThrows(io.github.aksbackup.api.InvalidInputException.class,
                () -> inGroup.snapshot(withGroup(plain, "/subscriptions/x/resourceGroups/rg-elsewhere")));
        assertEquals("snapshotResourceGroupId", refused.problems().get(0).path());
        assertTrue(refused.getMessage().contains("rg-aks-snapshots"), refused.getMessage());
        assertTrue(client.list(VOLUME_SNAPSHOTS, new io.github.aksbackup.spi.ListOptions(ns, null, 10)).iterator().next().items().isEmpty(),
                "nothing was snapshotted");

        assertTrue(inGroup.snapshotResourceGroupProblem("/subscriptions/x/resourceGroups/RG-AKS-SNAPSHOTS").isEmpty());
        VolumeSnapshotRecord taken = inGroup.snapshot(withGroup(plain, "/subscriptions/x/resourceGroups/rg-aks-snapshots"));
        assertEquals(SnapshotStatus.ready(), inGroup.status(taken));
        assertTrue(snapshotter.snapshotResourceGroupProblem("rg-anything").isEmpty(), "a class that names no group is not checked");
    }

    private static SnapshotRequest withGroup(SnapshotRequest r, String group) {
        return new SnapshotRequest(r.pvcNamespace(), r.pvcName(), r.pvName(), r.driver(), r.volumeHandle(), r.sizeBytes(),
                r.volumeAttributes(), r.tags(), group);
    }

    @Test
    void restoreIntoTheSameNamespaceUsesTheVolumeSnapshotItself() {
        String ns = TestCluster.newNamespace(client, "same");
        VolumeSnapshotRecord record = snapshotter.snapshot(boundClaim(client, ns, "data", DRIVER));
        RestoredVolume restored = snapshotter.restore(record,
                new VolumeRestoreRequest(ns, "data", "managed-csi", record.sizeBytes(), null, Map.of()));
        assertEquals(new RestoredVolume.FromDataSource("snapshot.storage.k8s.io", "VolumeSnapshot",
                record.attributes().get(CsiVolumeSnapshotter.ATTR_NAME)), restored);
    }

    @Test
    void restoreIntoAnotherNamespacePreProvisionsAContentFromTheRecordedHandle() {
        String source = TestCluster.newNamespace(client, "src");
        String target = TestCluster.newNamespace(client, "dst");
        VolumeSnapshotRecord record = snapshotter.snapshot(boundClaim(client, source, "data", DRIVER));
        RestoredVolume restored = snapshotter.restore(record,
                new VolumeRestoreRequest(target, "data", "managed-csi", record.sizeBytes(), null, Map.of("restore", "r1")));
        RestoredVolume.FromDataSource ds = (RestoredVolume.FromDataSource) restored;
        assertEquals("VolumeSnapshot", ds.kind());
        KubeObject vs = client.get(VOLUME_SNAPSHOTS, target, ds.name()).orElseThrow();
        assertEquals(Boolean.TRUE, vs.at("status", "readyToUse"));
        String contentName = (String) vs.at("spec", "source", "volumeSnapshotContentName");
        KubeObject content = client.get(VOLUME_SNAPSHOT_CONTENTS, null, contentName).orElseThrow();
        assertEquals(record.snapshotHandle(), content.at("spec", "source", "snapshotHandle"));
        assertEquals("Retain", content.at("spec", "deletionPolicy"));
        assertEquals(DRIVER, content.at("spec", "driver"));
        assertEquals(Map.of("name", ds.name(), "namespace", target), content.at("spec", "volumeSnapshotRef"));
        // restoring again reuses what the first restore made
        assertEquals(restored, snapshotter.restore(record,
                new VolumeRestoreRequest(target, "data", "managed-csi", record.sizeBytes(), null, Map.of("restore", "r1"))));
    }

    @Test
    void restoreWhereTheSnapshotObjectIsGoneUsesTheHandle() {
        String ns = TestCluster.newNamespace(client, "gone");
        VolumeSnapshotRecord record = snapshotter.snapshot(boundClaim(client, ns, "data", DRIVER));
        // as in another cluster: no VolumeSnapshot of that name and uid
        client.delete(VOLUME_SNAPSHOTS, ns, record.attributes().get(CsiVolumeSnapshotter.ATTR_NAME));
        RestoredVolume.FromDataSource ds = (RestoredVolume.FromDataSource) snapshotter.restore(record,
                new VolumeRestoreRequest(ns, "data", null, record.sizeBytes(), null, Map.of()));
        assertNotEquals(record.attributes().get(CsiVolumeSnapshotter.ATTR_NAME), ds.name());
        KubeObject vs = client.get(VOLUME_SNAPSHOTS, ns, ds.name()).orElseThrow();
        KubeObject content = client.get(VOLUME_SNAPSHOT_CONTENTS, null,
                (String) vs.at("spec", "source", "volumeSnapshotContentName")).orElseThrow();
        assertEquals(record.snapshotHandle(), content.at("spec", "source", "snapshotHandle"));
    }

    @Test
    void deleteRemovesTheVolumeSnapshotAndStatusThenSaysItIsGone() {
        String ns = TestCluster.newNamespace(client, "del");
        VolumeSnapshotRecord record = snapshotter.snapshot(boundClaim(client, ns, "data", DRIVER));
        snapshotter.delete(record);
        assertTrue(client.get(VOLUME_SNAPSHOTS, ns, record.attributes().get(CsiVolumeSnapshotter.ATTR_NAME)).isEmpty());
        assertEquals(SnapshotStatus.State.Failed, snapshotter.status(record).state());
        snapshotter.delete(record); // already gone: not an error
    }

    @Test
    void reportsASnapshotTheControllerFailed() {
        String ns = TestCluster.newNamespace(client, "fail");
        controller.failIn(ns);
        AksBackupException e = assertThrows(AksBackupException.class,
                () -> snapshotter.snapshot(boundClaim(client, ns, "data", DRIVER)));
        assertEquals("SnapshotFailed", e.code());
        assertTrue(e.getMessage().contains("injected failure"), e.getMessage());
    }

    @Test
    void givesUpAfterTheTimeoutAndLeavesNoSnapshotBehind() {
        String ns = TestCluster.newNamespace(client, "slow");
        controller.ignore(ns);
        CsiVolumeSnapshotter impatient = CsiVolumeSnapshotter.builder().cluster(client).snapshotClass(CLASS)
                .readyTimeout(Duration.ofSeconds(2)).build();
        AksBackupException e = assertThrows(AksBackupException.class,
                () -> impatient.snapshot(boundClaim(client, ns, "data", DRIVER)));
        assertEquals("SnapshotTimeout", e.code());
        assertTrue(TestCluster.names(collect(ns)).isEmpty());
    }

    private static List<KubeObject> collect(String ns) {
        List<KubeObject> all = new java.util.ArrayList<>();
        client.list(VOLUME_SNAPSHOTS, new io.github.aksbackup.spi.ListOptions(ns, null, 100)).forEach(p -> all.addAll(p.items()));
        return all;
    }
}
