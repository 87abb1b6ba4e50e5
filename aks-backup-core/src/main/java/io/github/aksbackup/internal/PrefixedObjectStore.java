package io.github.aksbackup.internal;

import io.github.aksbackup.spi.ObjectInfo;
import io.github.aksbackup.spi.ObjectStore;
import java.io.InputStream;
import java.util.Iterator;
import java.util.Objects;
import java.util.Optional;

/** A view of another store under a key prefix, so that two repositories can share one container or directory. */
public final class PrefixedObjectStore implements ObjectStore {
    private final ObjectStore inner;
    private final String prefix;

    /** The keys of {@code inner} that start with {@code prefix} (which ends with {@code /}), without it. */
    public PrefixedObjectStore(ObjectStore inner, String prefix) {
        this.inner = Objects.requireNonNull(inner, "inner");
        if (prefix == null || !prefix.endsWith("/") || prefix.startsWith("/")) {
            throw new IllegalArgumentException("prefix must be a relative key ending with '/', was '" + prefix + "'");
        }
        this.prefix = prefix;
    }

    @Override
    public boolean putIfAbsent(String key, InputStream data, long length) {
        return inner.putIfAbsent(prefix + key, data, length);
    }

    @Override
    public InputStream get(String key) {
        return inner.get(prefix + key);
    }

    @Override
    public InputStream getRange(String key, long offset, long length) {
        return inner.getRange(prefix + key, offset, length);
    }

    @Override
    public byte[] getBytes(String key) {
        return inner.getBytes(prefix + key);
    }

    @Override
    public Iterable<ObjectInfo> list(String p) {
        Iterable<ObjectInfo> all = inner.list(prefix + p);
        return () -> {
            Iterator<ObjectInfo> it = all.iterator();
            return new Iterator<>() {
                @Override
                public boolean hasNext() {
                    return it.hasNext();
                }

                @Override
                public ObjectInfo next() {
                    ObjectInfo o = it.next();
                    return new ObjectInfo(o.key().substring(prefix.length()), o.size(), o.lastModified());
                }
            };
        };
    }

    @Override
    public Optional<ObjectInfo> stat(String key) {
        return inner.stat(prefix + key).map(o -> new ObjectInfo(key, o.size(), o.lastModified()));
    }

    @Override
    public boolean delete(String key) {
        return inner.delete(prefix + key);
    }

    @Override
    public String describe() {
        return inner.describe() + " under " + prefix;
    }

    @Override
    public <T> Optional<T> capability(Class<T> type, String key) {
        return inner.capability(type, prefix + key);
    }
}
