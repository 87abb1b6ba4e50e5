package io.github.aksbackup.azure;

import io.github.aksbackup.api.NotFoundException;
import io.github.aksbackup.azure.internal.ObjectKeys;
import io.github.aksbackup.testkit.ObjectStoreContract;
import io.github.aksbackup.spi.ObjectInfo;
import io.github.aksbackup.spi.ObjectStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * A plain in-memory {@link ObjectStore} standing for any store that is not Azure blob storage (a
 * directory vault), so the snapshotter's streaming export and upload hydration paths are exercised.
 * It passes {@link ObjectStoreContract} itself ({@link MapObjectStoreTest}).
 */
final class MapObjectStore implements ObjectStore {
    private final ConcurrentSkipListMap<String, byte[]> objects = new ConcurrentSkipListMap<>();

    @Override
    public boolean putIfAbsent(String key, InputStream data, long length) {
        ObjectKeys.requireValid(key);
        byte[] bytes;
        try {
            bytes = data.readNBytes((int) length);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (bytes.length != length) {
            throw new IllegalArgumentException("data ended after " + bytes.length + " of " + length + " bytes");
        }
        return objects.putIfAbsent(key, bytes) == null;
    }

    @Override
    public InputStream get(String key) {
        byte[] b = objects.get(ObjectKeys.requireValid(key));
        if (b == null) {
            throw new NotFoundException("no object " + key);
        }
        return new ByteArrayInputStream(b);
    }

    @Override
    public Iterable<ObjectInfo> list(String prefix) {
        List<ObjectInfo> out = objects.subMap(prefix, true, prefix + Character.MAX_VALUE, false).entrySet().stream()
                .map(e -> new ObjectInfo(e.getKey(), e.getValue().length, Instant.EPOCH.plusSeconds(1)))
                .toList();
        return out;
    }

    @Override
    public Optional<ObjectInfo> stat(String key) {
        byte[] b = objects.get(ObjectKeys.requireValid(key));
        return b == null ? Optional.empty() : Optional.of(new ObjectInfo(key, b.length, Instant.EPOCH.plusSeconds(1)));
    }

    @Override
    public boolean delete(String key) {
        return objects.remove(ObjectKeys.requireValid(key)) != null;
    }

    @Override
    public String describe() {
        return "in-memory store";
    }
}
