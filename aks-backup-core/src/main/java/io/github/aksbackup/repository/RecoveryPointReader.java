package io.github.aksbackup.repository;

import io.github.aksbackup.api.AksBackupException;
import io.github.aksbackup.api.ErrorCode;
import io.github.aksbackup.internal.Compression;
import io.github.aksbackup.api.DataCorruptionException;
import io.github.aksbackup.spi.ObjectInfo;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Reads the entries and objects of recovery points, checking every blob against its SHA-256. Packs
 * are fetched whole and kept in a bounded cache, since objects of one type sit next to each other.
 * Thread-safe: a restore reads objects of one tier concurrently.
 */
public final class RecoveryPointReader {
    private final Repository repo;
    private final BlobIndex index;
    private final PackCache cache;
    private BlobIndex trailerIndex;

    RecoveryPointReader(Repository repo, BlobIndex index) {
        this.repo = repo;
        this.index = index;
        this.cache = new PackCache(repo, repo.options().packCacheBytes());
    }

    /**
     * The entries of a type section, lazily, one chunk in memory at a time.
     *
     * @throws DataCorruptionException (from the iterator) when a chunk is damaged or missing
     */
    public Iterable<ManifestEntry> entries(TypeSection section) {
        return () -> new Iterator<>() {
            private int nextChunk;
            private Iterator<ManifestEntry> current = Collections.emptyIterator();

            @Override
            public boolean hasNext() {
                while (!current.hasNext() && nextChunk < section.chunks().size()) {
                    current = chunk(section.chunks().get(nextChunk++)).iterator();
                }
                return current.hasNext();
            }

            @Override
            public ManifestEntry next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return current.next();
            }
        };
    }

    /** The entries of one chunk. */
    public List<ManifestEntry> chunk(BlobId chunk) {
        return ManifestCodec.decodeChunk(readBlob(chunk), chunk);
    }

    /**
     * The stored JSON tree of an object.
     *
     * @throws DataCorruptionException naming the object when its blob is damaged or missing
     */
    public Map<String, Object> readObject(ManifestEntry entry) {
        byte[] raw;
        try {
            raw = readBlob(entry.blob());
        } catch (DataCorruptionException e) {
            throw new DataCorruptionException(entry.qualifiedName() + ": " + e.getMessage());
        }
        try {
            return CanonicalJson.parse(raw);
        } catch (IllegalArgumentException e) {
            throw new DataCorruptionException(entry.qualifiedName() + ": blob " + entry.blob().shortHex() + " is not a JSON object");
        }
    }

    /**
     * The verified bytes of a blob.
     *
     * @throws DataCorruptionException when it is missing, or damaged in its pack
     */
    public byte[] readBlob(BlobId id) {
        BlobIndex.Location loc = index.locate(id);
        if (loc == null) {
            loc = trailerIndex().locate(id);
        }
        if (loc == null) {
            throw new DataCorruptionException("blob " + id.shortHex() + " is missing: no pack of the vault holds it");
        }
        String pack = loc.pack().shortHex();
        byte[] packBytes = cache.get(loc.pack()).orElseThrow(() -> new DataCorruptionException(
                "blob " + id.shortHex() + " is missing: its pack " + pack + " is gone"));
        byte[] raw;
        try {
            if ((long) loc.offset() + loc.length() > packBytes.length) {
                throw new IllegalArgumentException("the pack is shorter than the index says");
            }
            raw = Compression.decompress(packBytes, loc.offset(), loc.length(), loc.rawLength());
        } catch (IllegalArgumentException e) {
            throw new DataCorruptionException("blob " + id.shortHex() + " in pack " + pack + " is damaged: " + e.getMessage());
        }
        if (!BlobId.of(raw).equals(id)) {
            throw new DataCorruptionException("blob " + id.shortHex() + " in pack " + pack
                    + " is damaged: its content does not match its SHA-256");
        }
        return raw;
    }

    /**
     * An index built from the trailers of packs that no index file names, for blobs whose index file
     * is damaged. Built once, on the first miss.
     */
    private synchronized BlobIndex trailerIndex() {
        if (trailerIndex == null) {
            trailerIndex = new BlobIndex();
            java.util.Set<BlobId> indexed = new java.util.HashSet<>();
            for (int p = 0; p < index.packCount(); p++) {
                indexed.add(index.packId(p));
            }
            for (ObjectInfo o : repo.store().list(RepositoryFormat.PACKS)) {
                BlobId packId = RepositoryFormat.packOfKey(o.key());
                if (packId == null || indexed.contains(packId)) {
                    continue;
                }
                Optional<byte[]> bytes = repo.objects().fetchPack(packId);
                if (bytes.isEmpty()) {
                    continue;
                }
                try {
                    int pack = trailerIndex.addPack(packId);
                    for (RepositoryFormat.PackEntry e : RepositoryFormat.readTrailer(bytes.get(), packId.shortHex())) {
                        trailerIndex.add(e.type(), e.id(), pack, e.offset(), e.length(), e.rawLength());
                    }
                } catch (IllegalArgumentException | UnsupportedFormatException e) {
                    // A pack without a readable trailer cannot help; its blobs stay missing.
                }
            }
        }
        return trailerIndex;
    }

    /** A bounded least-recently-used cache of whole packs; concurrent requests for one pack fetch it once. */
    static final class PackCache {
        private final Repository repo;
        private final long maxBytes;
        private final LinkedHashMap<BlobId, CompletableFuture<Optional<byte[]>>> packs = new LinkedHashMap<>(16, 0.75f, true);
        private final Map<BlobId, Long> sizes = new LinkedHashMap<>();
        private long bytes;

        PackCache(Repository repo, long maxBytes) {
            this.repo = repo;
            this.maxBytes = maxBytes;
        }

        Optional<byte[]> get(BlobId pack) {
            CompletableFuture<Optional<byte[]>> f;
            boolean mine = false;
            synchronized (this) {
                f = packs.get(pack);
                if (f == null) {
                    f = new CompletableFuture<>();
                    packs.put(pack, f);
                    mine = true;
                }
            }
            if (mine) {
                try {
                    Optional<byte[]> data = repo.objects().fetchPack(pack);
                    f.complete(data);
                    synchronized (this) {
                        long n = data.map(d -> (long) d.length).orElse(0L);
                        sizes.put(pack, n);
                        bytes += n;
                        evict(pack);
                    }
                } catch (RuntimeException e) {
                    synchronized (this) {
                        packs.remove(pack);
                    }
                    f.completeExceptionally(e);
                }
            }
            try {
                return f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AksBackupException(ErrorCode.CANCELLED, "interrupted while reading pack " + pack.shortHex(), null, e);
            } catch (ExecutionException e) {
                throw e.getCause() instanceof RuntimeException r ? r
                        : new AksBackupException(ErrorCode.INTERNAL, "reading pack " + pack.shortHex() + " failed: " + e.getCause(),
                                null, e.getCause());
            }
        }

        private void evict(BlobId keep) {
            List<BlobId> order = new ArrayList<>(packs.keySet());
            for (BlobId b : order) {
                if (bytes <= maxBytes) {
                    return;
                }
                if (b.equals(keep) || !packs.get(b).isDone()) {
                    continue;
                }
                packs.remove(b);
                Long n = sizes.remove(b);
                bytes -= n == null ? 0 : n;
            }
        }
    }
}
