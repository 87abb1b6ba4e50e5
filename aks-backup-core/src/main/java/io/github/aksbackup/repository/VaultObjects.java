package io.github.aksbackup.repository;

import io.github.aksbackup.api.AksBackupException;
import io.github.aksbackup.api.DataCorruptionException;
import io.github.aksbackup.api.NotFoundException;
import io.github.aksbackup.spi.KeyProvider;
import io.github.aksbackup.spi.ObjectInfo;
import io.github.aksbackup.spi.ObjectStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The content objects of a vault as bytes in its store — packs, index files and manifests — written
 * under their hash (packs, index files) or key (manifests), sealed in an encrypted vault and opened
 * again when read, with the key id of every sealed object counted where a caller asks for it.
 * Thread-safe.
 */
final class VaultObjects {
    private static final Logger LOG = LoggerFactory.getLogger(VaultObjects.class);
    /** Kinds of sealed objects, part of their associated data. */
    private static final String PACK = "pack";
    private static final String INDEX = "index";
    private static final String MANIFEST = "manifest";

    private final ObjectStore store;
    /** The vault's encryption, or {@code null} when it is not encrypted. */
    private final VaultKeys keys;

    VaultObjects(ObjectStore store, VaultKeys keys) {
        this.store = store;
        this.keys = keys;
    }

    /** {@link Repository#readManifest(String, String)}, counting the manifest's key id in {@code keyIds}. */
    Manifest readManifest(String instanceName, String recoveryPointId, Map<String, Long> keyIds) {
        String key = Manifest.key(instanceName, recoveryPointId);
        byte[] data;
        try {
            data = store.getBytes(key);
        } catch (NotFoundException e) {
            throw new NotFoundException("recovery point " + recoveryPointId + " of instance " + instanceName
                    + " does not exist in " + store.describe());
        }
        if (keys != null) {
            count(keyIds, data);
            data = keys.open(MANIFEST, data, key, "manifest " + key);
        }
        return ManifestCodec.decode(data, key);
    }

    /** Writes a manifest (sealed in an encrypted vault); returns the bytes written, or -1 when it existed. */
    long putManifest(String key, byte[] encoded) {
        byte[] data = keys == null ? encoded : keys.seal(MANIFEST, encoded, 0, encoded.length, key);
        return store.putIfAbsent(key, data) ? data.length : -1;
    }

    private static void count(Map<String, Long> keyIds, byte[] sealed) {
        if (keyIds != null) {
            String id = VaultKeys.keyIdOf(sealed);
            if (id != null) {
                keyIds.merge(id, 1L, Long::sum);
            }
        }
    }

    /**
     * Loads every index file into one index. Damaged index files are skipped and named in
     * {@code damaged}: their blobs are then unknown, which costs deduplication (they are written
     * again) but never correctness; readers fall back to the packs' trailers.
     */
    BlobIndex loadIndex(List<String> damaged) {
        BlobIndex index = new BlobIndex();
        for (ObjectInfo o : store.list(RepositoryFormat.INDEX)) {
            loadIndexFile(o.key(), index, damaged);
        }
        return index;
    }

    /** Adds one index file's entries; returns the packs it names, or {@code null} when it is damaged. */
    List<BlobId> loadIndexFile(String key, BlobIndex index, List<String> damaged) {
        return loadIndexFile(key, index, damaged, null);
    }

