package io.github.aksbackup.repository;

import io.github.aksbackup.spi.ResourceType;
import java.util.List;
import java.util.Objects;

/**
 * The objects of one resource type in a recovery point: the type as discovery reported it, how many
 * objects and bytes, and the chunks listing them (in listing order).
 *
 * @param type the resource type (its verbs are not stored: a restore asks the target cluster)
 * @param count number of objects
 * @param bytes uncompressed canonical JSON bytes of those objects
 * @param chunks ids of the chunk blobs holding the entries
 */
public record TypeSection(ResourceType type, long count, long bytes, List<BlobId> chunks) {
    public TypeSection {
        Objects.requireNonNull(type, "type");
        chunks = List.copyOf(Objects.requireNonNull(chunks, "chunks"));
    }
}
