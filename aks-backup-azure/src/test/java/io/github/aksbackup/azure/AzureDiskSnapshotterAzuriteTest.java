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
}
