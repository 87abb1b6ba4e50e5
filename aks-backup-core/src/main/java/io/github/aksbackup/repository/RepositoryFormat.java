package io.github.aksbackup.repository;

import io.github.aksbackup.internal.Compression;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The storage format, version {@value #VERSION}: key layout and the binary encodings of packs and
 * index files. See {@link Repository} for the whole picture.
 *
 * <pre>
 * config.json                             {"format":"aks-backup-repository","version":1,...}
 * packs/&lt;hh&gt;/&lt;sha256 of pack&gt;              packs of compressed blobs
 * index/&lt;sha256 of file&gt;                    index files: blob id → pack, offset, lengths
 * manifests/&lt;instance&gt;/&lt;rp id&gt;.json      one per recovery point, written last, never rewritten
 * markers/&lt;instance&gt;/&lt;rp id&gt;/&lt;event&gt;     write-once lifecycle events of a recovery point
 * keys/&lt;sha256 of key id&gt;                 key checks of an encrypted vault (below)
 * sessions/&lt;session id&gt;.json              a backup in progress
 * gc/&lt;run id&gt;.json                        a garbage collection in progress
 * catalog/instances/&lt;name&gt;/&lt;seq&gt;.json    versions of a backup instance (catalog package; the highest wins)
 * catalog/policies/&lt;name&gt;/&lt;seq&gt;.json     versions of a policy
 * catalog/clusters/&lt;instance&gt;/&lt;seq&gt;.json versions of the identity of an instance's cluster
 * catalog/schedule/&lt;instance&gt;/&lt;seq&gt;.json the protection engine's schedule marks
 * catalog/jobs/&lt;job id&gt;/started.json       a job as it began; ended.json and items.json when it ends
 * leases/&lt;name&gt;/&lt;gen&gt;-&lt;renewal&gt;.json     leases of a directory vault (lease package; a blob
 *                                         vault's leases are blob leases under the same prefix)
 * vault-tier/...                          the vault tier, a second repository of this same layout,
 *                                         when no separate store is given for it
 *
 * pack  = "AKSBPACK" u8:version blob* trailer
 * blob  = raw DEFLATE of the blob's bytes, dictionary {@link Compression#DICTIONARY}
 * trailer = entry* u32:count "AKSBPEND"
 * entry = u8:type byte[32]:sha256(raw) u32:offset u32:length u32:rawLength      (45 bytes)
 *
 * index = "AKSBINDX" u8:version DEFLATE( u32:packCount (byte[32]:packId u32:n entry{n})* )
 * </pre>
 * Integers are big-endian. Every blob is verified against its SHA-256 when read; a pack's and an
 * index file's key is the SHA-256 of its bytes, which {@code verify} checks.
 *
 * <p><b>Encrypted vaults.</b> {@code config.json} then has an {@code encryption} member
 * {@code {"algorithm":"AES-256-GCM","keyProvider":<description>,"keyId":<first key id>,"check":<base64 sealed constant>}}
 * (never key material), and:
 * <pre>
 * keys/&lt;sha256 of key id&gt;                 the key check of each later current key (a sealed constant)
 * stored pack   = seal(pack)                whole, trailer included; key: SHA-256 of the sealed bytes
 * stored index  = seal(index)               key: SHA-256 of the sealed bytes
 * manifest      = seal(manifest JSON)       bound to its key
 * catalog/...   = seal(record)              bound to its key
 * seal(x)       = EnvelopeCipher format: "AKSBENC1" header (key id, wrapping algorithm, wrapped
 *                 fresh data key) nonce AES-256-GCM(x), associated data "aks-backup KIND VAULT-ID [KEY]"
 * </pre>
 * Blob ids (SHA-256 of plaintext) thus appear only inside sealed objects. Markers, session and
 * collection markers stay plain: they hold times and the instance and recovery point names that the
 * keys show anyway.
 */
public final class RepositoryFormat {
    /** The format version this release writes and reads. */
    public static final int VERSION = 1;
    /** {@code format} value of {@code config.json}. */
    public static final String FORMAT_NAME = "aks-backup-repository";

    /** The key of a vault's configuration: a location holds a vault exactly when it holds this object. */
    public static final String CONFIG_KEY = "config.json";
    static final String PACKS = "packs/";
    static final String INDEX = "index/";
    static final String MANIFESTS = "manifests/";
    static final String MARKERS = "markers/";
    static final String SESSIONS = "sessions/";
    static final String GC = "gc/";
    static final String KEYS = "keys/";
    /** Prefix of everything the catalog keeps (instances, policies, clusters, schedule marks, jobs). */
    public static final String CATALOG = "catalog/";
    /** Prefix of the versions of backup instances: {@code catalog/instances/<name>/<seq>.json}. */
    public static final String CATALOG_INSTANCES = CATALOG + "instances/";
    /** Prefix of the versions of policies: {@code catalog/policies/<name>/<seq>.json}. */
    public static final String CATALOG_POLICIES = CATALOG + "policies/";
    /** Prefix of the schedule marks of instances: {@code catalog/schedule/<instance>/<seq>.json}. */
    public static final String CATALOG_SCHEDULE = CATALOG + "schedule/";
    /** Prefix of the cluster identities of instances: {@code catalog/clusters/<instance>/<seq>.json}. */
    public static final String CATALOG_CLUSTERS = CATALOG + "clusters/";
    /** Prefix of job records: {@code catalog/jobs/<job id>/<record>}. */
    public static final String CATALOG_JOBS = CATALOG + "jobs/";
    /** The record of a job written when it begins. */
    public static final String JOB_STARTED = "started.json";
    /** The record of a job (without items) written when it ends. */
    public static final String JOB_ENDED = "ended.json";
    /** The items of a job, written when it ends. */
    public static final String JOB_ITEMS = "items.json";
    /** Prefix of the leases kept in the vault: {@code leases/<name>/...}. */
    public static final String LEASES = "leases/";
    /** Prefix of the vault tier inside the vault store when no separate store is given for it. */
    public static final String VAULT_TIER = "vault-tier/";

    static final byte[] PACK_MAGIC = "AKSBPACK".getBytes(StandardCharsets.US_ASCII);
    static final byte[] PACK_END = "AKSBPEND".getBytes(StandardCharsets.US_ASCII);
    static final byte[] INDEX_MAGIC = "AKSBINDX".getBytes(StandardCharsets.US_ASCII);
    static final int HEADER = 9;
    static final int ENTRY = 1 + BlobId.LENGTH + 12;

    private RepositoryFormat() {
    }

    /** Key of one record of a job, such as {@link #JOB_STARTED}. */
    public static String jobKey(String jobId, String record) {
        return CATALOG_JOBS + jobId + "/" + record;
    }

    /**
     * The vault tier kept inside the vault store under {@value #VAULT_TIER}: what a client uses when
     * it is given no separate store for the tier.
     */
    public static io.github.aksbackup.spi.ObjectStore vaultTierIn(io.github.aksbackup.spi.ObjectStore vault) {
        return new io.github.aksbackup.internal.PrefixedObjectStore(vault, VAULT_TIER);
    }

    /** Prefix of the manifests of an instance. */
    static String manifestPrefix(String instanceName) {
        return MANIFESTS + instanceName + "/";
    }

    /** Key of the manifest of a recovery point. */
    static String manifestKey(String instanceName, String recoveryPointId) {
        return manifestPrefix(instanceName) + recoveryPointId + ".json";
    }

    /** Prefix of the lifecycle markers of an instance. */
    static String markerPrefix(String instanceName) {
        return MARKERS + instanceName + "/";
    }

    /** Key of a lifecycle marker of a recovery point ({@code event} empty: the prefix of all of them). */
    static String markerKey(String instanceName, String recoveryPointId, String event) {
        return markerPrefix(instanceName) + recoveryPointId + "/" + event;
    }

    static String packKey(BlobId pack) {
        String hex = pack.hex();
        return PACKS + hex.substring(0, 2) + "/" + hex;
    }

    static String indexKey(BlobId index) {
        return INDEX + index.hex();
    }

    /** The pack id in a pack key, or {@code null} when the key is not one. */
    static BlobId packOfKey(String key) {
        return idAfterLastSlash(key, PACKS);
    }

    static BlobId indexOfKey(String key) {
        return idAfterLastSlash(key, INDEX);
    }

    private static BlobId idAfterLastSlash(String key, String prefix) {
        if (!key.startsWith(prefix)) {
            return null;
        }
        try {
            return BlobId.parse(key.substring(key.lastIndexOf('/') + 1));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** One blob of a pack. */
    record PackEntry(BlobType type, BlobId id, int offset, int length, int rawLength) {
    }

    /**
     * Builds packs in memory, one at a time, in one buffer reused from pack to pack (so that a backup
     * allocates its pack memory once).
     */
    static final class PackBuilder {
        private byte[] body;
        private int size;
        private byte[] trailer = new byte[64 * ENTRY];
        private int trailerSize;
        private int count;

        PackBuilder(int capacity) {
            body = new byte[Math.max(capacity, HEADER + 1024)];
            reset();
        }

        /** Starts a new, empty pack. */
        void reset() {
            System.arraycopy(PACK_MAGIC, 0, body, 0, PACK_MAGIC.length);
            body[PACK_MAGIC.length] = VERSION;
            size = HEADER;
            trailerSize = 0;
            count = 0;
        }

        /** Appends a compressed blob and returns its offset. */
        int add(BlobType type, BlobId id, byte[] compressed, int rawLength) {
            int offset = size;
            if (size + compressed.length > body.length) {
                body = java.util.Arrays.copyOf(body, Math.max(size + compressed.length, body.length + body.length / 2));
            }
            System.arraycopy(compressed, 0, body, size, compressed.length);
            size += compressed.length;
            if (trailerSize + ENTRY > trailer.length) {
                trailer = java.util.Arrays.copyOf(trailer, trailer.length * 2);
            }
            ByteBuffer t = ByteBuffer.wrap(trailer, trailerSize, ENTRY);
            t.put((byte) type.code());
            id.writeTo(trailer, trailerSize + 1);
            t.position(trailerSize + 1 + BlobId.LENGTH);
            t.putInt(offset).putInt(compressed.length).putInt(rawLength);
            trailerSize += ENTRY;
            count++;
            return offset;
        }

        int size() {
            return size;
        }

        int count() {
            return count;
        }

        /** Appends the trailer; the pack is then the first {@link #size()} bytes of {@link #bytes()}. */
        void finish() {
            int end = size + trailerSize + 4 + PACK_END.length;
            if (end > body.length) {
                body = java.util.Arrays.copyOf(body, end);
            }
            System.arraycopy(trailer, 0, body, size, trailerSize);
            ByteBuffer.wrap(body, size + trailerSize, 4 + PACK_END.length).putInt(count).put(PACK_END);
            size = end;
        }

        /** The buffer holding the pack (valid until {@link #reset()}). */
        byte[] bytes() {
            return body;
        }
    }

    private static void putEntry(ByteBuffer b, PackEntry e) {
        b.put((byte) e.type().code());
        byte[] id = new byte[BlobId.LENGTH];
        e.id().writeTo(id, 0);
        b.put(id);
        b.putInt(e.offset());
        b.putInt(e.length());
        b.putInt(e.rawLength());
    }

    private static PackEntry getEntry(ByteBuffer b) {
        BlobType type = BlobType.ofCode(b.get() & 0xff);
        byte[] id = new byte[BlobId.LENGTH];
        b.get(id);
        return new PackEntry(type, BlobId.fromBytes(id), b.getInt(), b.getInt(), b.getInt());
    }

    /** Checks a pack's header and returns its version. */
    static int packVersion(byte[] pack, String name) {
        if (pack.length < HEADER || !Arrays.equals(pack, 0, PACK_MAGIC.length, PACK_MAGIC, 0, PACK_MAGIC.length)) {
            throw new IllegalArgumentException("pack " + name + " does not start with the pack header");
        }
        return pack[PACK_MAGIC.length] & 0xff;
    }

    /**
     * Reads a pack's trailer.
     *
     * @throws IllegalArgumentException when the trailer is damaged
     * @throws UnsupportedFormatException when the pack has another format version
     */
    static List<PackEntry> readTrailer(byte[] pack, String name) {
        int version = packVersion(pack, name);
        if (version != VERSION) {
            throw new UnsupportedFormatException("pack " + name, version);
        }
        int end = pack.length - PACK_END.length;
        if (end < HEADER + 4 || !Arrays.equals(pack, end, pack.length, PACK_END, 0, PACK_END.length)) {
            throw new IllegalArgumentException("pack " + name + " has no valid trailer");
        }
        ByteBuffer b = ByteBuffer.wrap(pack);
        int count = b.getInt(end - 4);
        long start = (long) end - 4 - (long) count * ENTRY;
        if (count < 0 || start < HEADER) {
            throw new IllegalArgumentException("pack " + name + " has a trailer with an impossible entry count " + count);
        }
        b.position((int) start);
        List<PackEntry> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            PackEntry e = getEntry(b);
            if (e.offset() < HEADER || e.length() < 0 || (long) e.offset() + e.length() > start || e.rawLength() < 0) {
                throw new IllegalArgumentException("pack " + name + " has a trailer entry outside the pack body");
            }
            out.add(e);
        }
        return out;
    }

    /**
     * Encodes an index file of the rows {@code from} (inclusive) to {@code to} (exclusive) of an index
     * whose packs pass {@code packs}, without materializing them: rows of one pack are consecutive
     * (a pack's blobs are added together), and a pack listed twice is allowed by the format.
     */
    static byte[] encodeIndex(BlobIndex index, int from, int to, java.util.function.IntPredicate packs) {
        int packRuns = 0;
        int entries = 0;
        int last = -1;
        for (int ord = from; ord < to; ord++) {
            int p = index.pack(ord);
            if (!packs.test(p)) {
                continue;
            }
            if (p != last) {
                packRuns++;
                last = p;
            }
            entries++;
        }
        ByteBuffer b = ByteBuffer.allocate(4 + packRuns * (BlobId.LENGTH + 4) + entries * ENTRY);
        b.putInt(packRuns);
        last = -1;
        int countAt = -1;
        int runCount = 0;
        byte[] id = new byte[BlobId.LENGTH];
        for (int ord = from; ord < to; ord++) {
            int p = index.pack(ord);
            if (!packs.test(p)) {
                continue;
            }
            if (p != last) {
                if (countAt >= 0) {
                    b.putInt(countAt, runCount);
                }
                index.packId(p).writeTo(id, 0);
                b.put(id);
                countAt = b.position();
                b.putInt(0);
                runCount = 0;
                last = p;
            }
            b.put((byte) index.type(ord).code());
            index.id(ord).writeTo(id, 0);
            b.put(id);
            b.putInt(index.offset(ord)).putInt(index.length(ord)).putInt(index.rawLength(ord));
            runCount++;
        }
        if (countAt >= 0) {
            b.putInt(countAt, runCount);
        }
        return wrapIndex(b.array());
    }

    private static byte[] wrapIndex(byte[] raw) {
        byte[] compressed = Compression.compress(raw);
        ByteBuffer out = ByteBuffer.allocate(HEADER + 4 + compressed.length);
        out.put(INDEX_MAGIC).put((byte) VERSION).putInt(raw.length).put(compressed);
        return out.array();
    }

    /** Encodes an index file for these packs. */
    static byte[] encodeIndex(Map<BlobId, List<PackEntry>> packs) {
        int n = 4;
        for (List<PackEntry> es : packs.values()) {
            n += BlobId.LENGTH + 4 + es.size() * ENTRY;
        }
        ByteBuffer b = ByteBuffer.allocate(n);
        b.putInt(packs.size());
        for (Map.Entry<BlobId, List<PackEntry>> p : packs.entrySet()) {
            byte[] id = new byte[BlobId.LENGTH];
            p.getKey().writeTo(id, 0);
            b.put(id);
            b.putInt(p.getValue().size());
            for (PackEntry e : p.getValue()) {
                putEntry(b, e);
            }
        }
        return wrapIndex(b.array());
    }

    /**
     * Decodes an index file.
     *
     * @throws IllegalArgumentException when it is damaged
     * @throws UnsupportedFormatException when it has another format version
     */
    static Map<BlobId, List<PackEntry>> decodeIndex(byte[] data, String name) {
        if (data.length < HEADER + 4 || !Arrays.equals(data, 0, INDEX_MAGIC.length, INDEX_MAGIC, 0, INDEX_MAGIC.length)) {
            throw new IllegalArgumentException("index file " + name + " does not start with the index header");
        }
        int version = data[INDEX_MAGIC.length] & 0xff;
        if (version != VERSION) {
            throw new UnsupportedFormatException("index file " + name, version);
        }
        int rawLength = ByteBuffer.wrap(data).getInt(HEADER);
        if (rawLength < 4) {
            throw new IllegalArgumentException("index file " + name + " has an impossible length");
        }
        ByteBuffer b = ByteBuffer.wrap(Compression.decompress(data, HEADER + 4, data.length - HEADER - 4, rawLength));
        int packCount = b.getInt();
        Map<BlobId, List<PackEntry>> out = new LinkedHashMap<>();
        for (int p = 0; p < packCount; p++) {
            byte[] id = new byte[BlobId.LENGTH];
            b.get(id);
            int n = b.getInt();
            List<PackEntry> es = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                es.add(getEntry(b));
            }
            out.put(BlobId.fromBytes(id), es);
        }
        return out;
    }
}
