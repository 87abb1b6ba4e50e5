package io.github.aksbackup.client;

import io.github.aksbackup.job.ProgressListener;

/**
 * Options of an on-demand backup.
 *
 * @param retentionTagOverride the retention rule (tag) the recovery point gets instead of the policy's
 *     default, or {@code null}
 * @param listener receives progress with counts and bytes, or {@code null}
 */
public record BackupJobOptions(String retentionTagOverride, ProgressListener listener) {
    /** The policy's default tag, no listener. */
    public static BackupJobOptions defaults() {
        return new BackupJobOptions(null, null);
    }

    /** These options with a retention tag override. */
    public BackupJobOptions withRetentionTag(String tag) {
        return new BackupJobOptions(tag, listener);
    }

    /** These options with a progress listener. */
    public BackupJobOptions withListener(ProgressListener l) {
        return new BackupJobOptions(retentionTagOverride, l);
    }
}
