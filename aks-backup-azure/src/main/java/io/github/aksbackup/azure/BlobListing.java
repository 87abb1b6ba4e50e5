package io.github.aksbackup.azure;

import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.BlobItemProperties;
import io.github.aksbackup.azure.internal.AzureErrors;
import io.github.aksbackup.spi.ObjectInfo;
import java.time.Instant;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * A listing of an {@link AzureBlobObjectStore}: blob items as {@link ObjectInfo}, and a page request
 * that fails (the client fetches a page when the iterator runs out) as the SDK's exception.
 */
final class BlobListing implements Iterator<ObjectInfo> {
    private final Iterator<BlobItem> items;
    private final String operation;

    BlobListing(Iterator<BlobItem> items, String operation) {
        this.items = items;
        this.operation = operation;
    }

    @Override
    public boolean hasNext() {
        try {
            return items.hasNext();
        } catch (RuntimeException e) {
            throw AzureErrors.map(e, operation, AzureBlobObjectStore.DATA_ROLE);
        }
    }

    @Override
    public ObjectInfo next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        BlobItem item;
        try {
            item = items.next();
        } catch (RuntimeException e) {
            throw AzureErrors.map(e, operation, AzureBlobObjectStore.DATA_ROLE);
        }
        BlobItemProperties p = item.getProperties();
        Instant modified = p.getLastModified() == null ? Instant.EPOCH : p.getLastModified().toInstant();
        long size = p.getContentLength() == null ? 0 : p.getContentLength();
        return new ObjectInfo(item.getName(), size, modified);
    }
}
