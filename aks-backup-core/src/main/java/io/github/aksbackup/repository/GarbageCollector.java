package io.github.aksbackup.repository;

import io.github.aksbackup.api.DataCorruptionException;
import io.github.aksbackup.spi.ObjectInfo;
import io.github.aksbackup.spi.ObjectStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mark and sweep over the live manifests. The order of the steps is what makes it safe beside
 * concurrent backups and after crashes at any point:
 * <ol>
 *   <li>write the collection marker;</li>
 *   <li>list packs and index files (only these may be touched);</li>
 *   <li>look for live backup sessions and defer if there is one (a session that starts later sees
 *       our marker and does not deduplicate, so it never refers to listed packs);</li>
 *   <li>mark every blob reachable from every manifest; a damaged manifest or chunk stops the
 *       collection, because what it references is unknown;</li>
 *   <li>write one consolidated index of the live blobs of the listed packs, then delete the listed
 *       index files it covers, then the listed packs without live blobs: an index never names a
 *       deleted pack, so no backup can deduplicate against a blob that is gone;</li>
 *   <li>remove stale session and collection markers.</li>
 * </ol>
 * Packs that are partly live are kept whole. Under a store's retention policy (write-once), objects
 * it may not delete yet are counted and left for a later collection; the packs an index file names
 * stay as long as that file does.
 */
final class GarbageCollector {
    private static final Logger LOG = LoggerFactory.getLogger(GarbageCollector.class);

    private final Repository repo;
    private final ObjectStore store;
    private int locked;

    GarbageCollector(Repository repo) {
        this.repo = repo;
        this.store = repo.store();
    }

    GcResult run() {
        String marker = repo.runMarkers().start(RepositoryFormat.GC, UUID.randomUUID().toString(), Map.of());
        try {
            return collect();
        } finally {
            try {
                repo.runMarkers().end(marker);
            } catch (RuntimeException e) {
                // It goes stale; backups meanwhile write without deduplicating, which is safe.
                LOG.warn("cannot end collection marker {}: {}", marker, e.getMessage());
            }
        }
    }

