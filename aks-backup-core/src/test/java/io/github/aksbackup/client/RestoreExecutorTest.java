package io.github.aksbackup.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.aksbackup.api.instance.BackupConfiguration;
import io.github.aksbackup.api.instance.BackupInstance;
import io.github.aksbackup.api.restore.RestoreConfig;
import io.github.aksbackup.restore.RestoreResult;
import io.github.aksbackup.testkit.FakeVolumeSnapshotter;
import io.github.aksbackup.testkit.Fixtures;
import io.github.aksbackup.testkit.InMemoryCluster;
import io.github.aksbackup.testkit.InMemoryObjectStore;
import io.github.aksbackup.testkit.ManualClock;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Which threads restores run on: the builder's executor, left running, or the client's own, ended by close(). */
class RestoreExecutorTest {
    static final String THREAD_PREFIX = "aks-backup-restore-";

    final ManualClock clock = new ManualClock(Instant.parse("2026-05-04T09:00:00Z"));
    final InMemoryCluster cluster = new InMemoryCluster(clock);
    final FakeVolumeSnapshotter volumes = new FakeVolumeSnapshotter(clock);
    final InMemoryObjectStore vault = new InMemoryObjectStore(clock);

    RestoreExecutorTest() {
        Fixtures.seedApp(cluster, volumes);
    }

    AksBackupClientBuilder builder() {
        return AksBackupClient.builder().vault(vault).cluster(cluster).volumeSnapshotter(volumes).clock(clock);
    }

    RestoreResult backUpAndRestore(AksBackupClient c) {
        c.configureProtection(new BackupInstance("prod", "aks-prod", "", BackupConfiguration.everything(), null, null),
                AksBackupClientTest.policy());
        String rp = c.backupNow("prod").recoveryPointId();
        return c.restore(RestoreConfig.builder().recoveryPointId(rp).mapNamespace("shop", "shop2").build());
    }

    @Test
    void restoresRunOnTheExecutorGivenToTheBuilderWhichTheClientLeavesRunning() {
        ExecutorService pool = Executors.newCachedThreadPool();
        AtomicInteger handedOver = new AtomicInteger();
        Executor counting = task -> {
            handedOver.incrementAndGet();
            pool.execute(task);
        };
        Set<Thread> before = restoreThreads();
        try {
            try (AksBackupClient c = builder().restoreExecutor(counting).buildClient()) {
                c.createVault();
                RestoreResult r = backUpAndRestore(c);
                assertEquals(0, r.job().counts().failed(), r.job().errors().toString());
                assertTrue(cluster.find("v1", "ConfigMap", "shop2", "settings").isPresent());
                Set<Thread> own = restoreThreads();
                own.removeAll(before);
                assertEquals(Set.of(), own, "no restore thread of the client's own");
            }
            assertTrue(handedOver.get() > 0, "the restore's workers ran on the given executor");
            assertFalse(pool.isShutdown(), "an executor the client was given is the caller's to shut down");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void theClientsOwnRestoreThreadsEndWhenItCloses() throws InterruptedException {
        Set<Thread> before = restoreThreads();
        Set<Thread> started;
        try (AksBackupClient c = builder().buildClient()) {
            c.createVault();
            RestoreResult r = backUpAndRestore(c);
            assertEquals(0, r.job().counts().failed(), r.job().errors().toString());
            started = restoreThreads();
            started.removeAll(before);
            assertFalse(started.isEmpty(), "the restore ran on threads the client made");
        }
        for (Thread t : started) {
            t.join(10_000);
            assertFalse(t.isAlive(), t.getName() + " still runs after close()");
        }
    }

    private static Set<Thread> restoreThreads() {
        Set<Thread> out = new HashSet<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith(THREAD_PREFIX)) {
                out.add(t);
            }
        }
        return out;
    }
}
