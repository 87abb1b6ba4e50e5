package io.github.aksbackup.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.aksbackup.testkit.Fixtures;
import io.github.aksbackup.api.AksBackupException;
import io.github.aksbackup.api.DataCorruptionException;
import io.github.aksbackup.api.job.JobStatus;
import io.github.aksbackup.crypto.EnvelopeCipher;
import io.github.aksbackup.crypto.LocalKeyProvider;
import io.github.aksbackup.repository.BlobId;
import io.github.aksbackup.repository.CanonicalJson;
import io.github.aksbackup.repository.GcResult;
import io.github.aksbackup.repository.Manifest;
import io.github.aksbackup.repository.ManifestEntry;
import io.github.aksbackup.repository.RecoveryPointReader;
import io.github.aksbackup.repository.Repository;
import io.github.aksbackup.repository.TypeSection;
import io.github.aksbackup.repository.VerifyReport;
import io.github.aksbackup.spi.KeyProvider;
import io.github.aksbackup.spi.ObjectStore;
import io.github.aksbackup.testkit.FaultInjectingObjectStore;
import io.github.aksbackup.testkit.FaultPlan;
import io.github.aksbackup.testkit.InMemoryCluster;
import io.github.aksbackup.testkit.InMemoryObjectStore;
import io.github.aksbackup.testkit.SimulatedCrash;
import io.github.aksbackup.testkit.WriteOnceObjectStore;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Vaults encrypted at rest: what they restore equals what an unencrypted vault restores; nothing of
 * the cluster's content, names or content hashes is readable in the store; a missing or wrong key is
 * refused naming the key before anything is written; rotation; damage and swapped objects are named;
 * collection, write-once stores and crashes work as without encryption.
 */
class EncryptedVaultTest {
    static final String CONFIG_VALUE = "planted-config-value-7d1e";
    static final String SECRET_VALUE = "planted-secret-value-93ab";
    static final String RESOURCE_NAME = "planted-resource-name-c4f2";

    final VaultScenario s = new VaultScenario(40);
    final InMemoryObjectStore raw = new InMemoryObjectStore(s.clock);
    final byte[] k1 = key(1);
    final byte[] k2 = key(2);
    final KeyProvider provider = LocalKeyProvider.of(Map.of("k1", k1), "k1");

    EncryptedVaultTest() {
        s.source.add(Fixtures.obj("v1", "ConfigMap", "shop", RESOURCE_NAME, Map.of("app", "web"),
                Map.of("data", Map.of("setting", CONFIG_VALUE))));
        s.source.add(Fixtures.obj("v1", "Secret", "shop", "planted-secret", Map.of("app", "web"), Map.of("type", "Opaque",
                "data", Map.of("password", Base64.getEncoder().encodeToString(SECRET_VALUE.getBytes(StandardCharsets.UTF_8))))));
    }

    static byte[] key(int seed) {
        byte[] k = new byte[32];
        new java.util.Random(seed).nextBytes(k);
        return k;
    }

    Repository open(ObjectStore store, KeyProvider keys) {
        return Repository.open(store, s.clock, VaultScenario.SMALL_PACKS, keys);
    }

    /** Every key with its bytes, to show that nothing was written. */
    static Map<String, String> contents(InMemoryObjectStore store) {
        Map<String, String> out = new TreeMap<>();
        for (String k : store.keys()) {
            out.put(k, BlobId.of(store.getBytes(k)).hex());
        }
        return out;
    }

    long packs(InMemoryObjectStore store) {
        return store.keys().stream().filter(k -> k.startsWith("packs/")).count();
    }

