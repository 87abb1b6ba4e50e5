package io.github.aksbackup.azure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.aksbackup.api.AksBackupException;
import io.github.aksbackup.api.NotFoundException;
import io.github.aksbackup.api.recovery.VolumeSnapshotRecord;
import io.github.aksbackup.spi.RestoredVolume;
import io.github.aksbackup.spi.SnapshotRequest;
import io.github.aksbackup.spi.SnapshotStatus;
import io.github.aksbackup.spi.VolumeRestoreRequest;
import io.github.aksbackup.testkit.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link AzureDiskSnapshotter} through the real azure-resourcemanager-compute client against the
 * {@link ArmStandIn} (no volume data moves here; see {@link AzureDiskSnapshotterAzuriteTest}).
 */
class AzureDiskSnapshotterTest {
    private ArmStandIn arm;
    private String diskId;

    @BeforeEach
    void seed() {
        arm = ArmTestSupport.standIn(false);
        arm.addResourceGroup("rg-snapshots");
        arm.addResourceGroup("rg-staging");
        diskId = arm.addDisk("rg-nodes", "pvc-disk-1", "westeurope", "1", 64, "Premium_LRS", new byte[0]);
    }

    static SnapshotRequest request(String disk, Map<String, String> tags) {
        return new SnapshotRequest("shop", "data-db-0", "pv-1", AzureDiskSnapshotter.DRIVER, disk, 64L << 30,
                Map.of("skuName", "Premium_LRS"), tags);
    }

    @Test
    void takesAnIncrementalSnapshotIntoTheSnapshotGroupTaggedWithInstanceAndRecoveryPoint() {
        ManualClock clock = new ManualClock(Instant.parse("2026-01-01T04:00:00Z"));
        AzureDiskSnapshotter s = ArmTestSupport.snapshotter(arm).clock(clock).build();
        VolumeSnapshotRecord rec = s.snapshot(request(diskId, Map.of("aksb-instance", "i1", "aksb-rp", "rp1")));

        assertTrue(rec.snapshotHandle().contains("/resourceGroups/rg-snapshots/providers/Microsoft.Compute/snapshots/"),
                rec.snapshotHandle());
        assertEquals(Instant.parse("2026-01-01T04:00:00Z"), rec.created());
        assertEquals(64L << 30, rec.sizeBytes());
        assertEquals("westeurope", rec.attributes().get(AzureDiskSnapshotter.ATTR_LOCATION));
        assertEquals("1", rec.attributes().get(AzureDiskSnapshotter.ATTR_ZONE));
        assertEquals("Premium_LRS", rec.attributes().get(AzureDiskSnapshotter.ATTR_SKU));
        assertEquals("Premium_LRS", rec.attributes().get("csi.skuName"));

        ArmStandIn.Res snap = arm.resource(rec.snapshotHandle());
        Map<String, Object> props = snap.properties();
        assertEquals(Boolean.TRUE, props.get("incremental"));
        @SuppressWarnings("unchecked")
        Map<String, Object> creation = (Map<String, Object>) props.get("creationData");
        assertEquals("Copy", creation.get("createOption"));
        assertEquals(diskId, creation.get("sourceResourceId"));
        @SuppressWarnings("unchecked")
        Map<String, Object> tags = (Map<String, Object>) snap.body.get("tags");
        assertEquals("i1", tags.get("aksb-instance"));
        assertEquals("rp1", tags.get("aksb-rp"));
        assertEquals("shop/data-db-0", tags.get("aksb-pvc"));
        assertTrue(arm.requests().stream().anyMatch(r -> r.startsWith("GET /operations/")),
                "the client followed the Azure-AsyncOperation header");
    }

    @Test
    void takesTheSnapshotIntoTheResourceGroupTheInstanceNamesInsteadOfTheBuildersGroup() {
        arm.addResourceGroup("rg-instance-snapshots");
        AzureDiskSnapshotter s = ArmTestSupport.snapshotter(arm).build();
        SnapshotRequest plain = request(diskId, Map.of("aksb-rp", "rp1"));
        VolumeSnapshotRecord rec = s.snapshot(new SnapshotRequest(plain.pvcNamespace(), plain.pvcName(), plain.pvName(),
                plain.driver(), plain.volumeHandle(), plain.sizeBytes(), plain.volumeAttributes(), plain.tags(),
                ArmStandIn.groupId("rg-instance-snapshots")));

        assertTrue(rec.snapshotHandle().contains("/resourceGroups/rg-instance-snapshots/providers/Microsoft.Compute/snapshots/"),
                rec.snapshotHandle());
        assertTrue(arm.resource(rec.snapshotHandle()) != null);
    }

