/**
 * Backup and restore hooks as the {@code BackupHook} / {@code RestoreHook} custom resources of
 * Azure Backup for AKS declare them: named hooks selecting pods, each with exec steps run
 * directly, never through a shell.
 */
package io.github.aksbackup.api.hook;
