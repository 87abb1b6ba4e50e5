package io.github.aksbackup.cli;

import io.github.aksbackup.api.NotFoundException;
import io.github.aksbackup.spi.ObjectInfo;
import io.github.aksbackup.spi.ObjectStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * A view of a store that takes writes and deletions into memory and leaves the store untouched, so
 * that an operation (a garbage collection) can run as it would and report what it would change.
 */
final class DryRunObjectStore implements ObjectStore {
    private final ObjectStore base;
    private final ConcurrentSkipListMap<String, byte[]> written = new ConcurrentSkipListMap<>();
    private final Set<String> deleted = ConcurrentHashMap.newKeySet();

    DryRunObjectStore(ObjectStore base) {
        this.base = base;
    }

    @Override
    public boolean putIfAbsent(String key, InputStream data, long length) {
        if (exists(key)) {
            return false;
        }
        try {
            written.put(key, data.readNBytes((int) Math.min(length, Integer.MAX_VALUE)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the data for " + key, e);
        }
        deleted.remove(key);
        return true;
    }

    @Override
    public InputStream get(String key) {
        byte[] b = written.get(key);
        if (b != null) {
            return new ByteArrayInputStream(b);
        }
        if (deleted.contains(key)) {
            throw new NotFoundException("no object '" + key + "' in " + describe());
        }
        return base.get(key);
    }

    @Override
    public Iterable<ObjectInfo> list(String prefix) {
        List<ObjectInfo> out = new ArrayList<>();
        Map<String, byte[]> mine = written.subMap(prefix, true, prefix + Character.MAX_VALUE, false);
        for (ObjectInfo o : base.list(prefix)) {
            if (!deleted.contains(o.key()) && !mine.containsKey(o.key())) {
                out.add(o);
            }
        }
        mine.forEach((k, v) -> out.add(new ObjectInfo(k, v.length, Instant.now())));
        out.sort(java.util.Comparator.comparing(ObjectInfo::key));
        return out;
    }

    @Override
    public Optional<ObjectInfo> stat(String key) {
        byte[] b = written.get(key);
        if (b != null) {
            return Optional.of(new ObjectInfo(key, b.length, Instant.now()));
        }
        return deleted.contains(key) ? Optional.empty() : base.stat(key);
    }

    @Override
    public boolean delete(String key) {
        boolean existed = exists(key);
        written.remove(key);
        if (existed) {
            deleted.add(key);
        }
        return existed;
    }

    @Override
    public String describe() {
        return base.describe() + " (dry run)";
    }
}
