package io.github.aksbackup.restore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TaskGroupTest {
    final ExecutorService pool = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    @Test
    void aFailedTaskEndsTheWaitAndTheTasksStillRunningAreInterrupted() throws Exception {
        TaskGroup tasks = new TaskGroup(pool);
        CountDownLatch sleeping = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        IllegalStateException boom = new IllegalStateException("boom");
        tasks.submit(() -> {
            try {
                sleeping.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw boom;
        });
        tasks.submit(() -> {
            sleeping.countDown();
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                interrupted.countDown();
            }
        });
        assertSame(boom, assertThrows(IllegalStateException.class, tasks::awaitAll));
        assertTrue(interrupted.await(10, TimeUnit.SECONDS), "the other task was cancelled");
        assertEquals(0, tasks.size());
    }

    @Test
    void cancelAllInterruptsWhatWasNotWaitedFor() throws Exception {
        TaskGroup tasks = new TaskGroup(pool);
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        tasks.submit(() -> {
            started.countDown();
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                interrupted.countDown();
            }
        });
        assertTrue(started.await(10, TimeUnit.SECONDS));
        tasks.cancelAll();
        assertTrue(interrupted.await(10, TimeUnit.SECONDS));
    }
}