    @Test
    void aBackupRestoresExactlyWhatAnUnencryptedVaultRestoresAndAnUnchangedOneWritesNoPack() {
        Repository plain = open(new InMemoryObjectStore(s.clock), null);
        Repository sealed = open(raw, provider);
        assertFalse(plain.encrypted());
        assertTrue(sealed.encrypted());
        assertEquals(List.of("k1"), sealed.encryptionKeyIds());
        var plainJob = s.backup(plain, s.source, s.snapshotter(), "rp-1").job();
        var sealedJob = s.backup(sealed, s.source, s.snapshotter(), "rp-1").job();
        assertEquals(plainJob.status(), sealedJob.status());
        assertEquals(plainJob.counts().succeeded(), sealedJob.counts().succeeded());
        assertEquals(plainJob.counts().bytesTotal(), sealedJob.counts().bytesTotal());
        assertEquals(VaultScenario.describe(plain, "rp-1"), VaultScenario.describe(sealed, "rp-1"));

        InMemoryCluster fromPlain = new InMemoryCluster(s.clock);
        InMemoryCluster fromSealed = new InMemoryCluster(s.clock);
        s.restore(plain, "rp-1", fromPlain, s.snapshotter());
        s.restore(open(raw, provider), "rp-1", fromSealed, s.snapshotter());
        assertEquals(VaultScenario.describe(fromPlain), VaultScenario.describe(fromSealed));
        assertTrue(fromSealed.find("v1", "ConfigMap", "shop", RESOURCE_NAME).isPresent());
        assertTrue(fromSealed.keys().size() > 70, fromSealed.keys().toString());

        long packs = packs(raw);
        long index = raw.keys().stream().filter(k -> k.startsWith("index/")).count();
        var second = s.backup(sealed, s.source, s.snapshotter(), "rp-2");
        assertEquals(sealed.readManifest("prod", "rp-1").recoveryPoint().objectCount(), second.manifest().recoveryPoint().objectCount());
        assertEquals(packs, packs(raw), "an unchanged cluster deduplicates in an encrypted vault too");
        assertEquals(index, raw.keys().stream().filter(k -> k.startsWith("index/")).count());
        assertTrue(sealed.verify().ok());
    }

    @Test
    void noContentNameOrContentHashOfTheClusterIsReadableInTheStore() {
        InMemoryObjectStore plainStore = new InMemoryObjectStore(s.clock);
        Repository plainRepo = open(plainStore, null);
        Repository sealed = open(raw, provider);
        s.backup(plainRepo, s.source, s.snapshotter(), "rp-1");
        s.backup(sealed, s.source, s.snapshotter(), "rp-1");
        sealed.recordStore().putIfAbsent("catalog/jobs/j1/items.json", ("{\"items\":[\"" + RESOURCE_NAME + "\"]}")
                .getBytes(StandardCharsets.UTF_8));
        plainStore.putIfAbsent("catalog/jobs/j1/items.json", ("{\"items\":[\"" + RESOURCE_NAME + "\"]}").getBytes(StandardCharsets.UTF_8));

        // What must not be readable: the planted values and name, the key, and the SHA-256 of every
        // object and entry chunk (which would let anyone confirm a guessed object).
        List<byte[]> needles = new ArrayList<>();
        for (String text : List.of(CONFIG_VALUE, SECRET_VALUE, RESOURCE_NAME,
                Base64.getEncoder().encodeToString(SECRET_VALUE.getBytes(StandardCharsets.UTF_8)),
                Base64.getEncoder().encodeToString(k1))) {
            needles.add(text.getBytes(StandardCharsets.UTF_8));
        }
        needles.add(k1);
        Set<BlobId> hashes = blobIds(sealed, "rp-1");
        for (BlobId h : hashes) {
            needles.add(h.toBytes());
            needles.add(h.hex().getBytes(StandardCharsets.US_ASCII));
        }
        for (String key : raw.keys()) {
            byte[] bytes = raw.getBytes(key);
            for (byte[] n : needles) {
                assertFalse(contains(bytes, n) || key.contains(new String(n, StandardCharsets.ISO_8859_1)),
                        key + " shows " + HexFormat.of().formatHex(n, 0, Math.min(8, n.length)));
            }
            boolean isRunMarker = key.startsWith("sessions/") || key.startsWith("gc/") || key.startsWith("markers/");
            if (!key.equals("config.json") && !isRunMarker) {
                assertTrue(EnvelopeCipher.isSealed(bytes), key + " is sealed");
            }
        }
        // The same scan finds the name and the hashes in an unencrypted vault, so it can fail.
        assertTrue(plainStore.keys().stream().anyMatch(k -> contains(plainStore.getBytes(k), RESOURCE_NAME.getBytes(StandardCharsets.UTF_8))));
        BlobId some = hashes.iterator().next();
        assertTrue(plainStore.keys().stream().anyMatch(k -> contains(plainStore.getBytes(k), some.toBytes())));
        Map<String, Object> config = CanonicalJson.parse(raw.getBytes("config.json"));
        Map<?, ?> encryption = (Map<?, ?>) config.get("encryption");
        assertEquals("AES-256-GCM", encryption.get("algorithm"));
        assertEquals("k1", encryption.get("keyId"));
    }

