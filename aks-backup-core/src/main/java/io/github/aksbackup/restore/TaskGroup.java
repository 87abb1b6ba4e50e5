package io.github.aksbackup.restore;

import io.github.aksbackup.api.AksBackupException;
import io.github.aksbackup.api.ErrorCode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.Semaphore;

/**
 * Tasks a restore started on an executor it does not own, so that it can wait for them and, when it
 * ends early, cancel (interrupt) those still running instead of shutting the executor down.
 * Thread-safe: workers may add tasks (restore hooks) while the restore waits.
 */
final class TaskGroup {
    private final Executor executor;
    private final List<Future<?>> tasks = new ArrayList<>();

    TaskGroup(Executor executor) {
        this.executor = executor;
    }

    /** Starts {@code task} on the executor. */
    void submit(Runnable task) {
        FutureTask<Void> f = new FutureTask<>(task, null);
        synchronized (tasks) {
            tasks.add(f);
        }
        executor.execute(f);
    }

    /** Tasks started and not yet waited for. */
    int size() {
        synchronized (tasks) {
            return tasks.size();
        }
    }

    /** Waits for every task started so far; a task's failure is rethrown. */
    void awaitAll() {
        List<Future<?>> started;
        synchronized (tasks) {
            started = new ArrayList<>(tasks);
            tasks.clear();
        }
        boolean done = false;
        try {
            for (Future<?> f : started) {
                try {
                    f.get();
                } catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                    throw new AksBackupException(ErrorCode.CANCELLED, "the restore was interrupted");
                } catch (ExecutionException ex) {
                    throw ex.getCause() instanceof RuntimeException r ? r : new AksBackupException(ErrorCode.INTERNAL, "a restore task failed: " + ex.getCause(), null, ex.getCause());
                }
            }
            done = true;
        } finally {
            if (!done) {
                started.forEach(f -> f.cancel(true));
            }
        }
    }

    /** Cancels, interrupting them, the tasks not waited for. */
    void cancelAll() {
        synchronized (tasks) {
            tasks.forEach(f -> f.cancel(true));
            tasks.clear();
        }
    }

    /** Takes a permit, or ends the restore when it is interrupted while waiting for one. */
    static void acquire(Semaphore s) {
        try {
            s.acquire();
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new AksBackupException(ErrorCode.CANCELLED, "the restore was interrupted");
        }
    }
}
