package io.github.aksbackup.repository;

import io.github.aksbackup.internal.Compression;
import io.github.aksbackup.api.ConflictException;
import io.github.aksbackup.api.recovery.RecoveryPoint;
import io.github.aksbackup.spi.ResourceType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one recovery point: objects type by type, then {@link #commit} writes the manifest. Memory
 * stays bounded by two packs (one filling, one being written in the background), one open entry chunk
 * and the index rows of the packs written since the last index file, whatever the number of objects.
 * Not thread-safe: one backup feeds one writer (only {@link #prepare} may run on other threads).
 *
 * <p>Closing without commit leaves only unreferenced packs behind, which garbage collection reclaims.
 */
public final class RecoveryPointWriter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RecoveryPointWriter.class);
    /** Entries per chunk: a boundary falls on average every 1024 entries, and at the latest after this many. */
    static final int MAX_CHUNK_ENTRIES = 4096;
    private static final int CHUNK_BOUNDARY_MASK = 1023;

    private final Repository repo;
    private final String instanceName;
    private final String recoveryPointId;
    private final String sessionKey;
    private final BlobIndex index;
    private final boolean deduplicating;

    /** Built lazily and reused for every other pack of this recovery point. */
    private RepositoryFormat.PackBuilder pack;
    /** The other pack buffer: the pack being written while {@link #pack} fills, then reused. */
    private RepositoryFormat.PackBuilder spare;
    /**
     * Writes full packs while the next one fills, so that writing (and sealing) a pack overlaps with
     * compressing objects; one pack at most is in flight. Started with the first pack.
     */
    private java.util.concurrent.ExecutorService packWriter;
    private java.util.concurrent.Future<VaultObjects.StoredPack> packInFlight;
    private int packInFlightOrdinal;
    private int packInFlightBlobs;
    private int packInFlightBytes;
    private boolean packOpen;
    private int packOrdinal;
    private int packsSinceIndex;
    private int firstUnindexedOrdinal;

    private ResourceType currentType;
    private final List<ManifestEntry> chunk = new ArrayList<>();
    private final List<BlobId> typeChunks = new ArrayList<>();
    private long typeCount;
    private long typeBytes;
    private final List<TypeSection> sections = new ArrayList<>();

    private long objectCount;
    private long totalBytes;
    private long newObjects;
    private long bytesWritten;
    private boolean committed;
    private boolean closed;

    RecoveryPointWriter(Repository repo, String instanceName, String recoveryPointId) {
        this.repo = repo;
        this.instanceName = instanceName;
        this.recoveryPointId = recoveryPointId;
        if (repo.exists(instanceName, recoveryPointId)) {
            throw new ConflictException("recovery point " + recoveryPointId + " of instance " + instanceName + " exists already");
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("instance", instanceName);
        details.put("recoveryPoint", recoveryPointId);
        this.sessionKey = repo.runMarkers().start(RepositoryFormat.SESSIONS, recoveryPointId + "-" + UUID.randomUUID(), details);
        // Looked at only after our own marker exists: see Repository's class comment.
        Map<String, java.time.Instant> gcRuns = repo.runMarkers().live(RepositoryFormat.GC, new ArrayList<>());
        this.deduplicating = gcRuns.isEmpty();
        if (!deduplicating) {
            LOG.info("garbage collection {} is running: this backup writes every object afresh", gcRuns.keySet());
        }
        this.index = deduplicating ? repo.objects().loadIndex(new ArrayList<>()) : new BlobIndex();
        this.firstUnindexedOrdinal = index.size();
    }

    /** What {@link #add} did with an object. */
    public record AddResult(BlobId blob, int size, boolean stored) {
    }

    /** Starts the objects of a type; every {@link #add} until {@link #endType} belongs to it. */
    public void beginType(ResourceType type) {
        checkOpen();
        if (currentType != null) {
            throw new IllegalStateException("type " + currentType + " is still open");
        }
        currentType = type;
        typeCount = 0;
        typeBytes = 0;
    }

    /**
     * Adds an object (its sanitized JSON tree) to the current type.
     *
     * @return its blob id and size, and whether its bytes were new to the vault
     */
    public AddResult add(String namespace, String name, Map<String, Object> sanitized) {
        return add(namespace, name, prepare(sanitized));
    }

    /**
     * An object's stored form, made ready for {@link #add(String, String, Prepared)}: its canonical
     * bytes and their hash, and possibly already compressed — the part of adding an object that needs
     * no writer and so can run on another thread while the writer takes the objects before it.
     */
    public static final class Prepared {
        private final byte[] raw;
        private final BlobId id;
        /** Compressed ahead, or {@code null}: compressing is wasted on objects the vault holds already. */
        private final byte[] compressed;

        private Prepared(byte[] raw, boolean compress) {
            this.raw = raw;
            this.id = BlobId.of(raw);
            this.compressed = compress ? Compression.compress(raw) : null;
        }
    }

    /** Prepares an object (its sanitized JSON tree) for {@link #add(String, String, Prepared)}; thread-safe. */
    public static Prepared prepare(Map<String, Object> sanitized) {
        return prepare(sanitized, false);
    }

    /**
     * Prepares an object and, when {@code compress}, also compresses it, which pays when the object is
     * likely new to the vault (a first backup); thread-safe.
     */
    public static Prepared prepare(Map<String, Object> sanitized, boolean compress) {
        return new Prepared(CanonicalJson.write(sanitized), compress);
    }

    /**
     * {@link #prepare(Map, boolean)} for an object already in its canonical form ({@link CanonicalJson});
     * thread-safe.
     */
    public static Prepared prepareCanonical(byte[] canonical, boolean compress) {
        return new Prepared(canonical, compress);
    }

    /** Adds a prepared object to the current type, as {@link #add(String, String, Map)} does. */
    public AddResult add(String namespace, String name, Prepared object) {
        checkOpen();
        if (currentType == null) {
            throw new IllegalStateException("beginType first");
        }
        byte[] raw = object.raw;
        int before = index.size();
        BlobId id = storeBlob(BlobType.OBJECT, raw, object.id, object.compressed);
        boolean stored = index.size() > before;
        if (stored) {
            newObjects++;
        }
        chunk.add(new ManifestEntry(namespace, name, id, raw.length));
        typeCount++;
        typeBytes += raw.length;
        objectCount++;
        totalBytes += raw.length;
        if (chunk.size() >= MAX_CHUNK_ENTRIES || isBoundary(namespace, name)) {
            flushChunk();
        }
        return new AddResult(id, raw.length, stored);
    }

    /** A boundary depends on the key only, so that unchanged neighbours keep their chunks. */
    private static boolean isBoundary(String namespace, String name) {
        int h = (namespace == null ? name : namespace + "/" + name).hashCode() * 0x9E3779B9;
        h ^= h >>> 16;
        return (h & CHUNK_BOUNDARY_MASK) == 0;
    }

    /** Ends the current type; types without objects leave no section. */
    public void endType() {
        checkOpen();
        flushChunk();
        if (typeCount > 0) {
            ResourceType t = currentType;
            sections.add(new TypeSection(new ResourceType(t.group(), t.version(), t.kind(), t.plural(), t.namespaced(), java.util.Set.of()),
                    typeCount, typeBytes, typeChunks));
        }
        typeChunks.clear();
        currentType = null;
    }

    /**
     * Forgets what was added to the current type, for a listing that had to start over; the type stays
     * open. Blobs already stored stay and are simply found again.
     */
    public void restartType() {
        checkOpen();
        chunk.clear();
        typeChunks.clear();
        objectCount -= typeCount;
        totalBytes -= typeBytes;
        typeCount = 0;
        typeBytes = 0;
    }

    private void flushChunk() {
        if (chunk.isEmpty()) {
            return;
        }
        typeChunks.add(storeBlob(BlobType.CHUNK, ManifestCodec.encodeChunk(chunk)));
        chunk.clear();
    }

    private BlobId storeBlob(BlobType type, byte[] raw) {
        return storeBlob(type, raw, BlobId.of(raw), null);
    }

    private BlobId storeBlob(BlobType type, byte[] raw, BlobId id, byte[] compressedAhead) {
        if (index.find(id) >= 0) {
            return id;
        }
        if (!packOpen) {
            if (pack == null) {
                pack = new RepositoryFormat.PackBuilder(repo.options().packTargetBytes() + 64 * 1024);
            }
            pack.reset();
            packOpen = true;
            packOrdinal = index.addPack(null);
        }
        byte[] compressed = compressedAhead != null ? compressedAhead : Compression.compress(raw);
        int offset = pack.add(type, id, compressed, raw.length);
        index.add(type, id, packOrdinal, offset, compressed.length, raw.length);
        if (pack.size() >= repo.options().packTargetBytes()) {
            flushPack();
        }
        return id;
    }

    private void flushPack() {
        if (!packOpen) {
            return;
        }
        pack.finish();
        awaitPack();
        RepositoryFormat.PackBuilder full = pack;
        if (packWriter == null) {
            packWriter = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "pack-writer-" + recoveryPointId);
                t.setDaemon(true);
                return t;
            });
        }
        packInFlightOrdinal = packOrdinal;
        packInFlightBlobs = full.count();
        packInFlightBytes = full.size();
        packInFlight = packWriter.submit(() -> repo.objects().putPack(full.bytes(), full.size()));
        pack = spare;
        spare = full;
        packOpen = false;
        if (++packsSinceIndex >= repo.options().indexFlushPacks()) {
            flushIndex();
        }
    }

    /**
     * Waits for the pack in flight and records where it went. A failure to write it surfaces here, on
     * the writer's thread, as the exception the store threw.
     */
    private void awaitPack() {
        if (packInFlight == null) {
            return;
        }
        java.util.concurrent.Future<VaultObjects.StoredPack> f = packInFlight;
        packInFlight = null;
        VaultObjects.StoredPack stored;
        try {
            stored = f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new io.github.aksbackup.api.AksBackupException(io.github.aksbackup.api.ErrorCode.CANCELLED, "interrupted while writing a pack", null, e);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new io.github.aksbackup.api.AksBackupException(io.github.aksbackup.api.ErrorCode.INTERNAL,
                    "writing a pack failed: " + e.getCause(), null, e.getCause());
        }
        index.setPackId(packInFlightOrdinal, stored.id());
        bytesWritten += stored.written();
        packInFlightBytes = 0;
        LOG.debug("wrote pack {} with {} blobs, {} bytes", stored.id().shortHex(), packInFlightBlobs, stored.written());
    }

    /** Writes an index file for every blob stored since the last one; called with no pack open. */
    private void flushIndex() {
        // An index file names only packs that exist.
        awaitPack();
        int end = index.size();
        if (end == firstUnindexedOrdinal) {
            return;
        }
        bytesWritten += repo.objects().putIndexFile(RepositoryFormat.encodeIndex(index, firstUnindexedOrdinal, end, p -> true)).written();
        firstUnindexedOrdinal = end;
        packsSinceIndex = 0;
    }

    /**
     * Writes the remaining pack, the index and then the manifest, which makes the recovery point
     * exist. {@code recoveryPoint}'s object count and bytes are replaced by what was added.
     *
     * @throws ConflictException when a recovery point with that id exists
     */
    public Manifest commit(RecoveryPoint recoveryPoint, String jobId, String clusterRef, String policyName,
            Map<String, Object> configuration) {
        checkOpen();
        if (currentType != null) {
            throw new IllegalStateException("type " + currentType + " is still open");
        }
        if (!recoveryPoint.id().equals(recoveryPointId) || !recoveryPoint.instanceName().equals(instanceName)) {
            throw new IllegalArgumentException("the recovery point must be " + instanceName + "/" + recoveryPointId);
        }
        flushPack();
        flushIndex();
        RecoveryPoint rp = new RecoveryPoint(recoveryPoint.id(), recoveryPoint.instanceName(), recoveryPoint.time(),
                recoveryPoint.type(), recoveryPoint.tag(), recoveryPoint.status(), recoveryPoint.stores(), objectCount,
                totalBytes, recoveryPoint.volumeSnapshots());
        Manifest m = new Manifest(rp, jobId, clusterRef, policyName, configuration, sections);
        long written = repo.objects().putManifest(Manifest.key(instanceName, recoveryPointId), ManifestCodec.encode(m));
        if (written < 0) {
            throw new ConflictException("recovery point " + recoveryPointId + " of instance " + instanceName + " exists already");
        }
        bytesWritten += written;
        committed = true;
        close();
        return m;
    }

    /** Objects added so far. */
    public long objectCount() {
        return objectCount;
    }

    /** Uncompressed canonical JSON bytes added so far. */
    public long totalBytes() {
        return totalBytes;
    }

    /** Objects whose content the vault did not hold before. */
    public long newObjects() {
        return newObjects;
    }

    /** Bytes written to the store so far (packs, index files, manifest). */
    public long bytesWritten() {
        return bytesWritten;
    }

    /** Bytes of blobs waiting in the open pack and in the pack being written. */
    public long bytesPending() {
        return (packOpen ? pack.size() : 0) + packInFlightBytes;
    }

    /** False when a garbage collection was running at the start, so nothing was deduplicated. */
    public boolean deduplicating() {
        return deduplicating;
    }

    /** True once the manifest is written. */
    public boolean committed() {
        return committed;
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the writer of " + recoveryPointId + " is closed");
        }
    }

    /** Ends the session; without a commit, what was written is garbage. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (packWriter != null) {
            // Nothing of this writer goes on in the background after close: a pack still in flight
            // is finished (or fails) first, and left for garbage collection when not committed.
            try {
                awaitPack();
            } catch (RuntimeException e) {
                LOG.debug("pack of an abandoned recovery point not written: {}", e.toString());
            }
            packWriter.shutdown();
        }
        try {
            repo.runMarkers().end(sessionKey);
        } catch (RuntimeException e) {
            // The marker goes stale and collection removes it then.
            LOG.warn("cannot remove session marker {}: {}", sessionKey, e.getMessage());
        }
    }
}
