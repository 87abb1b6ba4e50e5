package io.github.aksbackup.resilience;

import io.github.aksbackup.spi.ObjectInfo;
import io.github.aksbackup.spi.ObjectStore;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Runs several actors on real threads but lets only one of them run at a time, switching between
 * them at their store calls in an order a seeded random chooses: every seed is one reproducible
 * interleaving of the actors' vault operations.
 */
final class Interleaver {
    private static final long MAX_WAIT_NANOS = TimeUnit.SECONDS.toNanos(60);

    private final Random random;
    private final List<String> live = new ArrayList<>();
    private String running;
    private long switches;

    Interleaver(long seed, List<String> actors) {
        this.random = new Random(seed);
        this.live.addAll(actors);
        this.running = live.get(random.nextInt(live.size()));
    }

    /** A store whose every call by {@code actor} first waits for that actor's turn. */
    ObjectStore store(ObjectStore delegate, String actor) {
        return new GatedStore(delegate, actor);
    }

    /** Called by {@code actor} before a store call: hands the turn to a random actor and waits for its own. */
    synchronized void gate(String actor) {
        pick();
        awaitTurn(actor);
    }

    /** Called by {@code actor} as its first step. */
    synchronized void start(String actor) {
        awaitTurn(actor);
    }

    /** Called by {@code actor} when it is done (also after a failure). */
    synchronized void finish(String actor) {
        live.remove(actor);
        if (!live.isEmpty()) {
            pick();
        }
    }

    synchronized long switches() {
        return switches;
    }

    private void pick() {
        String next = live.get(random.nextInt(live.size()));
        if (!next.equals(running)) {
            switches++;
        }
        running = next;
        notifyAll();
    }

    private void awaitTurn(String actor) {
        long deadline = System.nanoTime() + MAX_WAIT_NANOS;
        while (!actor.equals(running)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new IllegalStateException(actor + " never got its turn; " + running + " holds it");
            }
            try {
                TimeUnit.NANOSECONDS.timedWait(this, left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
    }

    private final class GatedStore implements ObjectStore {
        private final ObjectStore delegate;
        private final String actor;

        GatedStore(ObjectStore delegate, String actor) {
            this.delegate = delegate;
            this.actor = actor;
        }

        private <T> T call(Supplier<T> s) {
            gate(actor);
            return s.get();
        }

        @Override
        public boolean putIfAbsent(String key, InputStream data, long length) {
            return call(() -> delegate.putIfAbsent(key, data, length));
        }

        @Override
        public InputStream get(String key) {
            return call(() -> delegate.get(key));
        }

        @Override
        public byte[] getBytes(String key) {
            return call(() -> delegate.getBytes(key));
        }

        @Override
        public Iterable<ObjectInfo> list(String prefix) {
            return () -> {
                Iterator<ObjectInfo> it = call(() -> delegate.list(prefix).iterator());
                return new Iterator<>() {
                    @Override
                    public boolean hasNext() {
                        return call(it::hasNext);
                    }

                    @Override
                    public ObjectInfo next() {
                        return it.next();
                    }
                };
            };
        }

        @Override
        public Optional<ObjectInfo> stat(String key) {
            return call(() -> delegate.stat(key));
        }

        @Override
        public boolean delete(String key) {
            return call(() -> delegate.delete(key));
        }

        @Override
        public String describe() {
            return delegate.describe();
        }
    }
}
