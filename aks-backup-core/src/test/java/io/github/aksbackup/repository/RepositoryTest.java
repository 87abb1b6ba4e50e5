package io.github.aksbackup.repository;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.aksbackup.api.DataCorruptionException;
import io.github.aksbackup.api.DataStoreType;
import io.github.aksbackup.api.NotFoundException;
import io.github.aksbackup.api.recovery.DataStoreDetail;
import io.github.aksbackup.api.recovery.DataStoreState;
import io.github.aksbackup.api.recovery.RecoveryPoint;
import io.github.aksbackup.api.recovery.RecoveryPointStatus;
import io.github.aksbackup.api.recovery.RecoveryPointType;
import io.github.aksbackup.spi.ResourceType;
import io.github.aksbackup.testkit.InMemoryObjectStore;
import io.github.aksbackup.testkit.ManualClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

class RepositoryTest {
    static final ResourceType CONFIGMAPS = new ResourceType("", "v1", "ConfigMap", "configmaps", true,
            Set.of("list", "get", "create"));
    static final ResourceType NAMESPACES = new ResourceType("", "v1", "Namespace", "namespaces", false,
            Set.of("list", "get", "create"));

    final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
    final InMemoryObjectStore store = new InMemoryObjectStore(clock);
    final RepositoryOptions smallPacks = RepositoryOptions.DEFAULTS.withPackTargetBytes(16 * 1024);

    static Map<String, Object> configMap(int i, String value) {
        Map<String, Object> md = new LinkedHashMap<>();
        md.put("name", "cm-" + i);
        md.put("namespace", "ns-" + (i % 7));
        md.put("labels", Map.of("app", "a" + (i % 3)));
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("apiVersion", "v1");
        o.put("kind", "ConfigMap");
        o.put("metadata", md);
        o.put("data", Map.of("key", value + "-" + i, "pad", "x".repeat(i % 200)));
        return o;
    }

    RecoveryPoint rp(String id) {
        return new RecoveryPoint(id, "inst", clock.instant(), RecoveryPointType.OnDemand, "Default", RecoveryPointStatus.Completed,
                List.of(new DataStoreDetail(DataStoreType.OperationalStore, clock.instant(), null, DataStoreState.Available)),
                0, 0, List.of());
    }

    Manifest write(Repository repo, String id, int n, IntFunction<Map<String, Object>> object) {
        try (RecoveryPointWriter w = repo.startRecoveryPoint("inst", id)) {
            w.beginType(NAMESPACES);
            for (int ns = 0; ns < 7; ns++) {
                w.add(null, "ns-" + ns, Map.of("apiVersion", "v1", "kind", "Namespace", "metadata", Map.of("name", "ns-" + ns)));
            }
            w.endType();
            w.beginType(CONFIGMAPS);
            for (int i = 0; i < n; i++) {
                Map<String, Object> o = object.apply(i);
                @SuppressWarnings("unchecked")
                Map<String, Object> md = (Map<String, Object>) o.get("metadata");
                w.add((String) md.get("namespace"), (String) md.get("name"), o);
            }
            w.endType();
            return w.commit(rp(id), "job-" + id, "cluster", "policy", Map.of("includedNamespaces", List.of()));
        }
    }

    List<Map<String, Object>> readAll(Repository repo, Manifest m, ResourceType type) {
        RecoveryPointReader r = repo.openReader();
        List<Map<String, Object>> out = new ArrayList<>();
        TypeSection s = m.section(type.group(), type.kind()).orElseThrow();
        for (ManifestEntry e : r.entries(s)) {
            out.add(r.readObject(e));
        }
        return out;
    }

    @Test
    void readsBackEveryObjectInListingOrder() {
        Repository repo = Repository.open(store, clock, smallPacks);
        Manifest m = write(repo, "rp1", 3000, i -> configMap(i, "v"));
        Manifest read = repo.readManifest("inst", "rp1");
        assertEquals(m, read);
        assertEquals(3007, read.recoveryPoint().objectCount());
        List<Map<String, Object>> objects = readAll(repo, read, CONFIGMAPS);
        assertEquals(3000, objects.size());
        for (int i = 0; i < 3000; i++) {
            assertEquals(CanonicalJson.writeString(configMap(i, "v")), CanonicalJson.writeString(objects.get(i)));
        }
        assertTrue(store.keys().stream().filter(k -> k.startsWith("packs/")).count() > 3, "several packs");
        assertTrue(read.section("", "ConfigMap").orElseThrow().chunks().size() >= 2, "entries span several chunks");
    }

