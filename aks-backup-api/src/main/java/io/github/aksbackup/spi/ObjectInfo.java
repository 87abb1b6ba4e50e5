package io.github.aksbackup.spi;

import java.time.Instant;
import java.util.Objects;

/** What an {@link ObjectStore} knows about one stored object: its key, size and last modification. */
public record ObjectInfo(String key, long size, Instant lastModified) {
    public ObjectInfo {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(lastModified, "lastModified");
    }
}
