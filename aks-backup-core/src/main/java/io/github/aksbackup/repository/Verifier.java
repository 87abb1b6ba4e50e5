package io.github.aksbackup.repository;

import io.github.aksbackup.internal.Compression;
import io.github.aksbackup.api.AksBackupException;
import io.github.aksbackup.api.NotFoundException;
import io.github.aksbackup.spi.ObjectInfo;
import io.github.aksbackup.spi.ObjectStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a vault back completely: every index file, every pack (each blob decompressed and hashed,
 * one pack in memory at a time), every manifest and chunk; then names each object entry whose blob is
 * damaged or missing, per recovery point.
 */
final class Verifier {
    private final Repository repo;
    private final ObjectStore store;
    private final List<VerifyReport.Damage> damage = new ArrayList<>();
    private long damagedObjects;
    /** Sealed objects per key id (encrypted vaults). */
    private final Map<String, Long> keyIds = new java.util.TreeMap<>();

    /** Where the catalog keeps its records (package {@code catalog}). */
    private static final String CATALOG = RepositoryFormat.CATALOG;

    Verifier(Repository repo) {
        this.repo = repo;
        this.store = repo.store();
    }

    VerifyReport run() {
        BlobIndex index = new BlobIndex();
        List<String> damagedIndex = new ArrayList<>();
        int indexFiles = 0;
        for (ObjectInfo o : store.list(RepositoryFormat.INDEX)) {
            indexFiles++;
            try {
                repo.objects().loadIndexFile(o.key(), index, damagedIndex, keyIds);
            } catch (AksBackupException e) {
                // The key that sealed it is not available: its blobs are looked for in the pack trailers.
                damage.add(new VerifyReport.Damage("index", o.key(), null, null, null, e.getMessage()));
            }
        }
        for (String key : damagedIndex) {
            damage.add(new VerifyReport.Damage("index", key, null, null, null,
                    "index file is damaged; its blobs are looked up in the pack trailers instead"));
        }

        // Ordinals by pack, so each pack is read once.
        Map<BlobId, List<Integer>> byPack = new HashMap<>();
        for (int ord = 0; ord < index.size(); ord++) {
            byPack.computeIfAbsent(index.packId(index.pack(ord)), k -> new ArrayList<>()).add(ord);
        }
        Map<BlobId, String> badBlobs = new HashMap<>();
        Set<BlobId> seenPacks = new HashSet<>();
        BlobIndex trailerOnly = new BlobIndex();
        int packs = 0;
        long blobs = 0;
        for (ObjectInfo o : store.list(RepositoryFormat.PACKS)) {
            BlobId packId = RepositoryFormat.packOfKey(o.key());
            if (packId == null) {
                continue;
            }
            Optional<byte[]> read = repo.objects().fetchStoredPack(packId);
            if (read.isEmpty()) {
                continue;
            }
            packs++;
            seenPacks.add(packId);
            byte[] stored = read.get();
            repo.objects().countKey(keyIds, stored);
            boolean hashOk = BlobId.of(stored).equals(packId);
            if (!hashOk) {
                damage.add(new VerifyReport.Damage("pack", o.key(), null, null, null, "content does not match its SHA-256"));
            }
            byte[] bytes;
            try {
                bytes = repo.objects().openPack(packId, stored);
            } catch (AksBackupException e) {
                // A sealed pack opens whole or not at all: every blob the index places in it is lost.
                if (hashOk) {
                    damage.add(new VerifyReport.Damage("pack", o.key(), null, null, null, e.getMessage()));
                }
                for (int ord : byPack.getOrDefault(packId, List.of())) {
                    badBlobs.put(index.id(ord), "blob " + index.id(ord).shortHex() + " is in pack " + packId.shortHex()
                            + ", which cannot be opened: " + e.getMessage());
                }
                continue;
            }
            List<RepositoryFormat.PackEntry> entries = new ArrayList<>();
            for (int ord : byPack.getOrDefault(packId, List.of())) {
                entries.add(new RepositoryFormat.PackEntry(index.type(ord), index.id(ord), index.offset(ord),
                        index.length(ord), index.rawLength(ord)));
            }
            try {
                List<RepositoryFormat.PackEntry> trailer = RepositoryFormat.readTrailer(bytes, packId.shortHex());
                int tp = -1;
                for (RepositoryFormat.PackEntry e : trailer) {
                    if (index.find(e.id()) < 0) {
                        if (tp < 0) {
                            tp = trailerOnly.addPack(packId);
                        }
                        trailerOnly.add(e.type(), e.id(), tp, e.offset(), e.length(), e.rawLength());
                        entries.add(e);
                    }
                }
            } catch (IllegalArgumentException | AksBackupException e) {
                damage.add(new VerifyReport.Damage("pack", o.key(), null, null, null, "trailer unreadable: " + e.getMessage()));
            }
            for (RepositoryFormat.PackEntry e : entries) {
                blobs++;
                String problem = checkBlob(bytes, e);
                if (problem != null) {
                    badBlobs.put(e.id(), "blob " + e.id().shortHex() + " in pack " + packId.shortHex() + " is damaged: " + problem);
                }
            }
        }
        for (BlobId p : byPack.keySet()) {
            if (!seenPacks.contains(p)) {
                damage.add(new VerifyReport.Damage("pack", RepositoryFormat.packKey(p), null, null, null,
                        "missing: an index file names it but the vault does not hold it"));
                for (int ord : byPack.get(p)) {
                    badBlobs.put(index.id(ord), "blob " + index.id(ord).shortHex() + " is missing: its pack " + p.shortHex() + " is gone");
                }
            }
        }

        int recoveryPoints = 0;
        long objects = 0;
        RecoveryPointReader reader = new RecoveryPointReader(repo, index);
        for (String instance : repo.instancesWithRecoveryPoints()) {
            for (String rpId : repo.recoveryPointIds(instance)) {
                Manifest m;
                try {
                    m = repo.objects().readManifest(instance, rpId, keyIds);
                } catch (NotFoundException e) {
                    continue;
                } catch (AksBackupException e) {
                    damage.add(new VerifyReport.Damage("manifest", Manifest.key(instance, rpId), instance, rpId, null, e.getMessage()));
                    continue;
                }
                recoveryPoints++;
                for (TypeSection s : m.types()) {
                    for (BlobId chunk : s.chunks()) {
                        String chunkProblem = problemOf(chunk, index, trailerOnly, badBlobs);
                        List<ManifestEntry> entries = null;
                        if (chunkProblem == null) {
                            try {
                                entries = reader.chunk(chunk);
                            } catch (AksBackupException e) {
                                chunkProblem = e.getMessage();
                            }
                        }
                        if (entries == null) {
                            damage.add(new VerifyReport.Damage("chunk", chunk.hex(), instance, rpId, null,
                                    "the list of some " + s.type().displayName() + " objects is lost: " + chunkProblem));
                            continue;
                        }
                        for (ManifestEntry e : entries) {
                            objects++;
                            String problem = problemOf(e.blob(), index, trailerOnly, badBlobs);
                            if (problem != null) {
                                damagedObjects++;
                                if (damagedObjects <= VerifyReport.MAX_LISTED) {
                                    damage.add(new VerifyReport.Damage("object", e.blob().hex(), instance, rpId,
                                            s.type().displayName() + " " + e.qualifiedName(), problem));
                                }
                            }
                        }
                    }
                }
            }
        }
        if (repo.encrypted()) {
            countRecords();
        }
        return new VerifyReport(indexFiles, packs, blobs, recoveryPoints, objects, damage, damagedObjects, keyIds);
    }

    /** Counts the keys of the catalog's sealed records, which an old key must also outlive. */
    private void countRecords() {
        for (ObjectInfo o : store.list(CATALOG)) {
            try {
                repo.objects().countKey(keyIds, store.getBytes(o.key()));
            } catch (NotFoundException e) {
                // Replaced meanwhile.
            }
        }
    }

    private static String problemOf(BlobId id, BlobIndex index, BlobIndex trailerOnly, Map<BlobId, String> bad) {
        String p = bad.get(id);
        if (p != null) {
            return p;
        }
        if (index.find(id) < 0 && trailerOnly.find(id) < 0) {
            return "blob " + id.shortHex() + " is missing: no pack of the vault holds it";
        }
        return null;
    }

    private static String checkBlob(byte[] pack, RepositoryFormat.PackEntry e) {
        if (e.offset() < 0 || (long) e.offset() + e.length() > pack.length) {
            return "it lies outside the pack";
        }
        try {
            byte[] raw = Compression.decompress(pack, e.offset(), e.length(), e.rawLength());
            return BlobId.of(raw).equals(e.id()) ? null : "its content does not match its SHA-256";
        } catch (IllegalArgumentException ex) {
            return ex.getMessage();
        }
    }
}
