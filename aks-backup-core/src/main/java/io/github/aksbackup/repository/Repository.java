package io.github.aksbackup.repository;

import io.github.aksbackup.api.AksBackupException;
import io.github.aksbackup.api.DataCorruptionException;
import io.github.aksbackup.api.NotFoundException;
import io.github.aksbackup.resilience.RetryingObjectStore;
import io.github.aksbackup.spi.KeyProvider;
import io.github.aksbackup.spi.ObjectInfo;
import io.github.aksbackup.spi.ObjectStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The deduplicating, content-addressed store of recovery points in an {@link ObjectStore} (the
 * vault). Layout and encodings are in {@link RepositoryFormat}; this class explains how they are used.
 *
 * <p><b>Objects.</b> Each Kubernetes object is stored once per distinct content: its sanitized JSON
 * in {@link CanonicalJson canonical form} is hashed with SHA-256 and only written when the vault has
 * no blob of that hash. Blobs are compressed one by one and appended to a pack; a full pack (a few MB)
 * is uploaded under the hash of its bytes, and index files map each blob to its pack, offset and
 * lengths. A second backup of an unchanged cluster therefore writes no pack, no index file, only a new
 * manifest.
 *
 * <p><b>Recovery points.</b> A recovery point exists iff its manifest exists. The manifest is written
 * last, with put-if-absent, and never rewritten; it lists per resource type the chunk blobs that hold
 * the object entries (namespace, name, blob, size), so it stays a few KB even for 300,000 objects and
 * unchanged chunks are shared between recovery points. Chunk boundaries depend on the object keys
 * only, so one changed object changes one chunk. Later lifecycle events of a recovery point (vault
 * copy made, a copy expired) are separate write-once marker objects, never manifest rewrites, so a
 * time-based immutability policy on the container cannot break the vault.
 *
 * <p><b>Crashes and garbage.</b> Everything a crashed or failed backup wrote is unreferenced by any
 * manifest and reclaimed by {@link #collectGarbage}: mark every blob reachable from a manifest, drop
 * the packs holding none, rewrite the index without them. A backup in progress writes a session
 * marker first; collection is deferred while a session younger than {@link RepositoryOptions#staleAfter()}
 * exists, because that backup's packs are not referenced yet and the blobs it deduplicated against
 * must not vanish before its manifest lands. Symmetrically, collection writes its own marker first and
 * a backup that sees a live one does not deduplicate against the existing index, so it never refers to
 * a pack that collection may delete; each side writes its marker before looking for the other's, so at
 * least one of them sees the other.
 *
 * <p><b>Encryption.</b> A vault opened for the first time with a {@link KeyProvider} is created encrypted
 * and stays so: every pack (with its trailer), index file, manifest and catalog record is sealed with
 * AES-256-GCM under a fresh data key that the provider wraps (see {@link VaultKeys}). Blob ids, the
 * SHA-256 of plaintext, therefore appear only inside sealed objects; the keys of packs and index
 * files are the SHA-256 of their sealed bytes. Opening an encrypted vault proves that the provider
 * holds one of its keys before anything is written; an encrypted vault without a provider, or an
 * unencrypted one with a provider, is refused.
 *
 * <p><b>Integrity.</b> Every blob read is checked against its SHA-256 and damage raises
 * {@link DataCorruptionException} naming the blob and pack; {@link #verify} reads everything and names
 * damaged objects per recovery point. Readers refuse other format versions with
 * {@link UnsupportedFormatException}.
 *
 * <p><b>Where the code is.</b> This class is the entry point and keeps the recovery point listing and
 * the lifecycle markers; opening and the format check are in {@link VaultConfig}, the stored bytes of
 * packs, index files and manifests (sealed or not) in {@link VaultObjects}, the session and collection
 * markers in {@link RunMarkers}, writing in {@link RecoveryPointWriter}, reading in
 * {@link RecoveryPointReader}, collection in {@link GarbageCollector} and checking in {@link Verifier}.
 *
 * <p>Thread-safe.
 */
public final class Repository {
    private final ObjectStore store;
    private final Clock clock;
    private final RepositoryOptions options;
    private final String repositoryId;
    /** The vault's encryption, or {@code null} when it is not encrypted. */
    private final VaultKeys keys;
    private final VaultObjects objects;
    private final RunMarkers runMarkers;

    private Repository(ObjectStore store, Clock clock, RepositoryOptions options, String repositoryId, VaultKeys keys) {
        this.store = store;
        this.clock = clock;
        this.options = options;
        this.repositoryId = repositoryId;
        this.keys = keys;
        this.objects = new VaultObjects(store, keys);
        this.runMarkers = new RunMarkers(store, clock, options);
    }

    /** Opens the repository in {@code store} with default options, initializing an empty store. */
    public static Repository open(ObjectStore store, Clock clock) {
        return open(store, clock, RepositoryOptions.DEFAULTS);
    }

    /**
     * Opens the repository in {@code store} without ever initializing one: for tools that inspect a
     * vault and must not write into a location that is not one.
     *
     * @throws NotFoundException when the store holds no vault
     */
    public static Repository openExisting(ObjectStore store, Clock clock, RepositoryOptions options) {
        return openExisting(store, clock, options, null);
    }

    /**
     * {@link #openExisting(ObjectStore, Clock, RepositoryOptions)} with the key provider of an encrypted
     * vault ({@code null}: none).
     */
    public static Repository openExisting(ObjectStore store, Clock clock, RepositoryOptions options, KeyProvider keyProvider) {
        if (!store.exists(RepositoryFormat.CONFIG_KEY)) {
            throw new NotFoundException(store.describe() + " holds no aks-backup vault (it has no " + RepositoryFormat.CONFIG_KEY + ")");
        }
        return open(store, clock, options, keyProvider);
    }

    /** {@link #open(ObjectStore, Clock, RepositoryOptions, KeyProvider)} without encryption. */
    public static Repository open(ObjectStore store, Clock clock, RepositoryOptions options) {
        return open(store, clock, options, null);
    }

    /**
     * Opens the repository in {@code store}, initializing it when the store has no {@code config.json}.
     * Calls that fail transiently are repeated: {@code store} is used through a {@link RetryingObjectStore}
     * unless it is one already.
     *
     * <p>With a {@code keyProvider}, a new vault is created encrypted under the provider's keys, and an
     * encrypted vault is opened once the provider proved to hold one of its keys; nothing is written
     * before that proof.
     *
     * @param keyProvider the keys of an encrypted vault, or {@code null}
     * @throws UnsupportedFormatException when the vault has another format version
     * @throws DataCorruptionException when its configuration is damaged
     * @throws AksBackupException code {@code VaultEncrypted} when the vault is encrypted and no provider
     *     was given; {@value KeyProvider#KEY_UNAVAILABLE} or {@value KeyProvider#KEY_MISMATCH}, naming the
     *     vault's key ids, when the provider holds none of its keys; {@code VaultNotEncrypted} when a
     *     provider was given for a vault that is not encrypted
     */
    public static Repository open(ObjectStore store, Clock clock, RepositoryOptions options, KeyProvider keyProvider) {
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(options, "options");
        store = RetryingObjectStore.wrap(Objects.requireNonNull(store, "store"));
        VaultConfig.Opened opened = VaultConfig.open(store, clock, keyProvider);
        return new Repository(store, clock, options, opened.id(), opened.keys());
    }

    /** True when the vault is encrypted. */
    public boolean encrypted() {
        return keys != null;
    }

    /**
     * The ids of the keys an encrypted vault has been written with (each has a key check in the vault);
     * empty when it is not encrypted. {@link #verify()} counts the objects per key.
     */
    public List<String> encryptionKeyIds() {
        return keys == null ? List.of() : keys.keyIds();
    }

    /**
     * The store for the vault's other records (the catalog): in an encrypted vault every object put
     * through it is sealed, bound to its key, and opened when read.
     */
    public ObjectStore recordStore() {
        return keys == null ? store : new SealedObjectStore(store, keys);
    }

    /** The store the repository lives in. */
    public ObjectStore store() {
        return store;
    }

    /** The clock used for markers. */
    public Clock clock() {
        return clock;
    }

    /** The options. */
    public RepositoryOptions options() {
        return options;
    }

    /** The random id given to the vault when it was initialized. */
    public String repositoryId() {
        return repositoryId;
    }

    /**
     * Starts writing a recovery point. Close the writer in every case; only {@link
     * RecoveryPointWriter#commit} makes the recovery point exist.
     */
    public RecoveryPointWriter startRecoveryPoint(String instanceName, String recoveryPointId) {
        return new RecoveryPointWriter(this, instanceName, recoveryPointId);
    }

    /** Opens a reader for the objects of a recovery point. */
    public RecoveryPointReader openReader() {
        return new RecoveryPointReader(this, objects.loadIndex(new ArrayList<>()));
    }

    /** The recovery point ids of an instance, oldest first. */
    public List<String> recoveryPointIds(String instanceName) {
        String prefix = RepositoryFormat.manifestPrefix(instanceName);
        List<String> out = new ArrayList<>();
        for (ObjectInfo o : store.list(prefix)) {
            String rest = o.key().substring(prefix.length());
            if (rest.endsWith(".json") && rest.indexOf('/') < 0) {
                out.add(rest.substring(0, rest.length() - ".json".length()));
            }
        }
        return out;
    }

    /** Every instance that has at least one recovery point, in name order. */
    public List<String> instancesWithRecoveryPoints() {
        List<String> out = new ArrayList<>();
        for (ObjectInfo o : store.list(RepositoryFormat.MANIFESTS)) {
            String rest = o.key().substring(RepositoryFormat.MANIFESTS.length());
            int slash = rest.indexOf('/');
            if (slash > 0) {
                String name = rest.substring(0, slash);
                if (out.isEmpty() || !out.get(out.size() - 1).equals(name)) {
                    out.add(name);
                }
            }
        }
        return out;
    }

    /**
     * Reads and checks a manifest.
     *
     * @throws NotFoundException when the recovery point does not exist
     * @throws DataCorruptionException when the manifest is damaged
     */
    public Manifest readManifest(String instanceName, String recoveryPointId) {
        return objects.readManifest(instanceName, recoveryPointId, null);
    }

    /** True when the recovery point exists. */
    public boolean exists(String instanceName, String recoveryPointId) {
        return store.exists(Manifest.key(instanceName, recoveryPointId));
    }

    /**
     * Deletes a recovery point by deleting its manifest; its data becomes garbage that the next
     * {@link #collectGarbage} reclaims. Its lifecycle markers stay until {@link #deleteMarkers}.
     *
     * @return true when it existed
     */
    public boolean deleteRecoveryPoint(String instanceName, String recoveryPointId) {
        return store.delete(Manifest.key(instanceName, recoveryPointId));
    }

    /**
     * Records a lifecycle event of a recovery point as a write-once marker object.
     *
     * @return false when the marker existed already (the event was recorded before)
     */
    public boolean putMarker(String instanceName, String recoveryPointId, String event, Map<String, Object> content) {
        return store.putIfAbsent(markerKey(instanceName, recoveryPointId, event), CanonicalJson.write(content));
    }

    /** The lifecycle markers of a recovery point: event name → content, in event name order. */
    public Map<String, Map<String, Object>> markers(String instanceName, String recoveryPointId) {
        String prefix = markerKey(instanceName, recoveryPointId, "");
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        for (ObjectInfo o : store.list(prefix)) {
            try {
                out.put(o.key().substring(prefix.length()), CanonicalJson.parse(store.getBytes(o.key())));
            } catch (NotFoundException e) {
                // Removed concurrently.
            } catch (IllegalArgumentException e) {
                throw new DataCorruptionException("marker " + o.key() + " is damaged: not valid JSON");
            }
        }
        return out;
    }

    /** The lifecycle events of every recovery point of an instance: recovery point id → event names. */
    public Map<String, java.util.Set<String>> markerEvents(String instanceName) {
        String prefix = RepositoryFormat.markerPrefix(instanceName);
        Map<String, java.util.Set<String>> out = new LinkedHashMap<>();
        for (ObjectInfo o : store.list(prefix)) {
            String rest = o.key().substring(prefix.length());
            int slash = rest.indexOf('/');
            if (slash > 0) {
                out.computeIfAbsent(rest.substring(0, slash), k -> new java.util.TreeSet<>()).add(rest.substring(slash + 1));
            }
        }
        return out;
    }

    /**
     * Deletes every lifecycle marker of a recovery point; returns how many. Markers a retention
     * policy still protects are left (they name a recovery point that no longer exists).
     */
    public int deleteMarkers(String instanceName, String recoveryPointId) {
        int n = 0;
        for (ObjectInfo o : store.list(markerKey(instanceName, recoveryPointId, ""))) {
            try {
                n += store.delete(o.key()) ? 1 : 0;
            } catch (AksBackupException e) {
                if (!isLocked(e)) {
                    throw e;
                }
            }
        }
        return n;
    }

    static String markerKey(String instanceName, String recoveryPointId, String event) {
        return RepositoryFormat.markerKey(instanceName, recoveryPointId, event);
    }

    /** Reclaims what no recovery point references; see the class comment for the protocol. */
    public GcResult collectGarbage() {
        return new GarbageCollector(this).run();
    }

    /** Reads everything and reports damage by object and recovery point. */
    public VerifyReport verify() {
        return new Verifier(this).run();
    }

    /** The vault's packs, index files and manifests as stored bytes. */
    VaultObjects objects() {
        return objects;
    }

    /** The markers of running backups and collections. */
    RunMarkers runMarkers() {
        return runMarkers;
    }

    /** True when a delete was refused because the object is still under a retention policy. */
    static boolean isLocked(RuntimeException e) {
        return e instanceof AksBackupException a && ObjectStore.OBJECT_LOCKED.equals(a.code());
    }
}
