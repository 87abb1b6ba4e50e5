package io.github.aksbackup.client;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The executors of a client: one given on the builder stays its owner's; one the client makes for
 * itself (daemon threads, made as work comes, ended after a minute idle) is shut down by {@link #close}.
 */
final class OwnedExecutors implements AutoCloseable {
    private final List<ExecutorService> owned = new CopyOnWriteArrayList<>();

    /** {@code given}, or a new pool of threads named {@code threadName-N} that {@link #close} shuts down. */
    Executor givenOrNew(Executor given, String threadName) {
        if (given != null) {
            return given;
        }
        AtomicInteger n = new AtomicInteger();
        ExecutorService pool = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, threadName + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        owned.add(pool);
        return pool;
    }

    /** Shuts down the pools made here; tasks already submitted still run to their end. */
    @Override
    public void close() {
        owned.forEach(ExecutorService::shutdown);
    }
}
