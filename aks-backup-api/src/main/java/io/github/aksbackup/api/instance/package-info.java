/**
 * Backup instances: a protected cluster under a policy ({@link
 * io.github.aksbackup.api.instance.BackupInstance}) with its backup configuration (namespaces,
 * resource types, label selectors, volumes, hooks, snapshot location) and protection state.
 */
package io.github.aksbackup.api.instance;
