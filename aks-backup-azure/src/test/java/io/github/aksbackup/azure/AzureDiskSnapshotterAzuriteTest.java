package io.github.aksbackup.azure;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.azure.storage.blob.models.BlobType;
import io.github.aksbackup.api.recovery.VolumeSnapshotRecord;
import io.github.aksbackup.api.restore.StagingLocation;
import io.github.aksbackup.testkit.ObjectStoreContract;
import io.github.aksbackup.spi.ObjectStore;
import io.github.aksbackup.spi.RestoredVolume;
import io.github.aksbackup.spi.VolumeRestoreRequest;
import java.io.IOException;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The vault tier's data path: snapshot → export into a vault → hydrate into staging → restore a
 * disk, with bytes moving through Azurite (the stand-in's access SAS URLs point there) and the ARM
 * calls through the real client to the {@link ArmStandIn}.
 */
@Tag("azurite")
class AzureDiskSnapshotterAzuriteTest {
    private static final String STORAGE_ACCOUNT_ID = ArmStandIn.groupId("rg-vault")
            + "/providers/Microsoft.Storage/storageAccounts/devstoreaccount1";
    private ArmStandIn arm;
    private byte[] volume;
    private String diskId;

    @BeforeEach
    void seed() {
        arm = ArmTestSupport.standIn(true);
        arm.addResourceGroup("rg-snapshots");
        arm.addResourceGroup("rg-staging");
        volume = new byte[3 * 1024 * 1024 + 512];
        new Random(42).nextBytes(volume);
        // A run of zeros, as real volumes have; the upload path skips all-zero chunks.
        java.util.Arrays.fill(volume, 0, 1024 * 1024, (byte) 0);
        diskId = arm.addDisk("rg-nodes", "pvc-data", "westeurope", "2", 8, "Premium_LRS", volume);
    }

    private VolumeSnapshotRecord snapshot(AzureDiskSnapshotter s) {
        return s.snapshot(AzureDiskSnapshotterTest.request(diskId, Map.of("rp", "rp-1")));
    }

    private byte[] restoredBytes(AzureDiskSnapshotter s, VolumeSnapshotRecord rec) {
        RestoredVolume.PreProvisioned pv = (RestoredVolume.PreProvisioned) s.restore(rec,
                new VolumeRestoreRequest("shop", "data-db-0", null, 0, null, Map.of()));
        return arm.resource(pv.volumeHandle()).data;
    }

    @Test
    void exportCopiesTheSnapshotServerSideIntoAPageBlobOfTheAzureVault() throws IOException {
        AzureDiskSnapshotter s = ArmTestSupport.snapshotter(arm).build();
        AzureBlobObjectStore vault = Azurite.newStoreBuilder("vault").build();
        VolumeSnapshotRecord rec = snapshot(s);

        s.exportTo(rec, vault, "volumes/rp-1/data-db-0.vhd");

        assertArrayEquals(volume, ObjectStoreContract.read(vault.get("volumes/rp-1/data-db-0.vhd")));
        assertEquals(BlobType.PAGE_BLOB, vault.blobClient("volumes/rp-1/data-db-0.vhd").getProperties().getBlobType());
        assertTrue(arm.requests().stream().anyMatch(r -> r.endsWith("/beginGetAccess")));
        assertTrue(arm.requests().stream().anyMatch(r -> r.endsWith("/endGetAccess")), "access is revoked after");
        assertNull(arm.resource(rec.snapshotHandle()).accessBlob);
    }

    @Test
    void exportIsWriteOnceASecondExportLeavesTheVaultAsItWas() {
        AzureDiskSnapshotter s = ArmTestSupport.snapshotter(arm).build();
        AzureBlobObjectStore vault = Azurite.newStoreBuilder("vault").build();
        VolumeSnapshotRecord rec = snapshot(s);
        s.exportTo(rec, vault, "volumes/v.vhd");
        var first = vault.stat("volumes/v.vhd").orElseThrow();
        int grants = (int) arm.requests().stream().filter(r -> r.endsWith("/beginGetAccess")).count();
        s.exportTo(rec, vault, "volumes/v.vhd");
        assertEquals(first, vault.stat("volumes/v.vhd").orElseThrow());
        assertEquals(grants, arm.requests().stream().filter(r -> r.endsWith("/beginGetAccess")).count(),
                "a finished export is not copied again");
    }

    @Test
    void exportIntoAnyOtherStoreStreamsTheSnapshotThroughThisProcess() throws IOException {
        AzureDiskSnapshotter s = ArmTestSupport.snapshotter(arm).build();
        ObjectStore vault = new MapObjectStore();
        s.exportTo(snapshot(s), vault, "volumes/v.vhd");
        assertArrayEquals(volume, ObjectStoreContract.read(vault.get("volumes/v.vhd")));
    }

    @Test
    void hydrationFromAnAzureVaultImportsTheBlobIntoAStagingSnapshotAndRestoresTheData() {
        AzureDiskSnapshotter s = ArmTestSupport.snapshotter(arm)
                .vaultStorageAccount("devstoreaccount1", STORAGE_ACCOUNT_ID).build();
        AzureBlobObjectStore vault = Azurite.newStoreBuilder("vault").build();
        VolumeSnapshotRecord rec = snapshot(s);
        s.exportTo(rec, vault, "volumes/v.vhd");

        VolumeSnapshotRecord staged = s.importFrom(vault, "volumes/v.vhd", rec);

        assertTrue(staged.snapshotHandle().contains("/resourceGroups/rg-staging/"), staged.snapshotHandle());
        @SuppressWarnings("unchecked")
        Map<String, Object> creation = (Map<String, Object>) arm.resource(staged.snapshotHandle()).properties()
                .get("creationData");
        assertEquals("Import", creation.get("createOption"));
        assertEquals(STORAGE_ACCOUNT_ID, creation.get("storageAccountId"));
        assertEquals(vault.blobUrl("volumes/v.vhd"), creation.get("sourceUri"));
        assertArrayEquals(volume, restoredBytes(s, staged));

        s.delete(staged);
        assertNull(arm.resource(staged.snapshotHandle()), "deleting the staged record cleans staging up");
    }

    @Test
    void hydrationFromAnotherStoreUploadsIntoAStagingDiskSnapshotsItAndRemovesTheDisk() {
        AzureDiskSnapshotter s = ArmTestSupport.snapshotter(arm).build();
        ObjectStore vault = new MapObjectStore();
        VolumeSnapshotRecord rec = snapshot(s);
        s.exportTo(rec, vault, "volumes/v.vhd");

        arm.addResourceGroup("rg-restore-staging");
        VolumeSnapshotRecord staged = s.importFrom(vault, "volumes/v.vhd", rec,
                new StagingLocation(ArmStandIn.groupId("rg-restore-staging"), null));

        assertTrue(staged.snapshotHandle().contains("/resourceGroups/rg-restore-staging/"), staged.snapshotHandle());
        assertArrayEquals(volume, restoredBytes(s, staged));
        assertFalse(arm.resources("disks").stream().anyMatch(d -> d.id.contains("-upload")),
                "the upload disk is removed once snapshotted");
    }

    @Test
    void aCsiSnapshotIsExportedByItsHandleAndRestoredThroughTheStagingAccountAndGroupThenStagingIsRemoved() throws IOException {
        AzureBlobObjectStore stagingContainer = Azurite.newStoreBuilder("staging").build();
        AzureDiskSnapshotter s = ArmTestSupport.snapshotter(arm).stagingStorage(account -> stagingContainer).build();
        AzureBlobObjectStore vault = Azurite.newStoreBuilder("vault").build();
        // What the Azure Disk CSI driver made for a VolumeSnapshot: its id is the content's snapshotHandle.
        String handle = arm.addSnapshotOf(diskId, "rg-nodes", "snapshot-" + java.util.UUID.randomUUID());
        VolumeSnapshotRecord csi = new VolumeSnapshotRecord("shop", "data-db-0", "pv-1", AzureDiskSnapshotter.DRIVER,
                diskId, handle, volume.length, java.time.Instant.now(), Map.of("volumeSnapshotName", "data-db-0-abc"));
        s.exportTo(csi, vault, "volumes/csi.vhd");
        assertArrayEquals(volume, ObjectStoreContract.read(vault.get("volumes/csi.vhd")));

        arm.addResourceGroup("rg-restore-staging");
        String account = ArmStandIn.groupId("rg-restore-staging") + "/providers/Microsoft.Storage/storageAccounts/devstoreaccount1";
        StagingLocation staging = new StagingLocation(ArmStandIn.groupId("rg-restore-staging"), account);
        VolumeSnapshotRecord staged = s.importFrom(vault, "volumes/csi.vhd", csi, staging);

        assertTrue(staged.snapshotHandle().contains("/resourceGroups/rg-restore-staging/"), staged.snapshotHandle());
        @SuppressWarnings("unchecked")
        Map<String, Object> creation = (Map<String, Object>) arm.resource(staged.snapshotHandle()).properties()
                .get("creationData");
        assertEquals("Import", creation.get("createOption"));
        assertEquals(account, creation.get("storageAccountId"), "the data is imported from the staging account");
        String stagedUrl = String.valueOf(creation.get("sourceUri"));
        String stagedBlob = staged.attributes().get(AzureDiskSnapshotter.ATTR_STAGED_BLOB);
        assertEquals(stagingContainer.blobUrl(stagedBlob), stagedUrl);
        var stagedClient = stagingContainer.blobClient(stagedBlob);
        assertEquals(BlobType.PAGE_BLOB, stagedClient.getProperties().getBlobType());

        RestoredVolume.PreProvisioned pv = (RestoredVolume.PreProvisioned) s.restoreImported(staged,
                new VolumeRestoreRequest("shop", "data-db-0", null, 0, null, Map.of()), staging);
        assertTrue(pv.volumeHandle().contains("/resourceGroups/rg-restore-staging/providers/Microsoft.Compute/disks/"),
                "the disk is made in the staging resource group: " + pv.volumeHandle());
        assertArrayEquals(volume, arm.resource(pv.volumeHandle()).data);

        s.deleteImported(staged);
        assertNull(arm.resource(staged.snapshotHandle()), "the staging snapshot is deleted");
        assertFalse(stagedClient.exists(), "the staged blob is deleted");
        assertTrue(arm.resource(pv.volumeHandle()) != null, "the restored disk stays");
    }

    @Test
    void stagingThroughAStorageAccountNeedsAWayToReachIt() {
        AzureDiskSnapshotter s = ArmTestSupport.snapshotter(arm).build();
        ObjectStore vault = new MapObjectStore();
        vault.putIfAbsent("volumes/v.vhd", new byte[512]);
        VolumeSnapshotRecord rec = snapshot(s);
        io.github.aksbackup.api.AksBackupException e = org.junit.jupiter.api.Assertions.assertThrows(
                io.github.aksbackup.api.AksBackupException.class, () -> s.importFrom(vault, "volumes/v.vhd", rec,
                        new StagingLocation(null, STORAGE_ACCOUNT_ID)));
        assertEquals(io.github.aksbackup.api.ErrorCode.NOT_SUPPORTED, e.errorCode());
        assertTrue(e.getMessage().contains("devstoreaccount1"), e.getMessage());
    }
}
