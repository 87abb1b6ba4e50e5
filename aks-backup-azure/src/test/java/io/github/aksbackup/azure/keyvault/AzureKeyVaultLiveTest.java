package io.github.aksbackup.azure.keyvault;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.aksbackup.crypto.EnvelopeCipher;
import io.github.aksbackup.spi.WrappedKey;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * The Key Vault provider against real Azure Key Vault (or Managed HSM): runs only when
 * {@code AKSB_LIVE_AZURE_KEY_ID} names a key ({@code https://VAULT.vault.azure.net/keys/NAME}, an RSA
 * key or an oct-HSM key) that the identity of DefaultAzureCredential may get, wrapKey and unwrapKey.
 * It proves what the stand-in cannot: Key Vault's real authentication, authorization and
 * algorithms. It creates nothing.
 */
@EnabledIfEnvironmentVariable(named = "AKSB_LIVE_AZURE_KEY_ID", matches = ".+")
class AzureKeyVaultLiveTest {
    @Test
    void sealsAndOpensWithARealKeyVaultKey() {
        String keyId = System.getenv("AKSB_LIVE_AZURE_KEY_ID");
        AzureKeyVaultKeyProvider keys = AzureKeyVaultKeyProvider.of(keyId);
        assertTrue(keys.currentKeyId().startsWith(keyId.replaceAll("/+$", "")), keys.currentKeyId());
        EnvelopeCipher cipher = new EnvelopeCipher(keys);
        byte[] plain = "aks-backup live key vault test".getBytes(StandardCharsets.UTF_8);
        byte[] place = "live".getBytes(StandardCharsets.UTF_8);
        byte[] sealed = cipher.seal(plain, place);
        WrappedKey header = EnvelopeCipher.header(sealed, "live");
        assertEquals(keys.currentKeyId(), header.keyId());
        assertArrayEquals(plain, cipher.open(sealed, place, "live"));
        // A fresh provider pinned to the version opens it too (what a restore in another process does).
        assertArrayEquals(plain, new EnvelopeCipher(AzureKeyVaultKeyProvider.of(header.keyId())).open(sealed, place, "live"));
    }
}
