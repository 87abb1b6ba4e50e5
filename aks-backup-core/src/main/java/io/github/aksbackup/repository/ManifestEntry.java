package io.github.aksbackup.repository;

import java.util.Objects;

/**
 * One object of a recovery point: its namespace ({@code null} when cluster-scoped) and name, the
 * blob holding its sanitized JSON, and that JSON's size.
 */
public record ManifestEntry(String namespace, String name, BlobId blob, long size) {
    public ManifestEntry {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(blob, "blob");
    }

    /** {@code namespace/name} or {@code name}. */
    public String qualifiedName() {
        return namespace == null ? name : namespace + "/" + name;
    }
}
