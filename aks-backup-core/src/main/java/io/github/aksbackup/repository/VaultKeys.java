package io.github.aksbackup.repository;

import io.github.aksbackup.api.AksBackupException;
import io.github.aksbackup.api.DataCorruptionException;
import io.github.aksbackup.api.ErrorCode;
import io.github.aksbackup.crypto.EnvelopeCipher;
import io.github.aksbackup.spi.KeyProvider;
import io.github.aksbackup.spi.ObjectInfo;
import io.github.aksbackup.spi.ObjectStore;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The encryption of an encrypted vault: seals and opens its packs, index files, manifests and catalog
 * records with an {@link EnvelopeCipher}, and proves at opening, before anything is written, that the
 * key provider holds a key of this vault.
 *
 * <p>The proof is a <em>key check</em>: a constant sealed under a key of the vault, bound to the
 * vault's id. {@code config.json} holds the check of the key the vault was created with; each later
 * current key gets its own check object {@code keys/<sha256 of the key id>}, written (once) the first
 * time something is sealed under it, so a key retired from the provider is no longer needed to open
 * the vault once no object uses it.
 *
 * <p>Associated data binds every sealed object to its vault and kind; manifests and catalog records
 * also to their key. Packs and index files are stored under the SHA-256 of their sealed bytes, which
 * cannot be inside their own associated data: that hash, checked on every read, binds them to their key.
 */
final class VaultKeys {
    private static final Logger LOG = LoggerFactory.getLogger(VaultKeys.class);
    /** The only content algorithm. */
    static final String ALGORITHM = "AES-256-GCM";
    static final String KEYS = RepositoryFormat.KEYS;
    private static final byte[] CHECK = "aks-backup key check".getBytes(StandardCharsets.US_ASCII);

    private final ObjectStore store;
    private final EnvelopeCipher cipher;
    private final String vaultId;
    /** Key ids that have a key check in the vault. */
    private final Set<String> checked = ConcurrentHashMap.newKeySet();

    private VaultKeys(ObjectStore store, KeyProvider provider, String vaultId, List<String> checkedKeys) {
        this.store = store;
        this.cipher = new EnvelopeCipher(provider);
        this.vaultId = vaultId;
        this.checked.addAll(checkedKeys);
    }

    /** The {@code encryption} member of a new vault's configuration (its key check, never key material). */
    static Map<String, Object> newConfig(KeyProvider provider, String vaultId) {
        byte[] check = new EnvelopeCipher(provider).seal(CHECK, checkAad(vaultId));
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("algorithm", ALGORITHM);
        e.put("keyProvider", provider.describe());
        e.put("keyId", EnvelopeCipher.header(check, "the key check").keyId());
        e.put("check", Base64.getEncoder().encodeToString(check));
        return e;
    }

