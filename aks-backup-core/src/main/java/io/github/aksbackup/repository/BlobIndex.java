package io.github.aksbackup.repository;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Where every blob of the repository is: blob id → pack, offset, compressed and raw length.
 *
 * <p>Kept in flat arrays (about 55 bytes per blob: the 32-byte id, four ints, a type byte and an
 * open-addressing slot at most three quarters full) because it holds one row per distinct object in the vault, which is the only
 * structure whose size grows with the cluster. Rows are numbered (ordinals) so that garbage collection
 * can mark them in a bit set. Thread-safe.
 */
final class BlobIndex {
    private static final int EMPTY = -1;

    private byte[] ids = new byte[1024 * BlobId.LENGTH];
    private byte[] types = new byte[1024];
    private int[] packs = new int[1024];
    private int[] offsets = new int[1024];
    private int[] lengths = new int[1024];
    private int[] rawLengths = new int[1024];
    private int size;
    private int[] table = newTable(2048);
    private final List<BlobId> packIds = new ArrayList<>();

    private static int[] newTable(int n) {
        int[] t = new int[n];
        Arrays.fill(t, EMPTY);
        return t;
    }

    /** Registers a pack and returns its number; its id may be set later ({@link #setPackId}). */
    synchronized int addPack(BlobId packId) {
        packIds.add(packId);
        return packIds.size() - 1;
    }

    synchronized void setPackId(int pack, BlobId packId) {
        packIds.set(pack, packId);
    }

    synchronized BlobId packId(int pack) {
        return packIds.get(pack);
    }

    synchronized int packCount() {
        return packIds.size();
    }

    /** The ordinal of the blob, or -1. */
    synchronized int find(BlobId id) {
        int mask = table.length - 1;
        int slot = mix(id.hashCode()) & mask;
        while (true) {
            int ord = table[slot];
            if (ord == EMPTY) {
                return -1;
            }
            if (sameId(ord, id)) {
                return ord;
            }
            slot = (slot + 1) & mask;
        }
    }

    /** Adds a row unless the blob is indexed already; returns the blob's ordinal either way. */
    synchronized int add(BlobType type, BlobId id, int pack, int offset, int length, int rawLength) {
        int existing = find(id);
        if (existing >= 0) {
            return existing;
        }
        if (size == types.length) {
            // Growing by half bounds the transient copy of the largest structure a backup holds.
            int n = size + size / 2;
            ids = Arrays.copyOf(ids, n * BlobId.LENGTH);
            types = Arrays.copyOf(types, n);
            packs = Arrays.copyOf(packs, n);
            offsets = Arrays.copyOf(offsets, n);
            lengths = Arrays.copyOf(lengths, n);
            rawLengths = Arrays.copyOf(rawLengths, n);
        }
        int ord = size++;
        id.writeTo(ids, ord * BlobId.LENGTH);
        types[ord] = (byte) type.code();
        packs[ord] = pack;
        offsets[ord] = offset;
        lengths[ord] = length;
        rawLengths[ord] = rawLength;
        if (size * 4 > table.length * 3) {
            rehash(table.length * 2);
        } else {
            insert(ord, id.hashCode());
        }
        return ord;
    }

    private void rehash(int n) {
        table = newTable(n);
        for (int ord = 0; ord < size; ord++) {
            insert(ord, hashAt(ord));
        }
    }

    private void insert(int ord, int hash) {
        int mask = table.length - 1;
        int slot = mix(hash) & mask;
        while (table[slot] != EMPTY) {
            slot = (slot + 1) & mask;
        }
        table[slot] = ord;
    }

    private int hashAt(int ord) {
        int o = ord * BlobId.LENGTH;
        return (ids[o] & 0xff) << 24 | (ids[o + 1] & 0xff) << 16 | (ids[o + 2] & 0xff) << 8 | (ids[o + 3] & 0xff);
    }

    private static int mix(int h) {
        return h ^ (h >>> 16);
    }

    private boolean sameId(int ord, BlobId id) {
        int o = ord * BlobId.LENGTH;
        for (int i = 0; i < BlobId.LENGTH; i++) {
            if (ids[o + i] != id.byteAt(i)) {
                return false;
            }
        }
        return true;
    }

    synchronized int size() {
        return size;
    }

    synchronized BlobId id(int ord) {
        return BlobId.read(ids, ord * BlobId.LENGTH);
    }

    synchronized BlobType type(int ord) {
        return BlobType.ofCode(types[ord]);
    }

    synchronized int pack(int ord) {
        return packs[ord];
    }

    synchronized int offset(int ord) {
        return offsets[ord];
    }

    synchronized int length(int ord) {
        return lengths[ord];
    }

    synchronized int rawLength(int ord) {
        return rawLengths[ord];
    }

    /** The location of a blob, or {@code null} when it is not indexed. */
    synchronized Location locate(BlobId id) {
        int ord = find(id);
        return ord < 0 ? null : new Location(ord, BlobType.ofCode(types[ord]), packIds.get(packs[ord]), offsets[ord],
                lengths[ord], rawLengths[ord]);
    }

    /** Where one blob is stored. */
    record Location(int ordinal, BlobType type, BlobId pack, int offset, int length, int rawLength) {
    }
}
