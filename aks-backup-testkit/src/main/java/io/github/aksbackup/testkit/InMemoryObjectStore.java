package io.github.aksbackup.testkit;

import io.github.aksbackup.api.NotFoundException;
import io.github.aksbackup.spi.ObjectInfo;
import io.github.aksbackup.spi.ObjectStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;

/**
 * An {@link ObjectStore} in memory: a vault for tests and examples that need no disk. Thread-safe;
 * objects are write-once like in every store.
 *
 * <p>{@link #tamper} changes a stored object behind the repository's back, to test that damage is
 * detected; nothing else can change an object once written.
 */
public final class InMemoryObjectStore implements ObjectStore {
    private record Stored(byte[] data, Instant lastModified) {
    }

    private final ConcurrentSkipListMap<String, Stored> objects = new ConcurrentSkipListMap<>();
    private final Clock clock;
    private final AtomicLong bytesWritten = new AtomicLong();

    /** A store whose objects carry the system time as their modification time. */
    public InMemoryObjectStore() {
        this(Clock.systemUTC());
    }

    /** A store whose objects carry {@code clock}'s time as their modification time. */
    public InMemoryObjectStore(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public boolean putIfAbsent(String key, InputStream data, long length) {
        ObjectStore.checkKey(key);
        if (objects.containsKey(key)) {
            return false;
        }
        byte[] bytes;
        try {
            bytes = data.readNBytes(Math.toIntExact(length));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the data for " + key, e);
        }
        if (bytes.length != length) {
            throw new IllegalArgumentException("data for " + key + " ended after " + bytes.length + " of " + length + " bytes");
        }
        boolean written = objects.putIfAbsent(key, new Stored(bytes, clock.instant())) == null;
        if (written) {
            bytesWritten.addAndGet(length);
        }
        return written;
    }

    @Override
    public InputStream get(String key) {
        return new ByteArrayInputStream(stored(key).data());
    }

    @Override
    public InputStream getRange(String key, long offset, long length) {
        byte[] d = stored(key).data();
        int from = (int) Math.min(offset, d.length);
        int n = (int) Math.min(length, d.length - from);
        return new ByteArrayInputStream(d, from, n);
    }

    @Override
    public byte[] getBytes(String key) {
        return stored(key).data().clone();
    }

    private Stored stored(String key) {
        Stored s = objects.get(key);
        if (s == null) {
            throw new NotFoundException("no object '" + key + "' in " + describe());
        }
        return s;
    }

    @Override
    public Iterable<ObjectInfo> list(String prefix) {
        Objects.requireNonNull(prefix, "prefix");
        return () -> {
            Map<String, Stored> view = prefix.isEmpty() ? objects : objects.subMap(prefix, true, prefix + Character.MAX_VALUE, false);
            return view.entrySet().stream().map(e -> info(e.getKey(), e.getValue())).iterator();
        };
    }

    @Override
    public Optional<ObjectInfo> stat(String key) {
        Stored s = objects.get(key);
        return s == null ? Optional.empty() : Optional.of(info(key, s));
    }

    private static ObjectInfo info(String key, Stored s) {
        return new ObjectInfo(key, s.data().length, s.lastModified());
    }

    @Override
    public boolean delete(String key) {
        return objects.remove(key) != null;
    }

    @Override
    public String describe() {
        return "in-memory store";
    }

    /** Replaces a stored object's bytes, as disk damage or an attacker would; for tests. */
    public void tamper(String key, UnaryOperator<byte[]> change) {
        Stored s = stored(key);
        objects.put(key, new Stored(change.apply(s.data().clone()), s.lastModified()));
    }

    /** Every key, in order; for tests. */
    public List<String> keys() {
        return new ArrayList<>(objects.keySet());
    }

    /** Total bytes stored by successful puts since creation. */
    public long bytesWritten() {
        return bytesWritten.get();
    }
}
