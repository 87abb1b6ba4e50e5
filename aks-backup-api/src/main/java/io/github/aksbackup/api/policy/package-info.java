/**
 * Azure Backup for AKS backup policies as records: the schedule, the tagging criteria and the
 * retention rules with their operational and vault data stores and copy options ({@link
 * io.github.aksbackup.api.policy.BackupPolicy} is the root).
 */
package io.github.aksbackup.api.policy;
