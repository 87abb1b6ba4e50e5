package io.github.aksbackup.testkit;

import io.github.aksbackup.api.AksBackupException;
import io.github.aksbackup.api.ErrorCode;
import io.github.aksbackup.spi.ObjectInfo;
import io.github.aksbackup.spi.ObjectStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * An {@link ObjectStore} that fails calls as a {@link FaultPlan} says, to test that the engine
 * survives an unreliable store. Injected failures are {@link AksBackupException}s with code
 * {@code StoreUnavailable} ({@code TooManyRequests} with a Retry-After for {@link FaultPlan.Kind#THROTTLED}), as a
 * remote store reports transient trouble; a crash is a
 * {@link SimulatedCrash}.
 *
 * <p>Operations: {@code put}, {@code get} (also ranges and whole reads), {@code stat}, {@code list}
 * (decided when a listing starts and before every 100th key, like the pages of a remote listing) and
 * {@code delete}. A {@link FaultPlan.Kind#TIMEOUT} carries the call out and then fails it; a
 * {@link FaultPlan.Kind#TRUNCATED_WRITE} hands the store a stream that ends early, which a correct
 * store must refuse without leaving an object.
 */
public final class FaultInjectingObjectStore implements ObjectStore {
    private static final int LIST_PAGE = 100;
    private static final ErrorCode CODE = ErrorCode.STORE_UNAVAILABLE;

    private final ObjectStore delegate;
    private final FaultPlan plan;

    /** Fails calls to {@code delegate} as {@code plan} says. */
    public FaultInjectingObjectStore(ObjectStore delegate, FaultPlan plan) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.plan = Objects.requireNonNull(plan, "plan");
    }

    /** The plan. */
    public FaultPlan plan() {
        return plan;
    }

    private AksBackupException failure(FaultPlan.Kind kind, String what) {
        return plan.failure(kind, CODE, what);
    }

    private <T> T call(String op, String key, Supplier<T> action) {
        return plan.run(op, key, CODE, action);
    }

    @Override
    public boolean putIfAbsent(String key, byte[] data) {
        return putIfAbsent(key, new ByteArrayInputStream(data), data.length);
    }

    @Override
    public boolean putIfAbsent(String key, InputStream data, long length) {
        FaultPlan.Kind kind = plan.decide("put", key);
        if (kind == null) {
            return delegate.putIfAbsent(key, data, length);
        }
        switch (kind) {
            case TIMEOUT -> {
                delegate.putIfAbsent(key, data, length);
                throw failure(kind, "put " + key + " timed out after the store carried it out");
            }
            case TRUNCATED_WRITE -> {
                long sent = length / 2;
                try {
                    delegate.putIfAbsent(key, new TruncatedStream(data, sent), length);
                } catch (RuntimeException refused) {
                    // What a correct store does with a short upload; the caller sees the dropped connection.
                }
                throw failure(kind, "put " + key + ": the connection dropped after " + sent + " of " + length + " bytes");
            }
            default -> throw failure(kind, "put " + key + (kind == FaultPlan.Kind.THROTTLED ? " was throttled (HTTP 429)" : " failed"));
        }
    }

    @Override
    public InputStream get(String key) {
        return call("get", key, () -> delegate.get(key));
    }

    @Override
    public InputStream getRange(String key, long offset, long length) {
        return call("get", key + "@" + offset, () -> delegate.getRange(key, offset, length));
    }

    @Override
    public byte[] getBytes(String key) {
        return call("get", key, () -> delegate.getBytes(key));
    }

    @Override
    public Optional<ObjectInfo> stat(String key) {
        return call("stat", key, () -> delegate.stat(key));
    }

    @Override
    public boolean exists(String key) {
        return call("stat", key, () -> delegate.exists(key));
    }

    @Override
    public boolean delete(String key) {
        return call("delete", key, () -> delegate.delete(key));
    }

    @Override
    public Iterable<ObjectInfo> list(String prefix) {
        return () -> {
            Iterator<ObjectInfo> it = call("list", prefix, () -> delegate.list(prefix).iterator());
            return new Iterator<>() {
                private int returned;
                private int checked;

                @Override
                public boolean hasNext() {
                    if (returned > checked && returned % LIST_PAGE == 0) {
                        checked = returned;
                        call("list", prefix + "#" + returned, () -> null);
                    }
                    return it.hasNext();
                }

                @Override
                public ObjectInfo next() {
                    if (!hasNext()) {
                        throw new NoSuchElementException();
                    }
                    returned++;
                    return it.next();
                }
            };
        };
    }

    @Override
    public String describe() {
        return delegate.describe();
    }

    /** The wrapped store's; calls through it are not subject to the plan. */
    @Override
    public <T> Optional<T> capability(Class<T> type, String key) {
        return delegate.capability(type, key);
    }

    /** A stream that ends after {@code limit} bytes of its source. */
    private static final class TruncatedStream extends InputStream {
        private final InputStream source;
        private long left;

        TruncatedStream(InputStream source, long limit) {
            this.source = source;
            this.left = limit;
        }

        @Override
        public int read() throws IOException {
            if (left <= 0) {
                return -1;
            }
            left--;
            return source.read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left <= 0) {
                return -1;
            }
            int n = source.read(b, off, (int) Math.min(len, left));
            if (n > 0) {
                left -= n;
            }
            return n;
        }
    }
}
