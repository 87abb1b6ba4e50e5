package io.github.aksbackup.azure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.sas.BlobContainerSasPermission;
import com.azure.storage.blob.sas.BlobServiceSasSignatureValues;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The vault side of {@link AzurePreflight} on Azurite. */
@Tag("azurite")
class AzurePreflightAzuriteTest {

    @Test
    void aWritableContainerPassesAndTheProbeIsRemoved() {
        AzureBlobObjectStore vault = Azurite.newStoreBuilder("preflight").build();
        List<PreflightCheck> checks = AzurePreflight.of(vault, null, null).run();
        assertTrue(AzurePreflight.allPassed(checks), checks.toString());
        assertEquals(List.of(), io.github.aksbackup.testkit.ObjectStoreContract.keys(vault.list("")));
    }

    @Test
    void aMissingContainerNeedsStorageAccountContributorOrToBeCreated() {
        AzureBlobObjectStore vault = AzureBlobObjectStore.builder().connectionString(Azurite.connectionString())
                .containerName(Azurite.uniqueContainer("absent")).retryOptions(Azurite.fastRetries()).build();
        Map<String, PreflightCheck> checks = AzurePreflightTest.byName(AzurePreflight.of(vault, null, null).run());
        PreflightCheck reach = checks.get("VaultContainerReachable");
        assertFalse(reach.passed());
        assertEquals(AzurePreflight.STORAGE_ACCOUNT_CONTRIBUTOR, reach.requiredRole());
        assertTrue(reach.scope().contains("devstoreaccount1"));
    }

    @Test
    void aReadOnlyIdentityNeedsStorageBlobDataContributor() {
        AzureBlobObjectStore admin = Azurite.newStoreBuilder("readonly").build();
        BlobContainerClient container = Azurite.serviceClient().getBlobContainerClient(admin.containerName());
        String sas = container.generateSas(new BlobServiceSasSignatureValues(OffsetDateTime.now().plusHours(1),
                new BlobContainerSasPermission().setReadPermission(true).setListPermission(true)));
        AzureBlobObjectStore readOnly = AzureBlobObjectStore.builder().endpoint(container.getAccountUrl())
                .sasToken(sas).containerName(admin.containerName()).retryOptions(Azurite.fastRetries()).build();

        Map<String, PreflightCheck> checks = AzurePreflightTest.byName(AzurePreflight.of(readOnly, null, null).run());

        PreflightCheck write = checks.get("VaultContainerWritable");
        assertFalse(write.passed(), checks.toString());
        assertEquals(AzurePreflight.BLOB_DATA_CONTRIBUTOR, write.requiredRole());
        assertFalse(write.detail().contains("sig="), "no SAS in the report");
    }
}
