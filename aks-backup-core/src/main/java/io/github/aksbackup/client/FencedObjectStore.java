package io.github.aksbackup.client;

import io.github.aksbackup.api.AksBackupException;
import io.github.aksbackup.spi.ObjectInfo;
import io.github.aksbackup.spi.ObjectStore;
import java.io.InputStream;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The operational tier's store as scheduled backups write it: while a thread runs a backup inside
 * {@link #fenced}, every write and delete of that thread first asks the fence whether the backup must
 * stop (its engine lost the instance's lease, or the service abandoned it) and fails with that reason
 * if so. The backup's manifest is written on that thread, so a backup that lost its lease can never
 * commit a recovery point, whatever its cluster calls did before (a failed listing only fails one type).
 * Other threads, and writes outside {@link #fenced}, pass unchecked.
 */
final class FencedObjectStore implements ObjectStore {
    private static final ThreadLocal<Supplier<AksBackupException>> FENCE = new ThreadLocal<>();

    private final ObjectStore delegate;

    FencedObjectStore(ObjectStore delegate) {
        this.delegate = delegate;
    }

    /** Runs {@code work} on this thread with {@code fence} guarding its writes. */
    static <T> T fenced(Supplier<AksBackupException> fence, Supplier<T> work) {
        Supplier<AksBackupException> outer = FENCE.get();
        FENCE.set(fence);
        try {
            return work.get();
        } finally {
            if (outer == null) {
                FENCE.remove();
            } else {
                FENCE.set(outer);
            }
        }
    }

    private static void check() {
        Supplier<AksBackupException> fence = FENCE.get();
        AksBackupException stop = fence == null ? null : fence.get();
        if (stop != null) {
            throw stop;
        }
    }

    @Override
    public boolean putIfAbsent(String key, InputStream data, long length) {
        check();
        return delegate.putIfAbsent(key, data, length);
    }

    @Override
    public boolean putIfAbsent(String key, byte[] data) {
        check();
        return delegate.putIfAbsent(key, data);
    }

    @Override
    public <T> Optional<T> capability(Class<T> type, String key) {
        return delegate.capability(type, key);
    }

    @Override
    public InputStream get(String key) {
        return delegate.get(key);
    }

    @Override
    public InputStream getRange(String key, long offset, long length) {
        return delegate.getRange(key, offset, length);
    }

    @Override
    public byte[] getBytes(String key) {
        return delegate.getBytes(key);
    }

    @Override
    public Iterable<ObjectInfo> list(String prefix) {
        return delegate.list(prefix);
    }

    @Override
    public Optional<ObjectInfo> stat(String key) {
        return delegate.stat(key);
    }

    @Override
    public boolean exists(String key) {
        return delegate.exists(key);
    }

    @Override
    public boolean delete(String key) {
        check();
        return delegate.delete(key);
    }

    @Override
    public String describe() {
        return delegate.describe();
    }
}
