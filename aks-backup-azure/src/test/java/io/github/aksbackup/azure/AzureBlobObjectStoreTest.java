package io.github.aksbackup.azure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.azure.storage.blob.models.AccessTier;
import com.azure.storage.common.policy.RequestRetryOptions;
import com.azure.storage.common.policy.RetryPolicyType;
import io.github.aksbackup.api.AksBackupException;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** What {@link AzureBlobObjectStore} does without a storage service: configuration and failures. */
class AzureBlobObjectStoreTest {
    private static final String KEY = "c2VjcmV0LWtleS1uZXZlci10by1iZS1wcmludGVk";

    private static String connectionStringFor(int port) {
        return "DefaultEndpointsProtocol=http;AccountName=acct1;AccountKey=" + KEY
                + ";BlobEndpoint=http://127.0.0.1:" + port + "/acct1;";
    }

    @Test
    void unreachableStorageIsReportedAsATransientNetworkFailure() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        AzureBlobObjectStore store = AzureBlobObjectStore.builder().connectionString(connectionStringFor(port))
                .containerName("vault")
                .retryOptions(new RequestRetryOptions(RetryPolicyType.FIXED, 1, Duration.ofSeconds(5),
                        Duration.ofMillis(1), Duration.ofMillis(1), null))
                .build();
        AksBackupException e = assertThrows(AksBackupException.class, () -> store.stat("manifests/x"));
        assertEquals("NetworkFailure", e.code());
        assertTrue(e.isTransient());
        assertFalse(e.getMessage().contains(KEY));
    }

    @Test
    void malformedConnectionStringIsRefusedWithoutQuotingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AzureBlobObjectStore.builder().connectionString("AccountKey=" + KEY + ";garbage")
                        .containerName("vault").build());
        assertFalse(e.getMessage().contains(KEY));
    }

    @Test
    void exactlyOneCredentialIsRequired() {
        assertThrows(IllegalArgumentException.class,
                () -> AzureBlobObjectStore.builder().containerName("vault").build());
        assertThrows(IllegalArgumentException.class,
                () -> AzureBlobObjectStore.builder().containerName("vault").connectionString(connectionStringFor(1))
                        .sasToken("sv=x").endpoint("https://a.blob.core.windows.net").build());
        assertThrows(IllegalArgumentException.class,
                () -> AzureBlobObjectStore.builder().containerName("vault").sasToken("sv=x").build());
    }

    @Test
    void connectionStringAccountIsReadWithoutExposingTheKey() {
        assertEquals("acct1", AzureBlobObjectStore.builder().connectionString(connectionStringFor(1))
                .connectionStringAccount().orElseThrow());
    }

    @Test
    void longestMatchingTierPrefixWins() {
        AzureBlobObjectStore store = AzureBlobObjectStore.builder().connectionString(connectionStringFor(1))
                .containerName("vault").accessTier("packs/", AccessTier.COOL).accessTier("packs/hot", AccessTier.HOT)
                .accessTier("a", AccessTier.COLD).build();
        assertEquals(AccessTier.COOL, store.tierFor("packs/x"));
        assertEquals(AccessTier.HOT, store.tierFor("packs/hot/x"));
        assertEquals(AccessTier.COLD, store.tierFor("abc"));
        assertEquals(null, store.tierFor("index/x"));
        assertEquals(null, store.tierFor("packs"));
    }
}