    @Test
    void secondBackupOfUnchangedObjectsWritesOnlyAManifest() {
        Repository repo = Repository.open(store, clock, smallPacks);
        write(repo, "rp1", 3000, i -> configMap(i, "v"));
        Set<String> before = new HashSet<>(store.keys());
        long dataBefore = dataBytes();
        Manifest second = write(repo, "rp2", 3000, i -> configMap(i, "v"));
        Set<String> added = new HashSet<>(store.keys());
        added.removeAll(before);
        assertEquals(Set.of(Manifest.key("inst", "rp2")), added);
        assertEquals(dataBefore, dataBytes());
        assertEquals(repo.readManifest("inst", "rp1").types(), second.types());
    }

    long dataBytes() {
        long n = 0;
        for (io.github.aksbackup.spi.ObjectInfo o : store.list("")) {
            n += o.key().startsWith("packs/") || o.key().startsWith("index/") ? o.size() : 0;
        }
        return n;
    }

    @Test
    void oneChangedObjectChangesOneChunkAndStoresOneObject() {
        Repository repo = Repository.open(store, clock, smallPacks);
        Manifest first = write(repo, "rp1", 3000, i -> configMap(i, "v"));
        Manifest second;
        try (RecoveryPointWriter w = repo.startRecoveryPoint("inst", "rp2")) {
            w.beginType(CONFIGMAPS);
            for (int i = 0; i < 3000; i++) {
                Map<String, Object> o = configMap(i, i == 1500 ? "changed" : "v");
                w.add("ns-" + (i % 7), "cm-" + i, o);
            }
            w.endType();
            assertEquals(1, w.newObjects());
            second = w.commit(rp("rp2"), null, null, null, null);
        }
        List<BlobId> a = first.section("", "ConfigMap").orElseThrow().chunks();
        List<BlobId> b = second.section("", "ConfigMap").orElseThrow().chunks();
        assertEquals(a.size(), b.size());
        int differing = 0;
        for (int i = 0; i < a.size(); i++) {
            differing += a.get(i).equals(b.get(i)) ? 0 : 1;
        }
        assertEquals(1, differing);
    }

    @Test
    void refusesAVaultOfAnotherFormatVersion() {
        store.putIfAbsent("config.json", "{\"format\":\"aks-backup-repository\",\"version\":2}".getBytes(StandardCharsets.UTF_8));
        UnsupportedFormatException e = assertThrows(UnsupportedFormatException.class, () -> Repository.open(store, clock));
        assertTrue(e.getMessage().contains("version 2"), e.getMessage());
        assertTrue(e.getMessage().contains("reads version 1"), e.getMessage());
    }

    @Test
    void refusesAManifestOfAnotherFormatVersion() {
        Repository repo = Repository.open(store, clock, smallPacks);
        write(repo, "rp1", 10, i -> configMap(i, "v"));
        String key = Manifest.key("inst", "rp1");
        store.tamper(key, b -> new String(b, StandardCharsets.UTF_8).replace("\"version\":1}", "\"version\":3}")
                .getBytes(StandardCharsets.UTF_8));
        UnsupportedFormatException e = assertThrows(UnsupportedFormatException.class, () -> repo.readManifest("inst", "rp1"));
        assertTrue(e.getMessage().contains("manifest " + key), e.getMessage());
    }

    @Test
    void aTamperedManifestFailsItsChecksum() {
        Repository repo = Repository.open(store, clock, smallPacks);
        write(repo, "rp1", 10, i -> configMap(i, "v"));
        store.tamper(Manifest.key("inst", "rp1"), b -> new String(b, StandardCharsets.UTF_8)
                .replace("\"tag\":\"Default\"", "\"tag\":\"Yearly\"").getBytes(StandardCharsets.UTF_8));
        DataCorruptionException e = assertThrows(DataCorruptionException.class, () -> repo.readManifest("inst", "rp1"));
        assertTrue(e.getMessage().contains("checksum"), e.getMessage());
    }