    @Test
    void refusesASnapshotGroupInAnotherSubscriptionAndASnapshotWithoutAnyGroup() {
        AzureDiskSnapshotter s = ArmTestSupport.snapshotter(arm).build();
        SnapshotRequest plain = request(diskId, Map.of("aksb-rp", "rp1"));
        io.github.aksbackup.api.InvalidInputException other = assertThrows(io.github.aksbackup.api.InvalidInputException.class,
                () -> s.snapshot(new SnapshotRequest(plain.pvcNamespace(), plain.pvcName(), plain.pvName(), plain.driver(),
                        plain.volumeHandle(), plain.sizeBytes(), plain.volumeAttributes(), plain.tags(),
                        "/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg-elsewhere")));
        assertEquals("snapshotResourceGroupId", other.problems().get(0).path());

        AzureDiskSnapshotter noGroup = AzureDiskSnapshotter.builder().computeManager(ArmTestSupport.computeManager(arm)).build();
        io.github.aksbackup.api.InvalidInputException none = assertThrows(io.github.aksbackup.api.InvalidInputException.class,
                () -> noGroup.snapshot(plain));
        assertEquals("snapshotResourceGroupId", none.problems().get(0).path());
        assertTrue(arm.resources("snapshots").isEmpty(), "nothing was snapshotted");
    }

    @Test
    void statusIsPendingUntilTheBackgroundCopyCompletes() {
        AzureDiskSnapshotter s = ArmTestSupport.snapshotter(arm).build();
        arm.completionStep = 40;
        VolumeSnapshotRecord rec = s.snapshot(request(diskId, Map.of("rp", "1")));
        // The final GET of the create operation already moved it to 40 %.
        assertEquals(SnapshotStatus.State.Pending, s.status(rec).state());
        assertEquals(SnapshotStatus.State.Ready, s.status(rec).state());
        assertEquals(100.0, ((Number) arm.resource(rec.snapshotHandle()).properties().get("completionPercent"))
                .doubleValue());
    }

    @Test
    void aRetriedRequestFindsItsSnapshotInsteadOfTakingAnother() {
        AzureDiskSnapshotter s = ArmTestSupport.snapshotter(arm).build();
        VolumeSnapshotRecord a = s.snapshot(request(diskId, Map.of("rp", "1")));
        VolumeSnapshotRecord b = s.snapshot(request(diskId, Map.of("rp", "1")));
        VolumeSnapshotRecord c = s.snapshot(request(diskId, Map.of("rp", "2")));
        assertEquals(a.snapshotHandle(), b.snapshotHandle());
        assertFalse(a.snapshotHandle().equals(c.snapshotHandle()));
        assertEquals(2, arm.resources("snapshots").size());
    }

    @Test
    void deleteRemovesTheSnapshotAndToleratesOneAlreadyGone() {
        AzureDiskSnapshotter s = ArmTestSupport.snapshotter(arm).build();
        VolumeSnapshotRecord rec = s.snapshot(request(diskId, Map.of("rp", "1")));
        s.delete(rec);
        assertNull(arm.resource(rec.snapshotHandle()));
        s.delete(rec);
        assertEquals(SnapshotStatus.State.Failed, s.status(rec).state());
    }

