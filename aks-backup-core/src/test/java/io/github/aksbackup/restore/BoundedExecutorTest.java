package io.github.aksbackup.restore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BoundedExecutorTest {
    final ExecutorService pool = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    @Test
    void runsEveryTaskWithNoMoreAtOnceThanTheLimitOnAnUnboundedPool() throws Exception {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        CountDownLatch all = new CountDownLatch(2000);
        try (BoundedExecutor bounded = new BoundedExecutor(pool, 3)) {
            for (int i = 0; i < 2000; i++) {
                bounded.execute(() -> {
                    most.accumulateAndGet(running.incrementAndGet(), Math::max);
                    Thread.yield();
                    running.decrementAndGet();
                    done.incrementAndGet();
                    all.countDown();
                });
            }
            assertTrue(all.await(30, TimeUnit.SECONDS), "done: " + done.get());
        }
        assertEquals(2000, done.get());
        assertTrue(most.get() <= 3, "at most 3 at once, was " + most.get());
        assertFalse(pool.isShutdown(), "the caller's pool is left to the caller");
    }

    @Test
    void tasksRunInParallelUpToTheLimit() throws Exception {
        CountDownLatch bothStarted = new CountDownLatch(2);
        CountDownLatch finished = new CountDownLatch(2);
        try (BoundedExecutor bounded = new BoundedExecutor(pool, 2)) {
            for (int i = 0; i < 2; i++) {
                bounded.execute(() -> {
                    bothStarted.countDown();
                    try {
                        bothStarted.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    finished.countDown();
                });
            }
            assertTrue(finished.await(20, TimeUnit.SECONDS));
        }
        assertEquals(0, bothStarted.getCount(), "two tasks ran at the same time");
    }

    @Test
    void aPoolSmallerThanTheLimitRunsEveryTaskAndGetsItsThreadsBackAtClose() throws Exception {
        ExecutorService two = Executors.newFixedThreadPool(2);
        try {
            AtomicInteger done = new AtomicInteger();
            try (BoundedExecutor bounded = new BoundedExecutor(two, 8)) {
                for (int i = 0; i < 100; i++) {
                    bounded.execute(done::incrementAndGet);
                }
            }
            two.shutdown();
            assertTrue(two.awaitTermination(20, TimeUnit.SECONDS), "every loop ended after close()");
            assertEquals(100, done.get());
        } finally {
            two.shutdownNow();
        }
    }
}
