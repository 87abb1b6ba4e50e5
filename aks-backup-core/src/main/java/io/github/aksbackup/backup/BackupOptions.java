package io.github.aksbackup.backup;

import java.time.Duration;
import java.util.Objects;

/**
 * Tuning of backups.
 *
 * @param pageSize objects per listed page: with the pack size, what bounds a backup's memory
 * @param snapshotTimeout how long a volume snapshot may take to become ready
 * @param snapshotPollInterval how often a pending snapshot's status is asked
 */
public record BackupOptions(int pageSize, Duration snapshotTimeout, Duration snapshotPollInterval) {
    /** 500 objects per page, snapshots ready within 10 minutes, polled every 2 seconds. */
    public static final BackupOptions DEFAULTS = new BackupOptions(500, Duration.ofMinutes(10), Duration.ofSeconds(2));

    public BackupOptions {
        if (pageSize < 1) {
            throw new IllegalArgumentException("pageSize must be at least 1, was " + pageSize);
        }
        Objects.requireNonNull(snapshotTimeout, "snapshotTimeout");
        Objects.requireNonNull(snapshotPollInterval, "snapshotPollInterval");
    }
}
