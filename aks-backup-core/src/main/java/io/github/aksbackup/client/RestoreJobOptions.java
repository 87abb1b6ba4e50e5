package io.github.aksbackup.client;

import io.github.aksbackup.job.ProgressListener;
import io.github.aksbackup.restore.modifier.ResourceModifiers;
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
 * @param resourceModifiers resource modifier rules to apply (read from a local file, for example), or
 *     {@code null}; the restore configuration must then not name a {@code resourceModifierReference}
 * @param keepStaging for a restore from {@code VaultStore}: leave what was staged in the staging location
 *     (the data in the staging storage account, the staging snapshots) in place instead of deleting it
 *     when the restore ends; the job names each kept item in a warning
 */
public record RestoreJobOptions(boolean dryRun, ProgressListener listener, ObjectStore crossRegionVault,
        ResourceModifiers resourceModifiers, boolean keepStaging) {
    /** Options that clean up the staging location. */
    public RestoreJobOptions(boolean dryRun, ProgressListener listener, ObjectStore crossRegionVault,
            ResourceModifiers resourceModifiers) {
        this(dryRun, listener, crossRegionVault, resourceModifiers, false);
    }

    /** Options without a cross-region vault. */
    public RestoreJobOptions(boolean dryRun, ProgressListener listener) {
        this(dryRun, listener, null, null);
    }

    /** Options without resource modifier rules of their own. */
    public RestoreJobOptions(boolean dryRun, ProgressListener listener, ObjectStore crossRegionVault) {
        this(dryRun, listener, crossRegionVault, null);
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
        return new RestoreJobOptions(dryRun, l, crossRegionVault, resourceModifiers, keepStaging);
    }

    /**
     * These options restoring from another region's vault-tier store: the recovery point, its
     * objects and its exported volumes are read from {@code vault}; the restore's source data store
     * must be {@code VaultStore}.
     */
    public RestoreJobOptions fromCrossRegionVault(ObjectStore vault) {
        return new RestoreJobOptions(dryRun, listener, java.util.Objects.requireNonNull(vault, "vault"), resourceModifiers,
                keepStaging);
    }

    /**
     * These options applying the given resource modifier rules (see {@link ResourceModifiers#read}),
     * instead of those of a {@code resourceModifierReference}, which the configuration must then not name.
     */
    public RestoreJobOptions withResourceModifiers(ResourceModifiers rules) {
        return new RestoreJobOptions(dryRun, listener, crossRegionVault, java.util.Objects.requireNonNull(rules, "rules"),
                keepStaging);
    }

    /**
     * These options keeping what a vault-tier restore staged (see {@code keepStaging}), to inspect it;
     * the user deletes it afterwards.
     */
    public RestoreJobOptions keepingStaging() {
        return new RestoreJobOptions(dryRun, listener, crossRegionVault, resourceModifiers, true);
    }
}
