package io.github.aksbackup.azure.keyvault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.aksbackup.api.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KeyVaultKeyIdTest {
    @Test
    void parsesKeyUrlsWithAndWithoutVersion() {
        KeyVaultKeyId latest = KeyVaultKeyId.parse("https://MyVault.vault.azure.net/keys/backup-kek", "keyId");
        assertEquals("https://myvault.vault.azure.net", latest.vaultUrl());
        assertEquals("backup-kek", latest.name());
        assertNull(latest.version());
        KeyVaultKeyId pinned = KeyVaultKeyId.parse("https://hsm1.managedhsm.azure.net/keys/kek/0123456789abcdef0123456789abcdef", "keyId");
        assertEquals("https://hsm1.managedhsm.azure.net/keys/kek/0123456789abcdef0123456789abcdef", pinned.url());
        assertTrue(pinned.sameVault(KeyVaultKeyId.parse("https://hsm1.managedhsm.azure.net/keys/other/", "keyId")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "myvault", "http://v.vault.azure.net/keys/k", "https://v.vault.azure.net/secrets/k",
            "https://v.vault.azure.net/keys/", "https://v.vault.azure.net/keys/k_1", "https://v.vault.azure.net/keys/k/v/x",
            "https://v.vault.azure.net/keys/k?api-version=7.4", "https:///keys/k", "https://user@v.vault.azure.net/keys/k",
            "https://v.vault.azure.net/keys/k/v1#x", "ftp://v.vault.azure.net/keys/k"})
    void badUrlsAreInputErrorsNamingTheField(String url) {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> KeyVaultKeyId.parse(url, "keyId"));
        assertEquals("keyId", e.problems().get(0).path());
        assertTrue(e.problems().get(0).message().contains("https://VAULT.vault.azure.net/keys/NAME"), e.getMessage());
    }
}
