package io.github.aksbackup.restore;

import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Runs tasks on an executor the caller owns, at most {@code limit} at a time: up to {@code limit}
 * loops, each a task of the underlying executor, take queued tasks one after the other until
 * {@link #close()}. So a restore's parallelism holds whatever pool it is given (a shared cached pool,
 * the caller's own), the pool is never shut down by the restore, and an idle loop waits for the next
 * task the way a worker of a fixed pool does (a loop per task would hand the pool a task per object).
 * A pool of fewer threads than {@code limit} runs fewer loops at once; the others start as threads
 * free up. Tasks are queued by one thread.
 */
final class BoundedExecutor implements Executor, AutoCloseable {
    /** Ends the loop that takes it. */
    private static final Runnable STOP = () -> { };

    private final Executor inner;
    private final int limit;
    private final BlockingQueue<Runnable> queue = new LinkedBlockingQueue<>();
    private int loops;

    BoundedExecutor(Executor inner, int limit) {
        this.inner = Objects.requireNonNull(inner, "inner");
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, was " + limit);
        }
        this.limit = limit;
    }

    @Override
    public synchronized void execute(Runnable task) {
        queue.add(Objects.requireNonNull(task, "task"));
        if (loops < limit) {
            inner.execute(this::takeTasks);
            loops++;
        }
    }

    private void takeTasks() {
        while (true) {
            Runnable next;
            try {
                next = queue.take();
            } catch (InterruptedException notForThisLoop) {
                // Interrupts cancel tasks (they reach the task running); the loop ends only at close().
                continue;
            }
            if (next == STOP) {
                return;
            }
            // A task cancelled while it ran leaves its thread interrupted: not the next task's concern.
            Thread.interrupted();
            next.run();
        }
    }

    /** Ends the loops once they have run the tasks queued so far. */
    @Override
    public synchronized void close() {
        for (int i = 0; i < loops; i++) {
            queue.add(STOP);
        }
        loops = 0;
    }
}
