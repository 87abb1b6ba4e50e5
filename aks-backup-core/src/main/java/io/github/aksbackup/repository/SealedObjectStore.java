package io.github.aksbackup.repository;

import io.github.aksbackup.api.AksBackupException;
import io.github.aksbackup.api.ErrorCode;
import io.github.aksbackup.spi.ObjectInfo;
import io.github.aksbackup.spi.ObjectStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Optional;

/**
 * The records of an encrypted vault (catalog: instances, policies, schedule marks, jobs) as an
 * {@link ObjectStore}: every object put is sealed and bound to its key, every object read is opened.
 * Listed and stat'ed sizes are those of the sealed objects.
 */
final class SealedObjectStore implements ObjectStore {
    private static final String RECORD = "record";

    private final ObjectStore store;
    private final VaultKeys keys;

    SealedObjectStore(ObjectStore store, VaultKeys keys) {
        this.store = store;
        this.keys = keys;
    }

    @Override
    public boolean putIfAbsent(String key, InputStream data, long length) {
        byte[] plain;
        try {
            plain = data.readNBytes((int) Math.min(length, Integer.MAX_VALUE - 64));
        } catch (IOException e) {
            throw new AksBackupException(ErrorCode.INTERNAL, "cannot read the content of " + key + ": " + e.getMessage(), null, e);
        }
        return store.putIfAbsent(key, keys.seal(RECORD, plain, 0, plain.length, key));
    }

    @Override
    public boolean putIfAbsent(String key, byte[] data) {
        return store.putIfAbsent(key, keys.seal(RECORD, data, 0, data.length, key));
    }

    @Override
    public InputStream get(String key) {
        return new ByteArrayInputStream(getBytes(key));
    }

    @Override
    public byte[] getBytes(String key) {
        return keys.open(RECORD, store.getBytes(key), key, key);
    }

    @Override
    public InputStream getRange(String key, long offset, long length) {
        byte[] all = getBytes(key);
        int from = (int) Math.min(offset, all.length);
        return new ByteArrayInputStream(Arrays.copyOfRange(all, from, (int) Math.min(all.length, from + length)));
    }

    @Override
    public Iterable<ObjectInfo> list(String prefix) {
        return store.list(prefix);
    }

    @Override
    public Optional<ObjectInfo> stat(String key) {
        return store.stat(key);
    }

    @Override
    public boolean delete(String key) {
        return store.delete(key);
    }

    @Override
    public String describe() {
        return store.describe() + " (encrypted)";
    }

    /** The wrapped store's: what is written through a capability is not sealed. */
    @Override
    public <T> Optional<T> capability(Class<T> type, String key) {
        return store.capability(type, key);
    }
}