    static Set<BlobId> blobIds(Repository repo, String rp) {
        Set<BlobId> out = new TreeSet<>();
        Manifest m = repo.readManifest("prod", rp);
        RecoveryPointReader reader = repo.openReader();
        for (TypeSection t : m.types()) {
            out.addAll(t.chunks());
            for (ManifestEntry e : reader.entries(t)) {
                out.add(e.blob());
            }
        }
        return out;
    }

    static boolean contains(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    @Test
    void aMissingOrWrongKeyIsRefusedNamingTheKeyAndNothingIsWritten() {
        s.backup(open(raw, provider), s.source, s.snapshotter(), "rp-1");
        Map<String, String> before = contents(raw);

        AksBackupException none = assertThrows(AksBackupException.class, () -> open(raw, null));
        assertEquals("VaultEncrypted", none.code());
        assertTrue(none.getMessage().contains("'k1'"), none.getMessage());

        AksBackupException wrong = assertThrows(AksBackupException.class, () -> open(raw, LocalKeyProvider.of(Map.of("k1", k2), "k1")));
        assertEquals(KeyProvider.KEY_MISMATCH, wrong.code());
        assertTrue(wrong.getMessage().contains("'k1'"), wrong.getMessage());

        AksBackupException missing = assertThrows(AksBackupException.class, () -> open(raw, LocalKeyProvider.of(Map.of("k2", k2), "k2")));
        assertEquals(KeyProvider.KEY_UNAVAILABLE, missing.code());
        assertTrue(missing.getMessage().contains("'k1'"), missing.getMessage());

        // The client opens the vault on its first call that needs it, which refuses the keys.
        io.github.aksbackup.client.AksBackupClient client = io.github.aksbackup.client.AksBackupClient.builder()
                .vault(raw).clock(s.clock).keyProvider(LocalKeyProvider.of(Map.of("k2", k2), "k2")).buildClient();
        AksBackupException viaClient = assertThrows(AksBackupException.class, client::listInstances);
        assertEquals(KeyProvider.KEY_UNAVAILABLE, viaClient.code());
        assertEquals(before, contents(raw), "nothing was written");
    }

    @Test
    void aKeyForAnUnencryptedVaultIsRefused() {
        s.backup(open(raw, null), s.source, s.snapshotter(), "rp-1");
        Map<String, String> before = contents(raw);
        AksBackupException e = assertThrows(AksBackupException.class, () -> open(raw, provider));
        assertEquals("VaultNotEncrypted", e.code());
        assertEquals(before, contents(raw));
    }

    @Test
    void afterRotationNewObjectsUseTheNewKeyOldOnesStayReadableAndVerifyCountsObjectsPerKey() {
        s.backup(open(raw, provider), s.source, s.snapshotter(), "rp-1");
        VerifyReport one = open(raw, provider).verify();
        assertEquals(Set.of("k1"), one.keyIds().keySet());

        KeyProvider rotated = LocalKeyProvider.of(Map.of("k1", k1, "k2", k2), "k2");
        Repository repo = open(raw, rotated);
        s.change();
        s.backup(repo, s.source, s.snapshotter(), "rp-2");
        assertEquals(List.of("k1", "k2"), repo.encryptionKeyIds().stream().sorted().toList());
        String rp2Manifest = Manifest.key("prod", "rp-2");
        assertEquals("k2", EnvelopeCipher.header(raw.getBytes(rp2Manifest), rp2Manifest).keyId());

        VerifyReport both = repo.verify();
        assertTrue(both.ok(), both.damage().toString());
        assertTrue(both.keyIds().get("k1") > 0 && both.keyIds().get("k2") > 0, both.keyIds().toString());
        long total = both.keyIds().values().stream().mapToLong(Long::longValue).sum();
        assertEquals(both.packs() + both.indexFiles() + both.recoveryPoints(), total, both.keyIds() + " counts every sealed object");
        for (String rp : List.of("rp-1", "rp-2")) {
            InMemoryCluster target = new InMemoryCluster(s.clock);
            s.restore(repo, rp, target, s.snapshotter());
            assertFalse(target.keys().isEmpty(), rp);
        }

        // The vault opens with the new key alone (it has its own key check); objects still under the
        // old key are named with it.
        Repository newOnly = open(raw, LocalKeyProvider.of(Map.of("k2", k2), "k2"));
        VerifyReport v = newOnly.verify();
        assertFalse(v.ok());
        assertTrue(v.damage().stream().allMatch(d -> d.message().contains("'k1'") || d.kind().equals("object")
                || d.kind().equals("chunk")), v.damage().toString());
        AksBackupException old = assertThrows(AksBackupException.class, () -> newOnly.readManifest("prod", "rp-1"));
        assertEquals(KeyProvider.KEY_UNAVAILABLE, old.code());
        assertTrue(old.getMessage().contains("'k1'"), old.getMessage());
    }

    @Test
    void swappedPacksAManifestMovedElsewhereAndFlippedBytesAreNamed() {
        Repository repo = open(raw, provider);
        s.backup(repo, s.source, s.snapshotter(), "rp-1");
        s.change();
        s.backup(repo, s.source, s.snapshotter(), "rp-2");
        List<String> packs = raw.keys().stream().filter(k -> k.startsWith("packs/")).toList();
        String a = packs.get(0);
        String b = packs.get(1);
        byte[] aBytes = raw.getBytes(a);
        byte[] bBytes = raw.getBytes(b);
        replace(raw, a, bBytes);
        replace(raw, b, aBytes);
        VerifyReport v = open(raw, provider).verify();
        Set<String> damagedPacks = new TreeSet<>();
        v.damage().stream().filter(d -> d.kind().equals("pack")).forEach(d -> damagedPacks.add(d.key()));
        assertEquals(new TreeSet<>(List.of(a, b)), damagedPacks, v.damage().toString());
        replace(raw, a, aBytes);
        replace(raw, b, bBytes);
        assertTrue(open(raw, provider).verify().ok());

        // A manifest copied under another recovery point's key does not open there.
        String m1 = Manifest.key("prod", "rp-1");
        String m2 = Manifest.key("prod", "rp-2");
        byte[] m2Bytes = raw.getBytes(m2);
        replace(raw, m2, raw.getBytes(m1));
        DataCorruptionException moved = assertThrows(DataCorruptionException.class, () -> open(raw, provider).readManifest("prod", "rp-2"));
        assertTrue(moved.getMessage().contains(m2), moved.getMessage());
        VerifyReport mv = open(raw, provider).verify();
        assertEquals(List.of(m2), mv.damage().stream().map(VerifyReport.Damage::key).toList());
        replace(raw, m2, m2Bytes);

        // One flipped byte in a sealed pack: the pack and exactly the objects whose blobs it holds.
        String victim = packs.get(packs.size() / 2);
        byte[] good = raw.getBytes(victim);
        byte[] bad = good.clone();
        bad[bad.length / 2] ^= (byte) 0xff;
        replace(raw, victim, bad);
        Repository damaged = open(raw, provider);
        VerifyReport fv = damaged.verify();
        assertTrue(fv.damage().stream().anyMatch(d -> d.kind().equals("pack") && d.key().equals(victim)), fv.damage().toString());
        Set<String> expected = new TreeSet<>();
        RecoveryPointReader cleanReader = open(withPack(victim, good), provider).openReader();
        Set<BlobId> inVictim = blobsOfPack(good, victim);
        assertFalse(inVictim.isEmpty());
        for (String rp : List.of("rp-1", "rp-2")) {
            Manifest m = damaged.readManifest("prod", rp);
            for (TypeSection t : m.types()) {
                for (BlobId chunk : t.chunks()) {
                    if (inVictim.contains(chunk)) {
                        expected.add(rp + " chunk " + chunk.hex());
                        continue;
                    }
                    for (ManifestEntry e : cleanReader.chunk(chunk)) {
                        if (inVictim.contains(e.blob())) {
                            expected.add(rp + " " + t.type().displayName() + " " + e.qualifiedName());
                        }
                    }
                }
            }
        }
        Set<String> named = new TreeSet<>();
        fv.damage().stream().filter(d -> d.kind().equals("object")).forEach(d -> named.add(d.recoveryPoint() + " " + d.object()));
        fv.damage().stream().filter(d -> d.kind().equals("chunk")).forEach(d -> named.add(d.recoveryPoint() + " chunk " + d.key()));
        assertEquals(expected, named);
        replace(raw, victim, good);
    }

    /** A copy of the vault with the pack {@code key} set to {@code bytes}. */
    private InMemoryObjectStore withPack(String key, byte[] bytes) {
        InMemoryObjectStore copy = new InMemoryObjectStore(s.clock);
        for (String k : raw.keys()) {
            copy.putIfAbsent(k, k.equals(key) ? bytes : raw.getBytes(k));
        }
        return copy;
    }

    /** The blobs in pack {@code key}: those of both recovery points that a copy of the vault without it cannot read. */
    private Set<BlobId> blobsOfPack(byte[] sealed, String key) {
        Repository full = open(withPack(key, sealed), provider);
        InMemoryObjectStore without = new InMemoryObjectStore(s.clock);
        for (String k : raw.keys()) {
            if (!k.equals(key)) {
                without.putIfAbsent(k, raw.getBytes(k));
            }
        }
        RecoveryPointReader reader = open(without, provider).openReader();
        Set<BlobId> out = new TreeSet<>();
        for (String rp : List.of("rp-1", "rp-2")) {
            for (BlobId id : blobIds(full, rp)) {
                try {
                    reader.readBlob(id);
                } catch (DataCorruptionException inThatPack) {
                    out.add(id);
                }
            }
        }
        return out;
    }

    private static void replace(InMemoryObjectStore store, String key, byte[] bytes) {
        store.delete(key);
        store.putIfAbsent(key, bytes);
    }

    @Test
    void collectionWriteOnceStoresAndCrashesWorkOnAnEncryptedVault() {
        Duration period = Duration.ofDays(7);
        WriteOnceObjectStore store = new WriteOnceObjectStore(raw, period, s.clock);
        Repository repo = open(store, provider);
        s.backup(repo, s.source, s.snapshotter(), "rp-1");
        s.change();
        s.backup(repo, s.source, s.snapshotter(), "rp-2");
        List<String> rp2 = VaultScenario.describe(repo, "rp-2");

        // A backup that dies half-way leaves sealed garbage.
        s.change();
        FaultPlan crash = FaultPlan.crashAtCall(8).only(FaultPlan.WRITES);
        assertThrows(SimulatedCrash.class, () -> s.backup(open(new FaultInjectingObjectStore(store, crash), provider), s.source,
                s.snapshotter(), "rp-3"));
        s.clock.advance(period.plusDays(1));
        assertTrue(repo.deleteRecoveryPoint("prod", "rp-1"));
        long before = packs(raw);
        GcResult gc = repo.collectGarbage();
        assertFalse(gc.deferred(), String.valueOf(gc.deferredBecause()));
        assertTrue(gc.packsDeleted() > 0, gc.toString());
        assertEquals(before - gc.packsDeleted(), packs(raw));
        VerifyReport v = repo.verify();
        assertTrue(v.ok(), v.damage().toString());
        assertEquals(List.of("rp-2"), repo.recoveryPointIds("prod"));
        assertEquals(rp2, VaultScenario.describe(open(store, provider), "rp-2"));
        JobStatus next = s.backup(repo, s.source, s.snapshotter(), "rp-3").job().status();
        assertTrue(next == JobStatus.Completed || next == JobStatus.CompletedWithWarnings, next.toString());
        assertTrue(repo.verify().ok());
    }
}
