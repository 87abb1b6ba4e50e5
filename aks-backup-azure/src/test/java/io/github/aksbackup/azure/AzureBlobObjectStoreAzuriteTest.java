package io.github.aksbackup.azure;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.azure.core.http.HttpMethod;
import com.azure.core.http.policy.HttpPipelinePolicy;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.AccessTier;
import com.azure.storage.blob.sas.BlobContainerSasPermission;
import com.azure.storage.blob.sas.BlobServiceSasSignatureValues;
import io.github.aksbackup.testkit.ObjectStoreContract;
import io.github.aksbackup.spi.ObjectInfo;
import io.github.aksbackup.spi.ObjectStore;
import java.io.ByteArrayInputStream;
import java.time.OffsetDateTime;
import java.util.Iterator;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The object-store contract and Azure-specific behaviour of {@link AzureBlobObjectStore}, on Azurite. */
@Tag("azurite")
class AzureBlobObjectStoreAzuriteTest extends ObjectStoreContract {

    @Override
    protected ObjectStore newStore() {
        return Azurite.newStoreBuilder("contract").build();
    }

    /** Counts requests by kind, to see what the client really sent. */
    static final class RequestCounter {
        final AtomicInteger blocks = new AtomicInteger();
        final AtomicInteger blockLists = new AtomicInteger();
        final AtomicInteger listings = new AtomicInteger();

        HttpPipelinePolicy policy() {
            return (context, next) -> {
                String query = context.getHttpRequest().getUrl().getQuery();
                query = query == null ? "" : query;
                if (context.getHttpRequest().getHttpMethod() == HttpMethod.PUT && query.contains("comp=block&")
                        || query.startsWith("comp=block") && !query.startsWith("comp=blocklist")) {
                    blocks.incrementAndGet();
                }
                if (query.contains("comp=blocklist")) {
                    blockLists.incrementAndGet();
                }
                if (query.contains("comp=list")) {
                    listings.incrementAndGet();
                }
                return next.process();
            };
        }
    }

    @Test
    void largeObjectsAreUploadedAsParallelBlocksAndCommittedOnce() throws Exception {
        RequestCounter counter = new RequestCounter();
        AzureBlobObjectStore store = Azurite.newStoreBuilder("blocks")
                .blockSizeBytes(1024 * 1024).singleUploadMaxBytes(1024 * 1024).maxConcurrency(4)
                .addPolicy(counter.policy()).build();
        byte[] data = random(5 * 1024 * 1024 + 3, 7);
        assertTrue(store.putIfAbsent("packs/big", new ByteArrayInputStream(data), data.length));
        assertEquals(6, counter.blocks.get(), "5 MiB + 3 bytes in 1 MiB blocks");
        assertEquals(1, counter.blockLists.get());
        assertArrayEquals(data, read(store.get("packs/big")));

        byte[] other = random(3 * 1024 * 1024, 8);
        assertFalse(store.putIfAbsent("packs/big", new ByteArrayInputStream(other), other.length),
                "an existing blob is never overwritten (refused before upload; racing writers are refused at the commit)");
        assertArrayEquals(data, read(store.get("packs/big")));
    }

    @Test
    void keysUnderAConfiguredPrefixGetTheirAccessTier() {
        AzureBlobObjectStore store = Azurite.newStoreBuilder("tier")
                .accessTier("packs/", AccessTier.COOL).accessTier("packs/hot/", AccessTier.HOT).build();
        store.putIfAbsent("packs/p1", bytes("pack"));
        store.putIfAbsent("packs/hot/p2", bytes("pack"));
        store.putIfAbsent("manifests/m1", bytes("manifest"));
        assertEquals(AccessTier.COOL, store.blobClient("packs/p1").getProperties().getAccessTier());
        assertEquals(AccessTier.HOT, store.blobClient("packs/hot/p2").getProperties().getAccessTier());
        assertNotEquals(AccessTier.COOL, store.blobClient("manifests/m1").getProperties().getAccessTier());
    }

    @Test
    void listingFetchesOnePagePerIterationStep() {
        RequestCounter counter = new RequestCounter();
        AzureBlobObjectStore store = Azurite.newStoreBuilder("paging").listPageSize(10)
                .addPolicy(counter.policy()).build();
        for (int i = 0; i < 25; i++) {
            store.putIfAbsent(String.format("rp/%03d", i), bytes("x"));
        }
        Iterator<ObjectInfo> it = store.list("rp/").iterator();
        for (int i = 0; i < 10; i++) {
            assertEquals(String.format("rp/%03d", i), it.next().key());
        }
        assertEquals(1, counter.listings.get(), "only the first page is fetched for the first 10 items");
        it.next();
        assertEquals(2, counter.listings.get());
        while (it.hasNext()) {
            it.next();
        }
        assertEquals(3, counter.listings.get());
    }

    @Test
    void sasTokenCredentialsWork() throws Exception {
        AzureBlobObjectStore admin = Azurite.newStoreBuilder("sas").build();
        BlobContainerClient container = Azurite.serviceClient().getBlobContainerClient(admin.containerName());
        String sas = container.generateSas(new BlobServiceSasSignatureValues(OffsetDateTime.now().plusHours(1),
                new BlobContainerSasPermission().setReadPermission(true).setWritePermission(true)
                        .setCreatePermission(true).setListPermission(true).setDeletePermission(true)));
        AzureBlobObjectStore viaSas = AzureBlobObjectStore.builder()
                .endpoint(container.getAccountUrl()).sasToken("?" + sas).containerName(admin.containerName())
                .retryOptions(Azurite.fastRetries()).build();
        assertTrue(viaSas.putIfAbsent("k", bytes("v")));
        assertArrayEquals(bytes("v"), read(admin.get("k")));
        assertFalse(viaSas.describe().contains("sig="));
        assertFalse(viaSas.blobUrl("k").contains("sig="));
    }

    @Test
    void describeNamesTheContainerButNoSecret() {
        AzureBlobObjectStore store = Azurite.newStoreBuilder("describe").build();
        assertTrue(store.describe().contains("azblob://devstoreaccount1/" + store.containerName()));
        assertFalse(store.describe().contains("AccountKey"));
        assertFalse(store.describe().contains("Eby8vdM02"));
    }
}
