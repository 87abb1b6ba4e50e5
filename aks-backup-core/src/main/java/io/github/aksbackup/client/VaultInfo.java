package io.github.aksbackup.client;

import java.util.List;
import java.util.Objects;

/**
 * What {@link AksBackupClient#createVault()} found or made: the vault's id and its encryption.
 *
 * @param id the vault's id (from its {@code config.json}), never blank
 * @param encrypted true when the vault is encrypted
 * @param keyIds the ids of the keys that wrap the vault's data keys; empty when it is not encrypted
 */
public record VaultInfo(String id, boolean encrypted, List<String> keyIds) {
    /** Checks the fields and copies the key ids. */
    public VaultInfo {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("id is required: the vault's id from its config.json");
        }
        keyIds = List.copyOf(Objects.requireNonNull(keyIds, "keyIds"));
        if (!encrypted && !keyIds.isEmpty()) {
            throw new IllegalArgumentException("keyIds must be empty for a vault that is not encrypted, was " + keyIds);
        }
    }
}