    @Test
    void refusesAPackOfAnotherFormatVersion() {
        Repository repo = Repository.open(store, clock, smallPacks);
        write(repo, "rp1", 10, i -> configMap(i, "v"));
        String pack = store.keys().stream().filter(k -> k.startsWith("packs/")).findFirst().orElseThrow();
        byte[] bytes = store.getBytes(pack);
        bytes[8] = 9;
        assertThrows(UnsupportedFormatException.class, () -> RepositoryFormat.readTrailer(bytes, pack));
    }

    @Test
    void damagedPackNamesTheDamagedObjectsAndTheOthersStayReadable() {
        Repository repo = Repository.open(store, clock, smallPacks);
        Manifest m = write(repo, "rp1", 3000, i -> configMap(i, "v"));
        String pack = store.keys().stream().filter(k -> k.startsWith("packs/")).findFirst().orElseThrow();
        store.tamper(pack, b -> {
            for (int i = 1000; i < 1010; i++) {
                b[i] ^= 0x5a;
            }
            return b;
        });
        RecoveryPointReader r = repo.openReader();
        List<String> damaged = new ArrayList<>();
        int ok = 0;
        for (TypeSection s : m.types()) {
            for (ManifestEntry e : r.entries(s)) {
                try {
                    r.readObject(e);
                    ok++;
                } catch (DataCorruptionException ex) {
                    assertTrue(ex.getMessage().startsWith(e.qualifiedName() + ": blob "), ex.getMessage());
                    damaged.add(e.qualifiedName());
                }
            }
        }
        assertFalse(damaged.isEmpty());
        assertTrue(damaged.size() < 20, "only objects near the damage: " + damaged);
        assertEquals(3007 - damaged.size(), ok);

        VerifyReport report = repo.verify();
        assertFalse(report.ok());
        List<String> reported = report.damage().stream().filter(d -> d.kind().equals("object"))
                .map(d -> d.object().substring(d.object().indexOf(' ') + 1)).toList();
        assertEquals(damaged, reported);
        assertTrue(report.damage().stream().anyMatch(d -> d.kind().equals("pack") && d.key().equals(pack)));
        assertEquals(damaged.size(), report.damagedObjects());
    }

    @Test
    void verifyOfAHealthyVaultFindsNothing() {
        Repository repo = Repository.open(store, clock, smallPacks);
        write(repo, "rp1", 500, i -> configMap(i, "v"));
        write(repo, "rp2", 600, i -> configMap(i, "w"));
        VerifyReport report = repo.verify();
        assertTrue(report.ok(), report.damage().toString());
        assertEquals(2, report.recoveryPoints());
        assertEquals(1114, report.objects());
    }

    @Test
    void aMissingPackIsReportedPerObject() {
        Repository repo = Repository.open(store, clock, smallPacks);
        write(repo, "rp1", 500, i -> configMap(i, "v"));
        String pack = store.keys().stream().filter(k -> k.startsWith("packs/")).reduce((a, b) -> b).orElseThrow();
        store.delete(pack);
        VerifyReport report = repo.verify();
        assertTrue(report.damage().stream().anyMatch(d -> d.kind().equals("pack") && d.message().startsWith("missing")));
        assertTrue(report.damagedObjects() > 0 || report.damage().stream().anyMatch(d -> d.kind().equals("chunk")));
    }

    @Test
    void aDamagedIndexFileCostsNothingBecauseReadsFallBackToPackTrailers() {
        Repository repo = Repository.open(store, clock, smallPacks);
        Manifest m = write(repo, "rp1", 500, i -> configMap(i, "v"));
        for (String k : store.keys()) {
            if (k.startsWith("index/")) {
                store.tamper(k, b -> {
                    b[b.length - 3] ^= 1;
                    return b;
                });
            }
        }
        assertEquals(500, readAll(repo, m, CONFIGMAPS).size());
        VerifyReport report = repo.verify();
        assertTrue(report.damage().stream().allMatch(d -> d.kind().equals("index")), report.damage().toString());
        assertEquals(0, report.damagedObjects());
    }

    @Test
    void markersAreWriteOnce() {
        Repository repo = Repository.open(store, clock, smallPacks);
        write(repo, "rp1", 1, i -> configMap(i, "v"));
        assertTrue(repo.putMarker("inst", "rp1", "vault-copy", Map.of("at", "t1")));
        assertFalse(repo.putMarker("inst", "rp1", "vault-copy", Map.of("at", "t2")));
        assertEquals(Map.of("vault-copy", Map.of("at", "t1")), repo.markers("inst", "rp1"));
    }

