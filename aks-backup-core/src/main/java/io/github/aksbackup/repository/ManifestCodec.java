package io.github.aksbackup.repository;

import io.github.aksbackup.api.DataCorruptionException;
import io.github.aksbackup.api.recovery.RecoveryPoint;
import io.github.aksbackup.internal.Json;
import io.github.aksbackup.spi.ResourceType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Encodes manifests and entry chunks as canonical JSON. A manifest carries the SHA-256 of its own
 * canonical form without the {@code checksum} member, since its key is its recovery point id and not
 * its hash; chunks are blobs and verified by their id.
 */
final class ManifestCodec {
    static final String MANIFEST_FORMAT = "aks-backup-manifest";
    static final String CHUNK_FORMAT = "aks-backup-chunk";

    private ManifestCodec() {
    }

    static byte[] encode(Manifest m) {
        Map<String, Object> tree = new LinkedHashMap<>();
        tree.put("format", MANIFEST_FORMAT);
        tree.put("version", (long) RepositoryFormat.VERSION);
        tree.put("recoveryPoint", Json.toTree(m.recoveryPoint()));
        putIfNotNull(tree, "jobId", m.jobId());
        putIfNotNull(tree, "clusterRef", m.clusterRef());
        putIfNotNull(tree, "policyName", m.policyName());
        tree.put("configuration", m.configuration());
        List<Object> types = new ArrayList<>();
        for (TypeSection s : m.types()) {
            Map<String, Object> t = new LinkedHashMap<>();
            ResourceType rt = s.type();
            t.put("group", rt.group());
            t.put("version", rt.version());
            t.put("kind", rt.kind());
            t.put("plural", rt.plural());
            t.put("namespaced", rt.namespaced());
            t.put("count", s.count());
            t.put("bytes", s.bytes());
            t.put("chunks", s.chunks().stream().map(BlobId::hex).toList());
            types.add(t);
        }
        tree.put("types", types);
        tree.put("checksum", BlobId.of(CanonicalJson.write(tree)).hex());
        return CanonicalJson.write(tree);
    }

    private static void putIfNotNull(Map<String, Object> m, String k, Object v) {
        if (v != null) {
            m.put(k, v);
        }
    }

    @SuppressWarnings("unchecked")
    static Manifest decode(byte[] data, String key) {
        Map<String, Object> tree;
        try {
            tree = CanonicalJson.parse(data);
        } catch (IllegalArgumentException e) {
            throw new DataCorruptionException("manifest " + key + " is damaged: not valid JSON");
        }
        Object version = tree.get("version");
        if (!MANIFEST_FORMAT.equals(tree.get("format")) || !(version instanceof Number)) {
            throw new DataCorruptionException("manifest " + key + " is damaged: no format or version");
        }
        if (((Number) version).longValue() != RepositoryFormat.VERSION) {
            throw new UnsupportedFormatException("manifest " + key, ((Number) version).longValue());
        }
        Object checksum = tree.remove("checksum");
        if (!(checksum instanceof String) || !BlobId.of(CanonicalJson.write(tree)).hex().equals(checksum)) {
            throw new DataCorruptionException("manifest " + key + " is damaged: its checksum does not match its content");
        }
        try {
            RecoveryPoint rp = Json.fromTree(tree.get("recoveryPoint"), RecoveryPoint.class);
            List<TypeSection> types = new ArrayList<>();
            for (Object o : (List<Object>) tree.get("types")) {
                Map<String, Object> t = (Map<String, Object>) o;
                ResourceType rt = new ResourceType((String) t.get("group"), (String) t.get("version"),
                        (String) t.get("kind"), (String) t.get("plural"), (Boolean) t.get("namespaced"),
                        Set.of());
                List<BlobId> chunks = ((List<String>) t.get("chunks")).stream().map(BlobId::parse).toList();
                types.add(new TypeSection(rt, ((Number) t.get("count")).longValue(), ((Number) t.get("bytes")).longValue(), chunks));
            }
            return new Manifest(rp, (String) tree.get("jobId"), (String) tree.get("clusterRef"),
                    (String) tree.get("policyName"), (Map<String, Object>) tree.get("configuration"), types);
        } catch (RuntimeException e) {
            // The checksum matched, so the writer produced this: a bug or a foreign file, not bit rot.
            throw new DataCorruptionException("manifest " + key + " has a valid checksum but cannot be read: " + e.getMessage());
        }
    }

    static byte[] encodeChunk(List<ManifestEntry> entries) {
        List<Object> rows = new ArrayList<>(entries.size());
        for (ManifestEntry e : entries) {
            List<Object> row = new ArrayList<>(4);
            row.add(e.namespace());
            row.add(e.name());
            row.add(e.blob().hex());
            row.add(e.size());
            rows.add(row);
        }
        Map<String, Object> tree = new LinkedHashMap<>();
        tree.put("format", CHUNK_FORMAT);
        tree.put("version", (long) RepositoryFormat.VERSION);
        tree.put("entries", rows);
        return CanonicalJson.write(tree);
    }

    @SuppressWarnings("unchecked")
    static List<ManifestEntry> decodeChunk(byte[] data, BlobId id) {
        Map<String, Object> tree;
        try {
            tree = CanonicalJson.parse(data);
        } catch (IllegalArgumentException e) {
            throw new DataCorruptionException("chunk " + id.shortHex() + " is damaged: not valid JSON");
        }
        Object version = tree.get("version");
        if (!CHUNK_FORMAT.equals(tree.get("format")) || !(version instanceof Number)) {
            throw new DataCorruptionException("chunk " + id.shortHex() + " is damaged: no format or version");
        }
        if (((Number) version).longValue() != RepositoryFormat.VERSION) {
            throw new UnsupportedFormatException("chunk " + id.shortHex(), ((Number) version).longValue());
        }
        List<Object> rows = (List<Object>) tree.get("entries");
        List<ManifestEntry> out = new ArrayList<>(rows.size());
        for (Object r : rows) {
            List<Object> row = (List<Object>) r;
            out.add(new ManifestEntry((String) row.get(0), (String) row.get(1), BlobId.parse((String) row.get(2)),
                    ((Number) row.get(3)).longValue()));
        }
        return out;
    }
}
