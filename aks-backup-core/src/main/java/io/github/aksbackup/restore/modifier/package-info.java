/**
 * Restore resource modifiers (Velero's format, which Azure Backup for AKS reads too): rules that
 * change objects before a restore creates them; {@link io.github.aksbackup.restore.modifier.ResourceModifiers}
 * is the entry point.
 *
 * <p><b>Libraries.</b> JSON Patch (RFC 6902, with JSON Pointer, RFC 6901) and JSON merge patch
 * (RFC 7386) come from Eclipse Parsson, the maintained implementation of the Jakarta JSON Processing
 * API: one jar whose only dependency is that API, so it adds nothing the rest of the build must
 * converge with; the JSON Patch libraries built on Jackson bring their own dependency trees, and
 * Jackson has none of its own. Parsson works on JSON-P values, so a rule that patches converts the
 * object from the engine's map-and-list tree and back (objects are small; only objects a rule matches
 * pay for it). A {@code test} is evaluated here rather than by Parsson, which compares numbers with
 * their scale ({@code 1} is not {@code 1.0}) where Velero compares their values. No Java library
 * implements Kubernetes' strategic merge patch; {@code StrategicMerge} does, with the merge keys the
 * cluster publishes ({@link io.github.aksbackup.spi.ClusterClient#patchMetadata}).
 */
package io.github.aksbackup.restore.modifier;