    @Test
    void restoreMakesADiskInTheRequestedZoneFromTheSnapshot() {
        AzureDiskSnapshotter s = ArmTestSupport.snapshotter(arm).build();
        VolumeSnapshotRecord rec = s.snapshot(request(diskId, Map.of("rp", "1")));
        RestoredVolume v = s.restore(rec, new VolumeRestoreRequest("shop-restored", "data-db-0", "managed-csi",
                64L << 30, "3", Map.of("aksb-restore", "job-1")));

        RestoredVolume.PreProvisioned pv = assertInstanceOf(RestoredVolume.PreProvisioned.class, v);
        assertEquals(AzureDiskSnapshotter.DRIVER, pv.driver());
        assertEquals(Map.of("skuName", "Premium_LRS"), pv.volumeAttributes());
        assertTrue(pv.volumeHandle().contains("/resourceGroups/rg-nodes/providers/Microsoft.Compute/disks/aksb-restore-"),
                pv.volumeHandle());
        ArmStandIn.Res disk = arm.resource(pv.volumeHandle());
        assertEquals(List.of("3"), disk.body.get("zones"));
        assertEquals(Map.of("name", "Premium_LRS"), disk.body.get("sku"));
        @SuppressWarnings("unchecked")
        Map<String, Object> creation = (Map<String, Object>) disk.properties().get("creationData");
        assertEquals(rec.snapshotHandle(), creation.get("sourceResourceId"));
        assertEquals("Succeeded", disk.properties().get("provisioningState"));

        s.deleteDisk(pv.volumeHandle());
        assertNull(arm.resource(pv.volumeHandle()));
        s.deleteDisk(pv.volumeHandle());
    }

    @Test
    void restoreKeepsTheSourceZoneWhenNoneIsRequested() {
        AzureDiskSnapshotter s = ArmTestSupport.snapshotter(arm).build();
        VolumeSnapshotRecord rec = s.snapshot(request(diskId, Map.of("rp", "1")));
        RestoredVolume.PreProvisioned pv = (RestoredVolume.PreProvisioned) s.restore(rec,
                new VolumeRestoreRequest("shop", "data-db-0", null, 0, null, Map.of()));
        assertEquals(List.of("1"), arm.resource(pv.volumeHandle()).body.get("zones"));
    }

    @Test
    void refusesTheHundredAndFirstDiskOfOneBackup() {
        arm.pollsPerOperation = 0;
        AzureDiskSnapshotter s = ArmTestSupport.snapshotter(arm).build();
        for (int i = 0; i < AzureDiskSnapshotter.MAX_DISKS_PER_BACKUP; i++) {
            String d = arm.addDisk("rg-nodes", "d" + i, "westeurope", null, 4, "StandardSSD_LRS", new byte[0]);
            s.snapshot(request(d, Map.of("rp", "big")));
        }
        String extra = arm.addDisk("rg-nodes", "d-extra", "westeurope", null, 4, "StandardSSD_LRS", new byte[0]);
        AksBackupException e = assertThrows(AksBackupException.class, () -> s.snapshot(request(extra, Map.of("rp", "big"))));
        assertEquals("TooManyDisks", e.code());
        assertTrue(e.getMessage().contains("at most 100 disks"), e.getMessage());
        // Another backup (other tags) starts its own count.
        s.snapshot(request(extra, Map.of("rp", "next")));
    }

    @Test
    void vaultExportRefusesDisksOverOneTebibyteBeforeTouchingAzure() {
        AzureDiskSnapshotter s = ArmTestSupport.snapshotter(arm).build();
        VolumeSnapshotRecord huge = new VolumeSnapshotRecord("shop", "big", "pv", AzureDiskSnapshotter.DRIVER, diskId,
                ArmStandIn.groupId("rg-snapshots") + "/providers/Microsoft.Compute/snapshots/s1",
                AzureDiskSnapshotter.MAX_VAULT_DISK_BYTES + (1L << 30), Instant.EPOCH, Map.of());
        int before = arm.requests().size();
        AksBackupException e = assertThrows(AksBackupException.class,
                () -> s.exportTo(huge, new MapObjectStore(), "volumes/big"));
        assertEquals("VolumeTooLargeForVault", e.code());
        assertTrue(e.getMessage().contains("1025 GiB"), e.getMessage());
        assertEquals(before, arm.requests().size());
    }

    @Test
    void missingSnapshotResourceGroupIsNotFound() {
        AzureDiskSnapshotter s = ArmTestSupport.snapshotter(arm).snapshotResourceGroup("rg-missing").build();
        NotFoundException e = assertThrows(NotFoundException.class,
                () -> s.snapshot(request(diskId, Map.of("rp", "1"))));
        assertTrue(e.getMessage().contains("rg-missing"), e.getMessage());
    }

