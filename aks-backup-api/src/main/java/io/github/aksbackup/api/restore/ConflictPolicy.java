package io.github.aksbackup.api.restore;

/**
 * What a restore does when an object it would create already exists in the target cluster.
 * {@code Skip} and {@code Patch} are Azure's; {@code Recreate} and {@code Fail} go beyond it.
 */
public enum ConflictPolicy {
    /** Leave the existing object alone and report it as skipped (the default). */
    Skip,
    /** Merge-patch the backed-up fields onto the existing object. */
    Patch,
    /** Delete the existing object and create the backed-up one. */
    Recreate,
    /** Report the item as failed and carry on with the others. */
    Fail
}
