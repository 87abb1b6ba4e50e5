/**
 * The SDK's error model and shared value types: the one exception root {@link
 * io.github.aksbackup.api.AksBackupException} with its typed {@link
 * io.github.aksbackup.api.ErrorCode} (and the subclasses for bad input, conflicts, missing objects
 * and damaged data), ISO 8601 durations and the data stores of Azure Backup.
 */
package io.github.aksbackup.api;
