package io.github.aksbackup.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.aksbackup.api.DataCorruptionException;
import io.github.aksbackup.api.job.ItemAction;
import io.github.aksbackup.api.job.ItemResult;
import io.github.aksbackup.repository.BlobId;
import io.github.aksbackup.repository.Manifest;
import io.github.aksbackup.repository.ManifestEntry;
import io.github.aksbackup.repository.RecoveryPointReader;
import io.github.aksbackup.repository.Repository;
import io.github.aksbackup.repository.TypeSection;
import io.github.aksbackup.repository.VerifyReport;
import io.github.aksbackup.restore.RestoreResult;
import io.github.aksbackup.testkit.InMemoryCluster;
import io.github.aksbackup.testkit.InMemoryObjectStore;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * One flipped byte anywhere in a pack, an index file or a manifest: {@code verify} names exactly the
 * damaged objects (or lists of objects, or recovery points) and nothing else, and a restore restores
 * everything else and reports each object it could not restore.
 *
 * <p>The expected damage is worked out independently of the verifier: from the pack trailer (format
 * version 1, read here byte by byte) the blob a flipped offset falls into, and from the manifests
 * which entries refer to that blob. A byte is flipped by inverting all its bits, so the change
 * always reaches data the decompressor reads (a single bit could land in the padding after the end
 * of a compressed stream).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CorruptionTest {
    final VaultScenario s = new VaultScenario(24);
    final InMemoryObjectStore store = new InMemoryObjectStore(s.clock);
    final io.github.aksbackup.testkit.FakeVolumeSnapshotter volumes = s.snapshotter();
    Repository repo;
    /** Blob id → the object entries referring to it, as {@code rp: type ns/name}. */
    final Map<BlobId, Set<String>> objectsOfBlob = new HashMap<>();
    /** Blob id of an entry chunk → the recovery points listing it. */
    final Map<BlobId, Set<String>> rpsOfChunk = new HashMap<>();
    final Map<String, Map<String, String>> cleanRestores = new HashMap<>();

    @BeforeAll
    void backUpTwice() {
        repo = s.open(store);
        s.backup(repo, s.source, volumes, "rp-1");
        s.change();
        s.backup(repo, s.source, volumes, "rp-2");
        RecoveryPointReader reader = repo.openReader();
        for (String rp : repo.recoveryPointIds("prod")) {
            Manifest m = repo.readManifest("prod", rp);
            for (TypeSection t : m.types()) {
                for (BlobId chunk : t.chunks()) {
                    rpsOfChunk.computeIfAbsent(chunk, k -> new TreeSet<>()).add(rp);
                    for (ManifestEntry e : reader.chunk(chunk)) {
                        objectsOfBlob.computeIfAbsent(e.blob(), k -> new TreeSet<>())
                                .add(rp + ": " + t.type().displayName() + " " + e.qualifiedName());
                    }
                }
            }
            InMemoryCluster target = new InMemoryCluster(s.clock);
            RestoreResult clean = s.restore(repo, rp, target, volumes);
            assertEquals(0, clean.job().counts().failed(), clean.job().items().toString());
            cleanRestores.put(rp, VaultScenario.describe(target));
        }
        assertTrue(repo.verify().ok());
    }

    /** One blob's place in its pack, read from the trailer. */
    record Blob(int type, BlobId id, int offset, int length, int rawLength) {
    }

    static List<Blob> trailer(byte[] pack) {
        int end = pack.length - 8;
        ByteBuffer b = ByteBuffer.wrap(pack);
        int count = b.getInt(end - 4);
        b.position(end - 4 - count * 45);
        List<Blob> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int type = b.get() & 0xff;
            byte[] id = new byte[32];
            b.get(id);
            out.add(new Blob(type, BlobId.fromBytes(id), b.getInt(), b.getInt(), b.getInt()));
        }
        return out;
    }

    /**
     * Whether a blob's content is lost: its bytes no longer inflate (raw DEFLATE with the format's
     * dictionary) to content with its SHA-256. A flip in the last bytes of a stream, after all its
     * content, can leave the content whole.
     */
    static boolean lost(byte[] pack, Blob b) {
        java.util.zip.Inflater inf = new java.util.zip.Inflater(true);
        try {
            inf.setDictionary(io.github.aksbackup.internal.Compression.DICTIONARY);
            inf.setInput(pack, b.offset(), b.length());
            byte[] out = new byte[b.rawLength()];
            int n = 0;
            while (n < out.length) {
                int k = inf.inflate(out, n, out.length - n);
                if (k == 0 && (inf.finished() || inf.needsInput() || inf.needsDictionary())) {
                    return true;
                }
                n += k;
            }
            return !BlobId.of(out).equals(b.id());
        } catch (java.util.zip.DataFormatException e) {
            return true;
        } finally {
            inf.end();
        }
    }

    /** Inverts the byte at {@code offset} of {@code key}, runs {@code check}, and puts it back. */
    void withFlippedByte(String key, int offset, Runnable check) {
        store.tamper(key, b -> {
            b[offset] ^= (byte) 0xff;
            return b;
        });
        try {
            check.run();
        } finally {
            store.tamper(key, b -> {
                b[offset] ^= (byte) 0xff;
                return b;
            });
        }
    }

    /** What verify names, without the pack-level entries (which say the pack's bytes changed). */
    static Set<String> named(VerifyReport r, String... kinds) {
        Set<String> k = Set.of(kinds);
        return r.damage().stream().filter(d -> k.contains(d.kind()))
                .map(d -> d.kind().equals("object") ? d.recoveryPoint() + ": " + d.object() : d.kind() + " " + d.recoveryPoint() + " " + d.key())
                .collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void aFlippedByteInAPackNamesExactlyTheObjectsOfTheBlobItHits() {
        List<String> packs = store.keys().stream().filter(k -> k.startsWith("packs/")).toList();
        assertTrue(packs.size() >= 10, "packs: " + packs.size());
        int flips = 0;
        int restores = 0;
        for (String pack : packs) {
            byte[] bytes = store.getBytes(pack);
            List<Blob> blobs = trailer(bytes);
            List<Integer> offsets = new ArrayList<>(List.of(0, 8, bytes.length - 1, bytes.length - 10));
            // Every third pack: the first, a middle and the last byte of each blob; the others one of them.
            boolean all = packs.indexOf(pack) % 3 == 0;
            for (int i = 0; i < blobs.size(); i++) {
                Blob b = blobs.get(i);
                int[] choices = {b.offset(), b.offset() + b.length() / 2, b.offset() + b.length() - 1};
                for (int c = 0; c < 3; c++) {
                    if (all || c == i % 3) {
                        offsets.add(choices[c]);
                    }
                }
            }
            int trailerStart = bytes.length - 12 - blobs.size() * 45;
            offsets.add(trailerStart);
            offsets.add(trailerStart + 20);
            for (int offset : offsets) {
                byte[] flipped = bytes.clone();
                flipped[offset] ^= (byte) 0xff;
                Blob inBlob = blobs.stream().filter(b -> offset >= b.offset() && offset < b.offset() + b.length()).findFirst()
                        .orElse(null);
                Blob hit = inBlob != null && lost(flipped, inBlob) ? inBlob : null;
                Set<String> expectedObjects = hit == null || hit.type() != 1 ? Set.of() : objectsOfBlob.getOrDefault(hit.id(), Set.of());
                Set<String> expectedChunks = hit == null || hit.type() != 2 ? Set.of()
                        : rpsOfChunk.getOrDefault(hit.id(), Set.of()).stream().map(rp -> "chunk " + rp + " " + hit.id().hex())
                                .collect(Collectors.toCollection(TreeSet::new));
                boolean restore = flips++ % 9 == 0;
                int[] restored = {0};
                withFlippedByte(pack, offset, () -> {
                    VerifyReport r = repo.verify();
                    String where = pack + " at " + offset + " (" + (inBlob == null ? "header or trailer" : "blob " + inBlob.id().shortHex()
                            + (hit == null ? ", content still whole" : "")) + ")";
                    assertEquals(Set.of("pack " + null + " " + pack), named(r, "pack"), where);
                    assertEquals(expectedObjects, named(r, "object"), where);
                    assertEquals(expectedChunks, named(r, "chunk"), where);
                    assertEquals(Set.of(), named(r, "index", "manifest"), where);
                    if (restore) {
                        restoreAndCheck(expectedObjects, expectedChunks, where);
                        restored[0]++;
                    }
                });
                restores += restored[0];
            }
        }
        assertTrue(flips > 100, "flips: " + flips);
        assertTrue(restores > 10, "restores: " + restores);
    }

    /**
     * Each recovery point restores every object it still holds whole, except those that need a
     * damaged one (custom resources of a damaged CRD, the volume of a damaged claim); every object
     * it could not restore is a reported item, and exactly the damaged ones are blamed on the vault.
     */
    private void restoreAndCheck(Set<String> damagedObjects, Set<String> damagedChunks, String where) {
        for (String rp : List.of("rp-1", "rp-2")) {
            InMemoryCluster target = new InMemoryCluster(s.clock);
            RestoreResult r = s.restore(repo, rp, target, volumes);
            Set<String> blamedOnVault = r.job().items().stream()
                    .filter(i -> i.action() == ItemAction.Failed && i.message().contains("damaged in the vault"))
                    .map(CorruptionTest::item).collect(Collectors.toCollection(TreeSet::new));
            Set<String> reported = r.job().items().stream()
                    .filter(i -> i.action() == ItemAction.Failed || i.action() == ItemAction.Skipped)
                    .map(CorruptionTest::item).collect(Collectors.toCollection(TreeSet::new));
            Set<String> expected = new TreeSet<>();
            for (String o : damagedObjects) {
                if (o.startsWith(rp + ": ")) {
                    expected.add(o.substring(rp.length() + 2));
                }
            }
            boolean chunkLost = damagedChunks.stream().anyMatch(c -> c.startsWith("chunk " + rp + " "));
            if (chunkLost) {
                assertTrue(reported.stream().anyMatch(f -> f.endsWith(" *")), where + ": the lost list is reported: " + reported);
                continue;
            }
            assertEquals(expected, blamedOnVault, where + ", restore of " + rp);
            Map<String, String> now = VaultScenario.describe(target);
            for (Map.Entry<String, String> e : cleanRestores.get(rp).entrySet()) {
                if (!reported.contains(e.getKey())) {
                    assertEquals(e.getValue(), now.get(e.getKey()), where + ", restore of " + rp + ": " + e.getKey());
                }
            }
        }
    }

    static String item(ItemResult i) {
        return i.resource() + " " + (i.namespace() == null ? "" : i.namespace() + "/") + i.name();
    }

    @Test
    void aFlippedByteInAnIndexFileNamesTheFileAndLosesNothing() {
        List<String> files = store.keys().stream().filter(k -> k.startsWith("index/")).toList();
        assertFalse(files.isEmpty());
        int flips = 0;
        for (String file : files) {
            int length = store.getBytes(file).length;
            for (int offset = 0; offset < length; offset += Math.max(1, length / 8)) {
                flips++;
                boolean restore = flips % 6 == 1;
                withFlippedByte(file, offset, () -> {
                    VerifyReport r = repo.verify();
                    assertEquals(Set.of("index null " + file), named(r, "index", "pack", "object", "chunk", "manifest"));
                    if (restore) {
                        restoreAndCheck(Set.of(), Set.of(), file);
                    }
                });
            }
        }
        assertTrue(flips >= 8);
    }

    @Test
    void aFlippedByteInAManifestNamesThatRecoveryPointAndTheOtherRestores() {
        for (String rp : List.of("rp-1", "rp-2")) {
            String key = Manifest.key("prod", rp);
            String other = rp.equals("rp-1") ? "rp-2" : "rp-1";
            int length = store.getBytes(key).length;
            for (int offset = 0; offset < length; offset += Math.max(1, length / 25)) {
                int at = offset;
                withFlippedByte(key, offset, () -> {
                    VerifyReport r = repo.verify();
                    assertEquals(Set.of("manifest " + rp + " " + key), named(r, "index", "pack", "object", "chunk", "manifest"),
                            "byte " + at + " of " + key);
                    DataCorruptionException e = assertThrows(DataCorruptionException.class, () -> repo.readManifest("prod", rp));
                    assertTrue(e.getMessage().contains(key), e.getMessage());
                    if (at == 0) {
                        InMemoryCluster target = new InMemoryCluster(s.clock);
                        assertEquals(0, s.restore(repo, other, target, volumes).job().counts().failed());
                        assertEquals(cleanRestores.get(other), VaultScenario.describe(target));
                    }
                });
            }
        }
        assertEquals(new String(store.getBytes(Manifest.key("prod", "rp-1")), StandardCharsets.UTF_8).length() > 0, true);
    }
}
