package io.github.aksbackup.repository;

import java.util.List;
import java.util.Objects;

/**
 * What a garbage collection did.
 *
 * @param deferredBecause why nothing was swept ({@code null} when the collection ran)
 * @param recoveryPoints manifests whose blobs were marked live
 * @param liveBlobs blobs still referenced
 * @param packsDeleted packs removed
 * @param bytesFreed bytes of the removed packs and index files
 * @param indexFilesReplaced index files replaced by the consolidated one
 * @param staleMarkersRemoved markers of crashed backups or collections removed
 * @param objectsLocked garbage the store's retention policy does not let go of yet; a later
 *     collection removes it
 * @param warnings problems met that did not stop the collection (for example a recovery point
 *     referencing a blob the vault does not hold)
 */
public record GcResult(String deferredBecause, int recoveryPoints, long liveBlobs, int packsDeleted, long bytesFreed,
        int indexFilesReplaced, int staleMarkersRemoved, int objectsLocked, List<String> warnings) {
    public GcResult {
        warnings = List.copyOf(Objects.requireNonNull(warnings, "warnings"));
    }

    /** True when collection was postponed because a backup was running. */
    public boolean deferred() {
        return deferredBecause != null;
    }
}