    @Test
    void committingAnExistingRecoveryPointIsAConflict() {
        Repository repo = Repository.open(store, clock, smallPacks);
        write(repo, "rp1", 1, i -> configMap(i, "v"));
        assertThrows(io.github.aksbackup.api.ConflictException.class, () -> repo.startRecoveryPoint("inst", "rp1"));
    }

    @Test
    void garbageCollectionReclaimsTheDataOfDeletedRecoveryPointsOnly() {
        Repository repo = Repository.open(store, clock, smallPacks);
        write(repo, "rp1", 2000, i -> configMap(i, "old"));
        Manifest keep = write(repo, "rp2", 2000, i -> configMap(i, "new"));
        repo.putMarker("inst", "rp1", "vault-copy", Map.of());
        long packsBefore = store.keys().stream().filter(k -> k.startsWith("packs/")).count();
        assertTrue(repo.deleteRecoveryPoint("inst", "rp1"));

        GcResult gc = repo.collectGarbage();
        assertFalse(gc.deferred());
        assertEquals(1, gc.recoveryPoints());
        assertTrue(gc.packsDeleted() > 0);
        assertTrue(store.keys().stream().filter(k -> k.startsWith("packs/")).count() < packsBefore);
        assertEquals(2000, readAll(repo, keep, CONFIGMAPS).size());
        assertTrue(repo.verify().ok());
        assertEquals(1, store.keys().stream().filter(k -> k.startsWith("index/")).count(), "one consolidated index");

        // Nothing more to do the second time.
        GcResult again = repo.collectGarbage();
        assertEquals(0, again.packsDeleted());
        assertEquals(0, again.indexFilesReplaced());

        repo.deleteRecoveryPoint("inst", "rp2");
        repo.collectGarbage();
        assertTrue(store.keys().stream().noneMatch(k -> k.startsWith("packs/") || k.startsWith("index/")), store.keys().toString());
    }

    @Test
    void garbageCollectionWaitsForABackupInProgressUntilItGoesStale() {
        Repository repo = Repository.open(store, clock, smallPacks);
        RecoveryPointWriter crashed = repo.startRecoveryPoint("inst", "rp-crash");
        crashed.beginType(CONFIGMAPS);
        for (int i = 0; i < 1000; i++) {
            crashed.add("ns", "cm-" + i, configMap(i, "v"));
        }
        crashed.endType();
        // The process dies here: no commit, no close.
        assertTrue(store.keys().stream().anyMatch(k -> k.startsWith("packs/")));
        assertEquals(List.of(), repo.recoveryPointIds("inst"));

        GcResult deferred = repo.collectGarbage();
        assertTrue(deferred.deferred());
        assertTrue(deferred.deferredBecause().contains("rp-crash"), deferred.deferredBecause());
        assertTrue(store.keys().stream().anyMatch(k -> k.startsWith("packs/")));

        clock.advance(Duration.ofHours(7));
        GcResult gc = repo.collectGarbage();
        assertNull(gc.deferredBecause());
        assertEquals(1, gc.staleMarkersRemoved());
        assertTrue(gc.packsDeleted() > 0);
        assertEquals(List.of("config.json"), store.keys());
    }

    @Test
    void aBackupStartedDuringCollectionDoesNotDeduplicate() {
        Repository repo = Repository.open(store, clock, smallPacks);
        write(repo, "rp1", 100, i -> configMap(i, "v"));
        repo.runMarkers().start(RepositoryFormat.GC, "running", Map.of());
        try (RecoveryPointWriter w = repo.startRecoveryPoint("inst", "rp2")) {
            assertFalse(w.deduplicating());
            w.beginType(CONFIGMAPS);
            for (int i = 0; i < 100; i++) {
                assertTrue(w.add("ns", "cm-" + i, configMap(i, "v")).stored());
            }
            w.endType();
        }
        clock.advance(Duration.ofHours(7));
        try (RecoveryPointWriter w = repo.startRecoveryPoint("inst", "rp3")) {
            assertTrue(w.deduplicating(), "a stale collection marker does not count");
        }
    }

    @Test
    void unknownRecoveryPointIsNotFound() {
        Repository repo = Repository.open(store, clock);
        assertThrows(NotFoundException.class, () -> repo.readManifest("inst", "nope"));
        assertNotEquals("", repo.repositoryId());
    }
}
