/**
 * The {@code aks-backup} command line ({@link io.github.aksbackup.cli.AksBackupCli}): a thin layer
 * of picocli commands over the SDK (policy, instance, backup, restore, recovery points, jobs,
 * vault, hooks, preflight, serve, demo); exit 0 ok, 1 failure, 2 bad input, {@code --json} where a
 * script reads the output.
 */
package io.github.aksbackup.cli;