    @Test
    void aRejectedTokenIsUnauthorizedAndSaysToRenewTheCredentials() {
        AzureDiskSnapshotter s = AzureDiskSnapshotter.builder()
                .pipeline(ArmTestSupport.pipeline(ArmTestSupport.credential("wrong"), 0))
                .profile(ArmTestSupport.profile(arm)).snapshotResourceGroup("rg-snapshots").build();
        AksBackupException e = assertThrows(AksBackupException.class,
                () -> s.snapshot(request(diskId, Map.of("rp", "1"))));
        assertEquals("Unauthorized", e.code());
        assertTrue(e.getMessage().contains("HTTP 401 AuthenticationFailed"), e.getMessage());
        assertTrue(e.recommendedAction().contains("credentials"), e.recommendedAction());
    }

    @Test
    void transientServerErrorsAreRetriedByThePipeline() {
        AzureDiskSnapshotter s = ArmTestSupport.snapshotter(arm).build();
        arm.inject("PUT", "/snapshots/", 503, 2);
        VolumeSnapshotRecord rec = s.snapshot(request(diskId, Map.of("rp", "1")));
        assertTrue(arm.resource(rec.snapshotHandle()) != null);
    }

    @Test
    void repeatedOutagesOpenTheCircuitBreakerSoCallsFailFast() {
        AzureDiskSnapshotter s = ArmTestSupport.snapshotter(arm).circuitBreaker(50f, Duration.ofHours(1)).build();
        arm.inject("GET", "/disks/", 503, 1000);
        for (int i = 0; i < 5; i++) {
            AksBackupException e = assertThrows(AksBackupException.class,
                    () -> s.snapshot(request(diskId, Map.of("rp", "1"))));
            assertEquals("AzureUnavailable", e.code());
            assertTrue(e.isTransient());
        }
        int before = arm.requests().size();
        AksBackupException open = assertThrows(AksBackupException.class,
                () -> s.snapshot(request(diskId, Map.of("rp", "1"))));
        assertEquals("AzureUnavailable", open.code());
        assertEquals(before, arm.requests().size(), "an open breaker sends nothing");
    }

    @Test
    void notFoundAndConflictDoNotOpenTheBreaker() {
        AzureDiskSnapshotter s = ArmTestSupport.snapshotter(arm).circuitBreaker(50f, Duration.ofHours(1)).build();
        String missing = ArmStandIn.groupId("rg-nodes") + "/providers/Microsoft.Compute/disks/nope";
        for (int i = 0; i < 8; i++) {
            assertThrows(NotFoundException.class, () -> s.snapshot(request(missing, Map.of("rp", "1"))));
        }
        s.snapshot(request(diskId, Map.of("rp", "1")));
    }

    @Test
    void refusesOtherDriversAndMalformedVolumeHandles() {
        AzureDiskSnapshotter s = ArmTestSupport.snapshotter(arm).build();
        assertFalse(s.supports("file.csi.azure.com"));
        assertEquals("UnsupportedDriver", assertThrows(AksBackupException.class, () -> s.snapshot(new SnapshotRequest("ns",
                "pvc", "pv", "file.csi.azure.com", diskId, 1, Map.of(), Map.of()))).code());
        for (String handle : List.of("not-an-id", ArmStandIn.groupId("rg") + "/providers/Microsoft.Storage/storageAccounts/x")) {
            AksBackupException e = assertThrows(AksBackupException.class, () -> s.snapshot(request(handle, Map.of())));
            assertEquals("SnapshotFailed", e.code());
            assertTrue(e.getMessage().contains(handle), e.getMessage());
        }
    }

    @Test
    void namesAreValidAzureNamesAndStable() {
        String n = io.github.aksbackup.azure.internal.ArmNames.resourceName("aksb-", "x".repeat(200) + "/ä", "id");
        assertTrue(n.length() <= 80, n);
        assertTrue(n.matches("[A-Za-z0-9_.-]+"), n);
        assertEquals(n, io.github.aksbackup.azure.internal.ArmNames.resourceName("aksb-", "x".repeat(200) + "/ä", "id"));
    }
}