    private GcResult collect() {
        Map<BlobId, Long> packs = new LinkedHashMap<>();
        for (ObjectInfo o : store.list(RepositoryFormat.PACKS)) {
            BlobId id = RepositoryFormat.packOfKey(o.key());
            if (id != null) {
                packs.put(id, o.size());
            }
        }
        Map<String, Long> indexFiles = new LinkedHashMap<>();
        for (ObjectInfo o : store.list(RepositoryFormat.INDEX)) {
            indexFiles.put(o.key(), o.size());
        }
        List<String> staleSessions = new ArrayList<>();
        Map<String, Instant> sessions = repo.runMarkers().live(RepositoryFormat.SESSIONS, staleSessions);
        if (!sessions.isEmpty()) {
            Map.Entry<String, Instant> s = sessions.entrySet().iterator().next();
            String why = "backup session " + s.getKey() + " has been in progress since " + s.getValue();
            LOG.info("garbage collection deferred: {}", why);
            return new GcResult(why, 0, 0, 0, 0, 0, 0, 0, List.of());
        }

        BlobIndex index = new BlobIndex();
        Map<String, List<BlobId>> packsOfIndexFile = new LinkedHashMap<>();
        List<String> damagedIndexFiles = new ArrayList<>();
        for (String key : indexFiles.keySet()) {
            List<BlobId> named = repo.objects().loadIndexFile(key, index, damagedIndexFiles);
            if (named != null) {
                packsOfIndexFile.put(key, named);
            }
        }
        if (!damagedIndexFiles.isEmpty()) {
            throw new DataCorruptionException("garbage collection stopped: index file " + damagedIndexFiles.get(0)
                    + " is damaged, so it is unknown which packs hold live data");
        }

        List<String> warnings = new ArrayList<>();
        BitSet live = new BitSet(index.size());
        RecoveryPointReader reader = new RecoveryPointReader(repo, index);
        int manifests = 0;
        LateIndex late = new LateIndex(indexFiles.keySet(), index);
        for (Map.Entry<String, List<String>> byInstance : listRecoveryPoints().entrySet()) {
            String instance = byInstance.getKey();
            for (String rpId : byInstance.getValue()) {
                Manifest m;
                try {
                    m = repo.readManifest(instance, rpId);
                } catch (io.github.aksbackup.api.NotFoundException e) {
                    continue;
                }
                manifests++;
                for (TypeSection s : m.types()) {
                    for (BlobId chunk : s.chunks()) {
                        int ord = late.find(chunk);
                        if (ord < 0) {
                            throw new DataCorruptionException("garbage collection stopped: chunk " + chunk.shortHex()
                                    + " of recovery point " + rpId + " is missing, so its live objects are unknown");
                        }
                        live.set(ord);
                        for (ManifestEntry e : reader.chunk(chunk)) {
                            int o = late.find(e.blob());
                            if (o >= 0) {
                                live.set(o);
                            } else if (warnings.size() < 100) {
                                warnings.add("recovery point " + rpId + " references " + s.type().kind() + " "
                                        + e.qualifiedName() + " whose blob " + e.blob().shortHex() + " the vault does not hold");
                            }
                        }
                    }
                }
            }
        }

        boolean[] packLive = new boolean[index.packCount()];
        for (int ord = live.nextSetBit(0); ord >= 0; ord = live.nextSetBit(ord + 1)) {
            packLive[index.pack(ord)] = true;
        }
        Set<BlobId> livePacks = new HashSet<>();
        for (int p = 0; p < packLive.length; p++) {
            if (packLive[p] && packs.containsKey(index.packId(p))) {
                livePacks.add(index.packId(p));
            }
        }

        // Index files naming only listed packs may be replaced; others belong to a newer backup, and
        // the packs they name are left alone.
        List<String> replaceable = new ArrayList<>();
        Set<BlobId> protectedPacks = new HashSet<>(late.packs);
        for (Map.Entry<String, List<BlobId>> f : packsOfIndexFile.entrySet()) {
            if (packs.keySet().containsAll(f.getValue())) {
                replaceable.add(f.getKey());
            } else {
                protectedPacks.addAll(f.getValue());
            }
        }
        Set<BlobId> deadPacks = new HashSet<>();
        for (BlobId p : packs.keySet()) {
            if (!livePacks.contains(p) && !protectedPacks.contains(p)) {
                deadPacks.add(p);
            }
        }
        boolean rewrite = false;
        for (String key : replaceable) {
            rewrite |= packsOfIndexFile.get(key).stream().anyMatch(deadPacks::contains);
        }
        long freed = 0;
        int replaced = 0;
        if (rewrite) {
            boolean[] keep = new boolean[index.packCount()];
            boolean any = false;
            for (int p = 0; p < keep.length; p++) {
                keep[p] = livePacks.contains(index.packId(p));
                any |= keep[p];
            }
            String newKey = null;
            if (any) {
                newKey = repo.objects().putIndexFile(RepositoryFormat.encodeIndex(index, 0, index.size(), p -> keep[p])).key();
            }
            for (String key : replaceable) {
                if (key.equals(newKey)) {
                    continue;
                }
                Deletion d = delete(key);
                if (d == Deletion.DELETED) {
                    freed += indexFiles.get(key);
                    replaced++;
                } else if (d == Deletion.LOCKED) {
                    // The file stays and names its packs: deleting them now would let a backup
                    // deduplicate against blobs that are gone.
                    deadPacks.removeAll(packsOfIndexFile.get(key));
                }
            }
        }
        int deletedPacks = 0;
        for (BlobId p : deadPacks) {
            if (delete(RepositoryFormat.packKey(p)) == Deletion.DELETED) {
                deletedPacks++;
                freed += packs.get(p);
            }
        }

        int staleRemoved = 0;
        List<String> staleGc = new ArrayList<>();
        repo.runMarkers().live(RepositoryFormat.GC, staleGc);
        for (String key : concat(staleSessions, staleGc)) {
            if (delete(key) == Deletion.DELETED) {
                staleRemoved++;
            }
        }
        if (locked > 0) {
            LOG.info("garbage collection: {} objects are under the store's retention policy and stay until a later collection", locked);
        }
        LOG.info("garbage collection: {} recovery points, {} live blobs, {} packs deleted, {} bytes freed",
                manifests, live.cardinality(), deletedPacks, freed);
        return new GcResult(null, manifests, live.cardinality(), deletedPacks, freed, replaced, staleRemoved, locked, warnings);
    }

    /**
     * The recovery points, listed after the session check: one committed later comes from a backup
     * that started after that check, saw the collection marker and so wrote every blob it references
     * into packs this collection did not list and will not delete.
     */
    private Map<String, List<String>> listRecoveryPoints() {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String instance : repo.instancesWithRecoveryPoints()) {
            out.put(instance, repo.recoveryPointIds(instance));
        }
        return out;
    }

    /**
     * Index files written after the listing, read on the first blob the listed ones do not know: a
     * backup that committed between the listing and the session check indexed its last packs there.
     * The packs they name are kept whole by this collection.
     */
    private final class LateIndex {
        private final Set<String> listed;
        private final BlobIndex index;
        final Set<BlobId> packs = new HashSet<>();
        private boolean loaded;

        LateIndex(Set<String> listed, BlobIndex index) {
            this.listed = listed;
            this.index = index;
        }

        int find(BlobId id) {
            int ord = index.find(id);
            if (ord < 0 && !loaded) {
                loaded = true;
                List<String> damaged = new ArrayList<>();
                for (ObjectInfo o : store.list(RepositoryFormat.INDEX)) {
                    if (!listed.contains(o.key())) {
                        List<BlobId> named = repo.objects().loadIndexFile(o.key(), index, damaged);
                        if (named != null) {
                            packs.addAll(named);
                        }
                    }
                }
                ord = index.find(id);
            }
            return ord;
        }
    }

    private enum Deletion { DELETED, ABSENT, LOCKED }

    /** Deletes one object; one that a retention policy still protects is counted and left for later. */
    private Deletion delete(String key) {
        try {
            return store.delete(key) ? Deletion.DELETED : Deletion.ABSENT;
        } catch (RuntimeException e) {
            if (!Repository.isLocked(e)) {
                throw e;
            }
            locked++;
            return Deletion.LOCKED;
        }
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }
}