    /**
     * Opens the encryption of a vault whose configuration has an {@code encryption} member, proving that
     * {@code provider} holds one of its keys; reads only.
     *
     * @throws AksBackupException {@code VaultEncrypted} without a provider; {@value KeyProvider#KEY_UNAVAILABLE}
     *     or {@value KeyProvider#KEY_MISMATCH} naming the key ids when the provider cannot open the vault
     */
    static VaultKeys open(ObjectStore store, Map<?, ?> encryption, KeyProvider provider, String vaultId) {
        if (!ALGORITHM.equals(encryption.get("algorithm")) || !(encryption.get("check") instanceof String checkText)) {
            throw new AksBackupException(ErrorCode.UNSUPPORTED_ENCRYPTION, "the vault in " + store.describe() + " is encrypted with "
                    + encryption.get("algorithm") + ", which this release cannot read", "Use an aks-backup release that supports it.", null);
        }
        Map<String, byte[]> checks = new LinkedHashMap<>();
        byte[] configCheck;
        try {
            configCheck = Base64.getDecoder().decode(checkText);
            checks.put(EnvelopeCipher.header(configCheck, RepositoryFormat.CONFIG_KEY).keyId(), configCheck);
        } catch (IllegalArgumentException e) {
            throw new DataCorruptionException("the vault configuration " + RepositoryFormat.CONFIG_KEY + " in " + store.describe()
                    + " is damaged: its key check is not base64");
        }
        for (ObjectInfo o : store.list(KEYS)) {
            try {
                byte[] sealed = store.getBytes(o.key());
                checks.putIfAbsent(EnvelopeCipher.header(sealed, o.key()).keyId(), sealed);
            } catch (AksBackupException e) {
                // Removed meanwhile, or damaged: the other checks may still prove the key.
                LOG.warn("key check {} cannot be read: {}", o.key(), e.getMessage());
            }
        }
        if (provider == null) {
            throw new AksBackupException(ErrorCode.VAULT_ENCRYPTED, "the vault in " + store.describe() + " is encrypted (" + ALGORITHM
                    + ") with key " + String.join(", ", quoted(checks.keySet())) + "; opening it needs a key provider that holds "
                    + (checks.size() == 1 ? "it" : "one of them"),
                    "Give the vault's key: --key-file FILE on the command line, AksBackupClient.builder().keyProvider(...) in the SDK.",
                    null);
        }
        VaultKeys keys = new VaultKeys(store, provider, vaultId, List.copyOf(checks.keySet()));
        String current = provider.currentKeyId();
        List<String> order = new ArrayList<>();
        if (checks.containsKey(current)) {
            order.add(current);
        }
        List<String> others = new ArrayList<>(checks.keySet());
        others.remove(current);
        java.util.Collections.reverse(others);
        order.addAll(others);
        AksBackupException first = null;
        for (String id : order) {
            try {
                keys.cipher.open(checks.get(id), checkAad(vaultId), "the key check of key '" + id + "'");
                return keys;
            } catch (AksBackupException e) {
                if (first == null || first.errorCode() == ErrorCode.KEY_UNAVAILABLE && e.errorCode() != ErrorCode.KEY_UNAVAILABLE) {
                    first = e;
                }
            }
        }
        if (first != null && first.errorCode() != ErrorCode.KEY_UNAVAILABLE) {
            ErrorCode code = first instanceof DataCorruptionException ? ErrorCode.KEY_MISMATCH : first.errorCode();
            throw new AksBackupException(code, "the key provider (" + provider.describe() + ") does not open the vault in "
                    + store.describe() + ": " + first.getMessage(), "Give the key the vault was encrypted with; its key ids are "
                    + String.join(", ", quoted(checks.keySet())) + ".", null);
        }
        throw new AksBackupException(ErrorCode.KEY_UNAVAILABLE, "the vault in " + store.describe() + " is encrypted with key "
                + String.join(", ", quoted(checks.keySet())) + ", which " + provider.describe() + " does not hold (its current key is '"
                + current + "')", "Give a key provider that holds " + (checks.size() == 1 ? "that key" : "one of those keys")
                + "; keys that encrypted existing backups must stay available.", null);
    }

    private static List<String> quoted(Set<String> ids) {
        return ids.stream().map(i -> "'" + i + "'").toList();
    }

    private static byte[] checkAad(String vaultId) {
        return ("aks-backup key check " + vaultId).getBytes(StandardCharsets.UTF_8);
    }

    private byte[] aad(String kind, String place) {
        return ("aks-backup " + kind + " " + vaultId + (place == null ? "" : " " + place)).getBytes(StandardCharsets.UTF_8);
    }

    /** Key ids the vault has key checks for (the keys it has been written with, or opened by). */
    List<String> keyIds() {
        return List.copyOf(checked);
    }

    /**
     * Seals {@code length} bytes of an object of {@code kind}; {@code place} (its key, or {@code null} for
     * objects stored under the hash of their sealed bytes) is bound to it.
     */
    byte[] seal(String kind, byte[] plain, int offset, int length, String place) {
        ensureCheck();
        return cipher.seal(plain, offset, length, aad(kind, place));
    }

    /**
     * Opens a sealed object.
     *
     * @throws DataCorruptionException naming {@code name} when it was changed or moved
     * @throws AksBackupException {@value KeyProvider#KEY_UNAVAILABLE} or {@value KeyProvider#KEY_MISMATCH} naming the key
     */
    byte[] open(String kind, byte[] sealed, String place, String name) {
        return cipher.open(sealed, aad(kind, place), name);
    }

    /** The id of the key that wrapped a sealed object's data key, or {@code null} when its header is unreadable. */
    static String keyIdOf(byte[] sealed) {
        try {
            return EnvelopeCipher.header(sealed, "object").keyId();
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** Writes the key check of the provider's current key before the first object sealed under it. */
    private void ensureCheck() {
        String current = cipher.keys().currentKeyId();
        if (checked.contains(current)) {
            return;
        }
        byte[] check = cipher.seal(CHECK, checkAad(vaultId));
        String id = EnvelopeCipher.header(check, "the key check").keyId();
        store.putIfAbsent(KEYS + BlobId.of(id.getBytes(StandardCharsets.UTF_8)).hex(), check);
        LOG.info("the vault in {} now has objects under key '{}'", store.describe(), id);
        checked.add(id);
        checked.add(current);
    }
}
