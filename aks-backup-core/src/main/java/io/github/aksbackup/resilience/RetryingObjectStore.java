package io.github.aksbackup.resilience;

import io.github.aksbackup.api.AksBackupException;
import io.github.aksbackup.api.ErrorCode;
import io.github.aksbackup.api.NotFoundException;
import io.github.aksbackup.spi.ObjectInfo;
import io.github.aksbackup.spi.ObjectStore;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;

/**
 * An {@link ObjectStore} that repeats calls failing transiently ({@code StoreUnavailable},
 * {@code TooManyRequests}, {@code NetworkFailure}), as {@link RetryOptions} say. The repository opens
 * every store through it; {@link #capability} is forwarded to the store it wraps.
 *
 * <p>A failed call may have taken effect before its answer was lost (a timeout after the upload). A
 * repeated put that then finds the key compares the stored bytes with its own and reports the put
 * as its own when they are equal; a repeated delete that finds nothing reports the deletion. A
 * listing that fails part-way starts again after the last key it returned, which is correct because
 * listings are in key order. Streams given to {@link #putIfAbsent(String, InputStream, long)} are
 * repeated only when they support {@link InputStream#mark}.
 */
public final class RetryingObjectStore implements ObjectStore {
    private final ObjectStore delegate;
    private final Retrier retry;

    /** Retries calls of {@code delegate} as {@code options} say. */
    public RetryingObjectStore(ObjectStore delegate, RetryOptions options) {
        this(delegate, options, Clock.systemUTC(), Sleeper.THREAD);
    }

    /** For tests: time limits on {@code clock}, waits through {@code sleeper}. */
    RetryingObjectStore(ObjectStore delegate, RetryOptions options, Clock clock, Sleeper sleeper) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.retry = new Retrier("object store " + delegate.describe(), options, clock, sleeper);
    }

    /** {@code store} itself when it retries already, otherwise {@code store} with {@link RetryOptions#DEFAULTS}. */
    public static ObjectStore wrap(ObjectStore store) {
        return wrap(store, RetryOptions.DEFAULTS);
    }

    /** {@code store} itself when it retries already, otherwise {@code store} retried as {@code options} say. */
    public static ObjectStore wrap(ObjectStore store, RetryOptions options) {
        return store instanceof RetryingObjectStore ? store : new RetryingObjectStore(store, options);
    }

    /**
     * The store under {@code store}'s retries, or {@code store} when it does not retry: for components
     * the engine retries as a whole (a vault volume copier), whose store calls must not be retried twice.
     */
    public static ObjectStore unwrap(ObjectStore store) {
        return store instanceof RetryingObjectStore r ? r.delegate : store;
    }

    /** The store the calls go to. */
    public ObjectStore delegate() {
        return delegate;
    }

    /** The retry options. */
    public RetryOptions options() {
        return retry.options();
    }

    @Override
    public boolean putIfAbsent(String key, byte[] data) {
        return retry.run(attempt -> {
            boolean written = delegate.putIfAbsent(key, data);
            if (!written && attempt > 1) {
                return holds(key, data);
            }
            return written;
        });
    }

    /**
     * After a failed try, an existing object with exactly our bytes is taken for our own write. The
     * read is retried on its own: its transient failure says nothing about the write, and counting it
     * as a failed try of the write would make a lost answer cost two calls' worth of luck per try.
     */
    private boolean holds(String key, byte[] data) {
        try {
            return Arrays.equals(retry.run(attempt -> delegate.getBytes(key)), data);
        } catch (NotFoundException gone) {
            return false;
        }
    }

    @Override
    public boolean putIfAbsent(String key, InputStream data, long length) {
        if (!data.markSupported() || length >= Integer.MAX_VALUE) {
            return delegate.putIfAbsent(key, data, length);
        }
        data.mark((int) length + 1);
        return retry.run(attempt -> {
            if (attempt > 1) {
                try {
                    data.reset();
                } catch (IOException e) {
                    throw new AksBackupException(ErrorCode.INTERNAL, "cannot read the data for " + key
                            + " again to repeat the put: " + e.getMessage(), null, e);
                }
            }
            boolean written = delegate.putIfAbsent(key, data, length);
            if (!written && attempt > 1) {
                // Only the length can be compared without keeping the data; the key decides the rest.
                return retry.run(a -> delegate.stat(key)).map(i -> i.size() == length).orElse(false);
            }
            return written;
        });
    }

    @Override
    public InputStream get(String key) {
        return retry.run(attempt -> delegate.get(key));
    }

    @Override
    public InputStream getRange(String key, long offset, long length) {
        return retry.run(attempt -> delegate.getRange(key, offset, length));
    }

    @Override
    public byte[] getBytes(String key) {
        return retry.run(attempt -> delegate.getBytes(key));
    }

    @Override
    public Optional<ObjectInfo> stat(String key) {
        return retry.run(attempt -> delegate.stat(key));
    }

    @Override
    public boolean exists(String key) {
        return retry.run(attempt -> delegate.exists(key));
    }

    @Override
    public boolean delete(String key) {
        return retry.run(attempt -> delegate.delete(key) || attempt > 1);
    }

    @Override
    public Iterable<ObjectInfo> list(String prefix) {
        return () -> new ResumingIterator(prefix);
    }

    @Override
    public String describe() {
        return delegate.describe();
    }

    @Override
    public <T> Optional<T> capability(Class<T> type, String key) {
        return delegate.capability(type, key);
    }

    /** Lists {@code prefix}; after a transient failure lists again and skips what was returned already. */
    private final class ResumingIterator implements Iterator<ObjectInfo> {
        private final String prefix;
        private Iterator<ObjectInfo> current;
        private String lastKey;
        private ObjectInfo next;

        ResumingIterator(String prefix) {
            this.prefix = prefix;
        }

        @Override
        public boolean hasNext() {
            if (next == null) {
                next = retry.run(attempt -> advance(attempt > 1));
            }
            return next != null;
        }

        private ObjectInfo advance(boolean again) {
            if (current == null || again) {
                current = null;
                current = delegate.list(prefix).iterator();
            }
            while (current.hasNext()) {
                ObjectInfo o = current.next();
                if (lastKey == null || o.key().compareTo(lastKey) > 0) {
                    return o;
                }
            }
            return null;
        }

        @Override
        public ObjectInfo next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            ObjectInfo o = next;
            next = null;
            lastKey = o.key();
            return o;
        }
    }
}
