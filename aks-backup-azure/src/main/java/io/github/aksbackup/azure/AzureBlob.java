package io.github.aksbackup.azure;

import com.azure.storage.blob.models.BlobErrorCode;
import com.azure.storage.blob.models.BlobProperties;
import com.azure.storage.blob.models.BlobRequestConditions;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.models.CopyStatusType;
import com.azure.storage.blob.options.BlobBeginCopyOptions;
import com.azure.storage.blob.specialized.PageBlobClient;
import io.github.aksbackup.azure.internal.AzureErrors;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Direct access to one blob of an {@link AzureBlobObjectStore}, for copies that run inside the storage
 * service: what the store hands out as its {@linkplain io.github.aksbackup.spi.ObjectStore#capability
 * capability}, so that the disk snapshotter finds it however the store is wrapped (retried, under a
 * prefix). Writes through it are write-once like the store's.
 */
final class AzureBlob {
    private static final String STAGED = "aksbstaged";

    private final AzureBlobObjectStore store;
    private final String key;

    AzureBlob(AzureBlobObjectStore store, String key) {
        this.store = Objects.requireNonNull(store, "store");
        this.key = Objects.requireNonNull(key, "key");
    }

    /** The storage account holding the blob. */
    String accountName() {
        return store.accountName();
    }

    /** The blob's URL without any query string (no SAS): what an Azure disk import names as its source. */
    String url() {
        return store.blobUrl(key);
    }

    /** The blob's key in its container. */
    String key() {
        return key;
    }

    /** True when the blob exists. */
    boolean exists() {
        return store.exists(key);
    }

    /** Deletes the blob, when it exists. */
    void delete() {
        store.delete(key);
    }

    /**
     * Starts a server-side copy of {@code sourceUrl} (a SAS URL of a blob or disk snapshot) into the blob,
     * write-once: when the blob exists nothing is copied and {@code false} is returned. The copy runs in the
     * storage service; follow it with {@link #copyState}.
     */
    boolean startCopyFrom(String sourceUrl) {
        BlobBeginCopyOptions options = new BlobBeginCopyOptions(sourceUrl)
                .setDestinationRequestConditions(new BlobRequestConditions().setIfNoneMatch("*"))
                .setTier(store.tierFor(key))
                .setPollInterval(Duration.ofSeconds(1));
        try {
            // Only the start request is sent here; completion is followed through copyState.
            store.blobClient(key).beginCopy(options);
            return true;
        } catch (BlobStorageException e) {
            if (e.getStatusCode() == 409 && BlobErrorCode.BLOB_ALREADY_EXISTS.equals(e.getErrorCode())
                    || e.getStatusCode() == 412) {
                return false;
            }
            throw AzureErrors.map(e, "start copy into blob '" + key + "'", AzureBlobObjectStore.DATA_ROLE);
        } catch (RuntimeException e) {
            throw AzureErrors.map(e, "start copy into blob '" + key + "'", AzureBlobObjectStore.DATA_ROLE);
        }
    }

    /**
     * Creates the blob as an empty page blob of {@code size} bytes (replacing what is there: staging data is
     * written again from the start) and returns its client, for a restore's staged data.
     */
    PageBlobClient createPageBlob(long size) {
        PageBlobClient page = store.blobClient(key).getPageBlobClient();
        try {
            page.create(size, true);
        } catch (RuntimeException e) {
            throw AzureErrors.map(e, "create staging blob '" + key + "'", AzureBlobObjectStore.DATA_ROLE);
        }
        return page;
    }

    /** Marks staged data as completely written (metadata, set last). */
    void markStagingComplete() {
        try {
            store.blobClient(key).setMetadata(Map.of(STAGED, "true"));
        } catch (RuntimeException e) {
            throw AzureErrors.map(e, "mark staging blob '" + key + "' complete", AzureBlobObjectStore.DATA_ROLE);
        }
    }

    /** True when the blob exists and {@link #markStagingComplete} was called on it. */
    boolean isCompleteStaging() {
        try {
            return store.blobClient(key).exists()
                    && "true".equals(store.blobClient(key).getProperties().getMetadata().get(STAGED));
        } catch (RuntimeException e) {
            throw AzureErrors.map(e, "read staging blob '" + key + "'", AzureBlobObjectStore.DATA_ROLE);
        }
    }

    /** State of the last server-side copy into the blob. */
    CopyState copyState() {
        BlobProperties p;
        try {
            p = store.blobClient(key).getProperties();
        } catch (RuntimeException e) {
            throw AzureErrors.map(e, "read copy state of blob '" + key + "'", AzureBlobObjectStore.DATA_ROLE);
        }
        CopyStatusType status = p.getCopyStatus();
        if (status == null || status == CopyStatusType.SUCCESS) {
            return new CopyState(CopyState.Phase.Succeeded, p.getBlobSize(), null);
        }
        if (status == CopyStatusType.PENDING) {
            return new CopyState(CopyState.Phase.Pending, p.getBlobSize(), p.getCopyProgress());
        }
        return new CopyState(CopyState.Phase.Failed, p.getBlobSize(),
                status + (p.getCopyStatusDescription() == null ? "" : ": " + p.getCopyStatusDescription()));
    }

    /** Progress of a server-side copy. */
    record CopyState(Phase phase, long size, String detail) {
        enum Phase { Pending, Succeeded, Failed }
    }
}
