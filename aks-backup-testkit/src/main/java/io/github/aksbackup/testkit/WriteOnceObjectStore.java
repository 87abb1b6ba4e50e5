package io.github.aksbackup.testkit;

import io.github.aksbackup.api.AksBackupException;
import io.github.aksbackup.api.ErrorCode;
import io.github.aksbackup.spi.ObjectInfo;
import io.github.aksbackup.spi.ObjectStore;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An {@link ObjectStore} under a time-based retention policy, as an Azure container with a
 * time-based immutability policy (or an S3 bucket in compliance mode) behaves: an object cannot be
 * replaced at all, and cannot be deleted until {@code period} after it was written; such a delete
 * fails with code {@value ObjectStore#OBJECT_LOCKED}. Reads and new objects are unaffected.
 *
 * <p>Time comes from the clock, so tests move through the period without waiting. Every refused
 * delete is recorded ({@link #refusedDeletes()}). Thread-safe.
 */
public final class WriteOnceObjectStore implements ObjectStore {
    private final ObjectStore delegate;
    private final Duration period;
    private final Clock clock;
    private final List<String> refused = new ArrayList<>();

    /** {@code delegate} under a retention policy of {@code period}. */
    public WriteOnceObjectStore(ObjectStore delegate, Duration period, Clock clock) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.period = Objects.requireNonNull(period, "period");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (period.isNegative()) {
            throw new IllegalArgumentException("period must not be negative, was " + period);
        }
    }

    /** The retention period. */
    public Duration period() {
        return period;
    }

    /** The keys whose deletion was refused, in order (repeats included). */
    public List<String> refusedDeletes() {
        synchronized (refused) {
            return List.copyOf(refused);
        }
    }

    /** The only write: it never replaces an existing object, which is what the policy demands. */
    @Override
    public boolean putIfAbsent(String key, InputStream data, long length) {
        return delegate.putIfAbsent(key, data, length);
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
    public boolean delete(String key) {
        Optional<ObjectInfo> info = delegate.stat(key);
        if (info.isEmpty()) {
            return false;
        }
        Instant until = info.get().lastModified().plus(period);
        if (clock.instant().isBefore(until)) {
            synchronized (refused) {
                refused.add(key);
            }
            throw new AksBackupException(ErrorCode.OBJECT_LOCKED, key + " in " + describe() + " is immutable until " + until
                    + " (time-based retention of " + period + ")", "It can be deleted once the retention period has passed.", null);
        }
        return delegate.delete(key);
    }

    @Override
    public String describe() {
        return delegate.describe() + " (write-once, retention " + period + ")";
    }
}