    /**
     * {@link #loadIndexFile(String, BlobIndex, List)}, counting the file's key id in {@code keyIds}.
     *
     * @throws AksBackupException {@value KeyProvider#KEY_UNAVAILABLE} or {@value KeyProvider#KEY_MISMATCH}
     *     when the key that sealed the file is not available
     */
    List<BlobId> loadIndexFile(String key, BlobIndex index, List<String> damaged, Map<String, Long> keyIds) {
        BlobId expected = RepositoryFormat.indexOfKey(key);
        if (expected == null) {
            return null;
        }
        byte[] data;
        try {
            data = store.getBytes(key);
        } catch (NotFoundException e) {
            return null;
        }
        Map<BlobId, List<RepositoryFormat.PackEntry>> packs;
        try {
            if (!BlobId.of(data).equals(expected)) {
                throw new IllegalArgumentException("content does not match its SHA-256");
            }
            if (keys != null) {
                count(keyIds, data);
                data = keys.open(INDEX, data, null, "index file " + key);
            }
            packs = RepositoryFormat.decodeIndex(data, key);
        } catch (IllegalArgumentException | java.nio.BufferUnderflowException | DataCorruptionException e) {
            LOG.warn("index file {} is damaged ({}); its blobs will be found through the pack trailers", key, e.getMessage());
            damaged.add(key);
            return null;
        }
        List<BlobId> packIds = new ArrayList<>(packs.size());
        for (Map.Entry<BlobId, List<RepositoryFormat.PackEntry>> p : packs.entrySet()) {
            int pack = index.addPack(p.getKey());
            for (RepositoryFormat.PackEntry e : p.getValue()) {
                index.add(e.type(), e.id(), pack, e.offset(), e.length(), e.rawLength());
            }
            packIds.add(p.getKey());
        }
        return packIds;
    }

    /**
     * Writes an index file (sealed in an encrypted vault) under the hash of its stored bytes.
     *
     * @return its key, and the bytes written (0 when it existed)
     */
    StoredObject putIndexFile(byte[] encoded) {
        byte[] data = keys == null ? encoded : keys.seal(INDEX, encoded, 0, encoded.length, null);
        String key = RepositoryFormat.indexKey(BlobId.of(data));
        return new StoredObject(key, store.putIfAbsent(key, data) ? data.length : 0);
    }

    /**
     * Writes a finished pack: the first {@code length} bytes of {@code pack}, sealed in an encrypted vault,
     * under the hash of its stored bytes.
     *
     * @return its id, and the bytes written (0 when it existed)
     */
    StoredPack putPack(byte[] pack, int length) {
        if (keys == null) {
            BlobId id = BlobId.of(pack, 0, length);
            boolean written = store.putIfAbsent(RepositoryFormat.packKey(id), new java.io.ByteArrayInputStream(pack, 0, length), length);
            return new StoredPack(id, written ? length : 0);
        }
        byte[] data = keys.seal(PACK, pack, 0, length, null);
        BlobId id = BlobId.of(data);
        return new StoredPack(id, store.putIfAbsent(RepositoryFormat.packKey(id), data) ? data.length : 0);
    }

    /** An object written under the hash of its stored bytes. */
    record StoredObject(String key, long written) {
    }

    /** A pack written under the hash of its stored bytes. */
    record StoredPack(BlobId id, long written) {
    }

    /**
     * Fetches a whole pack, opened in an encrypted vault (where its hash is checked first: the hash binds
     * the sealed pack to its key).
     *
     * @throws DataCorruptionException when an encrypted pack is damaged or not the one its key names
     */
    Optional<byte[]> fetchPack(BlobId pack) {
        Optional<byte[]> stored = fetchStoredPack(pack);
        if (stored.isEmpty() || keys == null) {
            return stored;
        }
        if (!BlobId.of(stored.get()).equals(pack)) {
            throw new DataCorruptionException("pack " + pack.shortHex() + " is damaged: its content does not match its SHA-256");
        }
        return Optional.of(openPack(pack, stored.get()));
    }

    /** A pack's stored bytes (sealed in an encrypted vault). */
    Optional<byte[]> fetchStoredPack(BlobId pack) {
        try {
            return Optional.of(store.getBytes(RepositoryFormat.packKey(pack)));
        } catch (NotFoundException e) {
            return Optional.empty();
        }
    }

    /** The plain pack of stored bytes (themselves in an unencrypted vault). */
    byte[] openPack(BlobId pack, byte[] stored) {
        return keys == null ? stored : keys.open(PACK, stored, null, "pack " + pack.shortHex());
    }

    /** The key id of a sealed object, counted in {@code keyIds}; nothing in an unencrypted vault. */
    void countKey(Map<String, Long> keyIds, byte[] stored) {
        if (keys != null) {
            count(keyIds, stored);
        }
    }
}
