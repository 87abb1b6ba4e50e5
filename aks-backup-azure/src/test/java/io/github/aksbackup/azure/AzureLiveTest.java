package io.github.aksbackup.azure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.azure.identity.DefaultAzureCredentialBuilder;
import io.github.aksbackup.api.recovery.VolumeSnapshotRecord;
import io.github.aksbackup.spi.RestoredVolume;
import io.github.aksbackup.spi.SnapshotStatus;
import io.github.aksbackup.spi.VolumeRestoreRequest;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * The vault tier against real Azure: runs only when the {@code AKSB_LIVE_AZURE_*} variables name a
 * subscription, a disk and resource groups the identity of DefaultAzureCredential may use. It
 * proves what the stand-in cannot: real ARM request validation and authorization, incremental
 * snapshot semantics, the snapshot SAS, server-side copy from it, and import of a page blob.
 *
 * <pre>
 * AKSB_LIVE_AZURE_SUBSCRIPTION_ID   subscription
 * AKSB_LIVE_AZURE_DISK_ID           resource id of a small managed disk (the "PV")
 * AKSB_LIVE_AZURE_SNAPSHOT_RG       resource group for snapshots, restored disks and staging
 * AKSB_LIVE_AZURE_VAULT_ENDPOINT    blob endpoint of the vault account, https://ACCOUNT.blob.core.windows.net
 * AKSB_LIVE_AZURE_VAULT_CONTAINER   an existing container in it
 * AKSB_LIVE_AZURE_VAULT_ACCOUNT_ID  resource id of the vault storage account
 * </pre>
 *
 * Everything it creates is deleted at the end; the exported blob stays (the store never deletes
 * what it wrote in a test under an immutability policy) under {@code live-test/}.
 */
@EnabledIfEnvironmentVariable(named = "AKSB_LIVE_AZURE_SUBSCRIPTION_ID", matches = ".+")
class AzureLiveTest {
    private static String env(String name) {
        String v = System.getenv(name);
        if (v == null || v.isBlank()) {
            throw new IllegalStateException(name + " must be set for the live Azure test");
        }
        return v;
    }

    @Test
    void snapshotExportHydrateAndRestoreOnRealAzure() {
        var credential = new DefaultAzureCredentialBuilder().build();
        String rg = env("AKSB_LIVE_AZURE_SNAPSHOT_RG");
        AzureBlobObjectStore vault = AzureBlobObjectStore.builder().endpoint(env("AKSB_LIVE_AZURE_VAULT_ENDPOINT"))
                .credential(credential).containerName(env("AKSB_LIVE_AZURE_VAULT_CONTAINER")).build();
        AzureDiskSnapshotter s = AzureDiskSnapshotter.builder().credential(credential)
                .subscriptionId(env("AKSB_LIVE_AZURE_SUBSCRIPTION_ID")).snapshotResourceGroup(rg)
                .stagingResourceGroup(rg).vaultStorageAccount(vault.accountName(), env("AKSB_LIVE_AZURE_VAULT_ACCOUNT_ID"))
                .pollInterval(Duration.ofSeconds(5)).pollTimeout(Duration.ofHours(2)).build();
        String run = UUID.randomUUID().toString().substring(0, 8);
        VolumeSnapshotRecord rec = s.snapshot(AzureDiskSnapshotterTest.request(env("AKSB_LIVE_AZURE_DISK_ID"),
                Map.of("aksb-live-test", run)));
        VolumeSnapshotRecord staged = null;
        RestoredVolume.PreProvisioned pv = null;
        try {
            String key = "live-test/" + run + ".vhd";
            s.exportTo(rec, vault, key);
            assertTrue(vault.stat(key).orElseThrow().size() > 0);
            staged = s.importFrom(vault, key, rec);
            assertEquals(SnapshotStatus.State.Ready, s.status(staged).state());
            pv = (RestoredVolume.PreProvisioned) s.restore(staged,
                    new VolumeRestoreRequest("live", "test-" + run, null, 0, null, Map.of("aksb-live-test", run)));
            assertTrue(pv.volumeHandle().contains("/disks/"));
        } finally {
            if (pv != null) {
                s.deleteDisk(pv.volumeHandle());
            }
            if (staged != null) {
                s.delete(staged);
            }
            s.delete(rec);
        }
    }
}
