package io.github.aksbackup.client;

import io.github.aksbackup.job.ProgressListener;
import io.github.aksbackup.spi.ObjectStore;

/**
 * Options of a restore.
 *
 * @param dryRun plan only: read the target and return what would be created, skipped, patched,
 *     recreated or failed, in order, without writing anything (not recorded as a job)
 * @param listener receives progress with counts and bytes, or {@code null}
 * @param crossRegionVault for a cross-region restore, the vault-tier store to read instead of the
 *     client's (for example the secondary region's replica of the vault account), or {@code null};
 *     only a restore from {@code VaultStore} may name one
 */
public record RestoreJobOptions(boolean dryRun, ProgressListener listener, ObjectStore crossRegionVault) {
    /** Options without a cross-region vault. */
    public RestoreJobOptions(boolean dryRun, ProgressListener listener) {
        this(dryRun, listener, null);
    }

    /** A real restore, no listener. */
    public static RestoreJobOptions defaults() {
        return new RestoreJobOptions(false, null);
    }

    /** A dry run. */
    public static RestoreJobOptions planOnly() {
        return new RestoreJobOptions(true, null);
    }

    /** These options with a progress listener. */
    public RestoreJobOptions withListener(ProgressListener l) {
        return new RestoreJobOptions(dryRun, l, crossRegionVault);
    }

    /**
     * These options restoring from another region's vault-tier store: the recovery point, its
     * objects and its exported volumes are read from {@code vault}; the restore's source data store
     * must be {@code VaultStore}.
     */
    public RestoreJobOptions fromCrossRegionVault(ObjectStore vault) {
        return new RestoreJobOptions(dryRun, listener, java.util.Objects.requireNonNull(vault, "vault"));
    }
}
