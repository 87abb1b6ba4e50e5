/**
 * What to restore and how: {@link io.github.aksbackup.api.restore.RestoreConfig} (recovery point,
 * tier, namespaces and types, namespace mapping, conflict policy, volume restore mode, hooks,
 * resource modifiers, staging location).
 */
package io.github.aksbackup.api.restore;
