package io.github.aksbackup.backup;

import java.util.concurrent.Executor;
import java.util.concurrent.Executors;

/**
 * The prefetching executor of the backup engines tests make, shared by the tests of one JVM: daemon
 * threads, made as backups need them and ended after a minute idle, as the client's own are.
 */
public final class BackupThreads {
    /** Runs the prefetching of the tests' backups. */
    public static final Executor PREFETCH = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "test-backup-page-prefetch");
        t.setDaemon(true);
        return t;
    });

    private BackupThreads() {
    }
}
