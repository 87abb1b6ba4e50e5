package io.github.aksbackup.repository;

import io.github.aksbackup.api.AksBackupException;
import io.github.aksbackup.api.DataCorruptionException;
import io.github.aksbackup.api.ErrorCode;
import io.github.aksbackup.spi.KeyProvider;
import io.github.aksbackup.spi.ObjectStore;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A vault's {@link RepositoryFormat#CONFIG_KEY configuration}: written when a store holds none (with
 * the key check of a new encrypted vault), then read and checked — format name, version, encryption
 * against the key provider given — before the vault is used.
 */
final class VaultConfig {
    /** Opening a vault is the repository's event: its logger says it. */
    private static final Logger LOG = LoggerFactory.getLogger(Repository.class);

    private VaultConfig() {
    }

    /** What opening found: the vault's id and its encryption ({@code null}: not encrypted). */
    record Opened(String id, VaultKeys keys) {
    }

    /** See {@link Repository#open(ObjectStore, Clock, RepositoryOptions, KeyProvider)}. */
    static Opened open(ObjectStore store, Clock clock, KeyProvider keyProvider) {
        if (!store.exists(RepositoryFormat.CONFIG_KEY)) {
            Map<String, Object> config = new LinkedHashMap<>();
            config.put("format", RepositoryFormat.FORMAT_NAME);
            config.put("version", (long) RepositoryFormat.VERSION);
            config.put("id", UUID.randomUUID().toString());
            config.put("created", clock.instant().toString());
            if (keyProvider != null) {
                config.put("encryption", VaultKeys.newConfig(keyProvider, (String) config.get("id")));
            }
            if (store.putIfAbsent(RepositoryFormat.CONFIG_KEY, CanonicalJson.write(config))) {
                LOG.info("initialized a new vault in {}", store.describe());
            }
        }
        Map<String, Object> config;
        try {
            config = CanonicalJson.parse(store.getBytes(RepositoryFormat.CONFIG_KEY));
        } catch (IllegalArgumentException e) {
            throw new DataCorruptionException("the vault configuration " + RepositoryFormat.CONFIG_KEY + " in "
                    + store.describe() + " is damaged: not valid JSON");
        }
        Object version = config.get("version");
        if (!RepositoryFormat.FORMAT_NAME.equals(config.get("format")) || !(version instanceof Number)) {
            throw new AksBackupException(ErrorCode.NOT_A_VAULT, store.describe() + " holds a " + RepositoryFormat.CONFIG_KEY
                    + " that is not an aks-backup vault configuration", "Point aks-backup at an aks-backup vault or an empty location.", null);
        }
        if (((Number) version).longValue() != RepositoryFormat.VERSION) {
            throw new UnsupportedFormatException("the vault in " + store.describe(), ((Number) version).longValue());
        }
        String id = String.valueOf(config.get("id"));
        VaultKeys keys = null;
        if (config.get("encryption") instanceof Map<?, ?> encryption) {
            keys = VaultKeys.open(store, encryption, keyProvider, id);
        } else if (keyProvider != null) {
            throw new AksBackupException(ErrorCode.VAULT_NOT_ENCRYPTED, "the vault in " + store.describe() + " is not encrypted, but a key"
                    + " provider (" + keyProvider.describe() + ") was given; aks-backup does not mix encrypted and unencrypted"
                    + " recovery points in one vault", "Open the vault without a key, or create a new, encrypted vault for"
                    + " encrypted backups.", null);
        }
        return new Opened(id, keys);
    }
}
