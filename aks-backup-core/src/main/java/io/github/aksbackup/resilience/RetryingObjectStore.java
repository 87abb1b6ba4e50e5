package io.github.aksbackup.resilience;

import io.github.aksbackup.api.NotFoundException;
import io.github.aksbackup.spi.ObjectInfo;
import io.github.aksbackup.spi.ObjectStore;
import io.github.resilience4j.retry.Retry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;

/**
 * An {@link ObjectStore} that repeats calls failing transiently (code {@code StoreUnavailable}), as
 * {@link RetryPolicy} says. The repository opens every store through it.
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
    private final RetryPolicy policy;
    private final Retry retry;

    /** Retries calls of {@code delegate} as {@code policy} says. */
    public RetryingObjectStore(ObjectStore delegate, RetryPolicy policy) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.retry = policy.newRetry("object store");
    }

    /** {@code store} itself when it retries already, otherwise {@code store} with {@link RetryPolicy#DEFAULTS}. */
    public static ObjectStore wrap(ObjectStore store) {
        return store instanceof RetryingObjectStore ? store : new RetryingObjectStore(store, RetryPolicy.DEFAULTS);
    }

    /** The store the calls go to. */
    public ObjectStore delegate() {
        return delegate;
    }

    /** The policy. */
    public RetryPolicy policy() {
        return policy;
    }

    @Override
    public boolean putIfAbsent(String key, byte[] data) {
        return RetryPolicy.run(retry, attempt -> {
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
            return Arrays.equals(RetryPolicy.run(retry, attempt -> delegate.getBytes(key)), data);
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
        return RetryPolicy.run(retry, attempt -> {
            if (attempt > 1) {
                try {
                    data.reset();
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot reread the data for " + key, e);
                }
            }
            boolean written = delegate.putIfAbsent(key, data, length);
            if (!written && attempt > 1) {
                // Only the length can be compared without keeping the data; the key decides the rest.
                return RetryPolicy.run(retry, a -> delegate.stat(key)).map(i -> i.size() == length).orElse(false);
            }
            return written;
        });
    }

    @Override
    public InputStream get(String key) {
        return RetryPolicy.run(retry, attempt -> delegate.get(key));
    }

    @Override
    public InputStream getRange(String key, long offset, long length) {
        return RetryPolicy.run(retry, attempt -> delegate.getRange(key, offset, length));
    }

    @Override
    public byte[] getBytes(String key) {
        return RetryPolicy.run(retry, attempt -> delegate.getBytes(key));
    }

    @Override
    public Optional<ObjectInfo> stat(String key) {
        return RetryPolicy.run(retry, attempt -> delegate.stat(key));
    }

    @Override
    public boolean exists(String key) {
        return RetryPolicy.run(retry, attempt -> delegate.exists(key));
    }

    @Override
    public boolean delete(String key) {
        return RetryPolicy.run(retry, attempt -> delegate.delete(key) || attempt > 1);
    }

    @Override
    public Iterable<ObjectInfo> list(String prefix) {
        return () -> new ResumingIterator(prefix);
    }

    @Override
    public String describe() {
        return delegate.describe();
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
                next = RetryPolicy.run(retry, attempt -> advance(attempt > 1));
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
