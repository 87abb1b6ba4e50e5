package io.github.aksbackup.repository;

import java.time.Duration;
import java.util.Objects;

/**
 * Tuning of a {@link Repository}.
 *
 * @param packTargetBytes a pack is closed and uploaded once it holds this many compressed bytes
 *     (default 4 MiB): large enough to keep the object count of the store low, small enough to bound
 *     the memory of a backup and to make a damaged pack cost little
 * @param packCacheBytes how many bytes of packs a reader keeps in memory (default 64 MiB)
 * @param staleAfter a backup session or garbage collection whose marker is older than this is taken
 *     for crashed (default 6 h; longer than any backup is expected to run)
 * @param indexFlushPacks an index file is written after this many packs (default 4), which bounds
 *     the index entries a backup holds before writing them
 */
public record RepositoryOptions(int packTargetBytes, long packCacheBytes, Duration staleAfter, int indexFlushPacks) {
    /** The defaults. */
    public static final RepositoryOptions DEFAULTS = new RepositoryOptions(4 << 20, 64L << 20, Duration.ofHours(6), 4);

    public RepositoryOptions {
        if (packTargetBytes < 1024) {
            throw new IllegalArgumentException("packTargetBytes must be at least 1024, was " + packTargetBytes);
        }
        if (packCacheBytes < 0) {
            throw new IllegalArgumentException("packCacheBytes must not be negative, was " + packCacheBytes);
        }
        Objects.requireNonNull(staleAfter, "staleAfter");
        if (staleAfter.isNegative() || staleAfter.isZero()) {
            throw new IllegalArgumentException("staleAfter must be positive, was " + staleAfter);
        }
        if (indexFlushPacks < 1) {
            throw new IllegalArgumentException("indexFlushPacks must be at least 1, was " + indexFlushPacks);
        }
    }

    /** These options with another pack size. */
    public RepositoryOptions withPackTargetBytes(int bytes) {
        return new RepositoryOptions(bytes, packCacheBytes, staleAfter, indexFlushPacks);
    }

    /** These options with another staleness limit. */
    public RepositoryOptions withStaleAfter(Duration d) {
        return new RepositoryOptions(packTargetBytes, packCacheBytes, d, indexFlushPacks);
    }
}
