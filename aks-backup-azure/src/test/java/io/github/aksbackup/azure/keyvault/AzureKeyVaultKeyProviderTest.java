package io.github.aksbackup.azure.keyvault;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.azure.core.credential.TokenCredential;
import com.azure.core.exception.ClientAuthenticationException;
import io.github.aksbackup.api.AksBackupException;
import io.github.aksbackup.api.InvalidInputException;
import io.github.aksbackup.crypto.EnvelopeCipher;
import io.github.aksbackup.spi.KeyProvider;
import io.github.aksbackup.spi.WrappedKey;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/**
 * The Key Vault provider driving the real azure-security-keyvault-keys client (HTTPS, challenge
 * authentication, pipeline retries) against {@link KeyVaultStandIn}.
 */
class AzureKeyVaultKeyProviderTest {
    private static final byte[] PLAIN = "the cluster's state, packed".getBytes(StandardCharsets.UTF_8);
    private static final byte[] PLACE = "pack packs/ab/abcd".getBytes(StandardCharsets.UTF_8);

    private KeyVaultStandIn kv;
    private String name;

    @BeforeEach
    void freshKeyName() throws Exception {
        kv = KeyVaultTestSupport.standIn();
        name = "backup-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static AzureKeyVaultKeyProvider provider(String keyUrl) {
        return KeyVaultTestSupport.provider(keyUrl, KeyVaultTestSupport.credential());
    }

    private static AzureKeyVaultKeyProvider provider(String keyUrl, TokenCredential credential) {
        return KeyVaultTestSupport.provider(keyUrl, credential);
    }

    private static AksBackupException keyError(String code, Runnable call) {
        AksBackupException e = assertThrows(AksBackupException.class, call::run);
        assertEquals(code, e.code(), e.getMessage());
        return e;
    }

    @Test
    void dataSealedUnderAnRsaKeyOpensAndKeyVaultDidTheWrapping() throws Exception {
        String v1 = kv.addRsaVersion(KeyVaultStandIn.VAULT_HOST, name);
        AzureKeyVaultKeyProvider keys = provider(kv.keyUrl(KeyVaultStandIn.VAULT_HOST, name));
        assertEquals(v1, keys.currentKeyId(), "the latest version, resolved once");

        EnvelopeCipher cipher = new EnvelopeCipher(keys);
        byte[] sealed = cipher.seal(PLAIN, PLACE);
        WrappedKey header = EnvelopeCipher.header(sealed, "pack");
        assertEquals(v1, header.keyId());
        assertEquals("RSA-OAEP-256", header.algorithm());
        assertEquals(256, header.wrapped().length, "an RSA-2048 wrap, done by the service");
        assertArrayEquals(PLAIN, cipher.open(sealed, PLACE, "pack"));
        // A second provider (another process) opens it through the service as well.
        assertArrayEquals(PLAIN, new EnvelopeCipher(provider(v1)).open(sealed, PLACE, "pack"));

        List<String> path = List.of("/keys/" + name + "/" + v1.substring(v1.lastIndexOf('/') + 1));
        assertTrue(kv.requests().contains("wrapKey " + path.get(0) + "/wrapkey"), kv.requests().toString());
        assertTrue(kv.requests().contains("unwrapKey " + path.get(0) + "/unwrapkey"), kv.requests().toString());
        assertTrue(kv.challenges() >= 1, "the client authenticated through Key Vault's challenge");
        assertEquals(1, kv.apiVersions().size(), kv.apiVersions().toString());
    }

    @Test
    void aManagedHsmOctKeyWrapsWithAesKeyWrap() throws Exception {
        String v1 = kv.addOctVersion(KeyVaultStandIn.HSM_HOST, name);
        AzureKeyVaultKeyProvider keys = provider(kv.keyUrl(KeyVaultStandIn.HSM_HOST, name));
        EnvelopeCipher cipher = new EnvelopeCipher(keys);
        byte[] sealed = cipher.seal(PLAIN, PLACE);
        WrappedKey header = EnvelopeCipher.header(sealed, "pack");
        assertEquals(v1, header.keyId());
        assertEquals("A256KW", header.algorithm());
        assertEquals(40, header.wrapped().length);
        assertArrayEquals(PLAIN, cipher.open(sealed, PLACE, "pack"));
    }

    @Test
    void rotationWrapsNewDataWithTheNewVersionAndOldDataStillOpens() throws Exception {
        String keyUrl = kv.keyUrl(KeyVaultStandIn.VAULT_HOST, name);
        String v1 = kv.addRsaVersion(KeyVaultStandIn.VAULT_HOST, name);
        byte[] before = new EnvelopeCipher(provider(keyUrl)).seal(PLAIN, PLACE);

        String v2 = kv.addRsaVersion(KeyVaultStandIn.VAULT_HOST, name);
        AzureKeyVaultKeyProvider rotated = provider(keyUrl);
        assertEquals(v2, rotated.currentKeyId());
        assertNotEquals(v1, v2);
        EnvelopeCipher cipher = new EnvelopeCipher(rotated);
        byte[] after = cipher.seal(PLAIN, PLACE);
        assertEquals(v2, EnvelopeCipher.header(after, "new").keyId());
        assertArrayEquals(PLAIN, cipher.open(before, PLACE, "old"));
        assertArrayEquals(PLAIN, cipher.open(after, PLACE, "new"));

        // A URL with a version pins it.
        assertEquals(v1, provider(v1).currentKeyId());
    }

    @Test
    void aForbiddenOperationIsKeyUnavailableNamingTheKeyAndThePermission() throws Exception {
        String v1 = kv.addRsaVersion(KeyVaultStandIn.VAULT_HOST, name);
        AzureKeyVaultKeyProvider keys = provider(kv.keyUrl(KeyVaultStandIn.VAULT_HOST, name));
        EnvelopeCipher cipher = new EnvelopeCipher(keys);
        byte[] sealed = cipher.seal(PLAIN, PLACE);

        kv.forbid("unwrapKey");
        AksBackupException e = keyError(KeyProvider.KEY_UNAVAILABLE, () -> cipher.open(sealed, PLACE, "pack"));
        assertTrue(e.getMessage().contains(v1) && e.getMessage().contains("'unwrapKey'") && e.getMessage().contains("403"),
                e.getMessage());
        assertTrue(e.recommendedAction().contains("Key Vault Crypto User"), e.recommendedAction());

        kv.forbid("wrapKey");
        e = keyError(KeyProvider.KEY_UNAVAILABLE, () -> cipher.seal(PLAIN, PLACE));
        assertTrue(e.getMessage().contains(v1) && e.getMessage().contains("'wrapKey'"), e.getMessage());

        kv.forbid("get");
        String url = kv.keyUrl(KeyVaultStandIn.VAULT_HOST, name);
        e = keyError(KeyProvider.KEY_UNAVAILABLE, () -> provider(url));
        assertTrue(e.getMessage().contains(url) && e.getMessage().contains("'get'"), e.getMessage());
    }

    @Test
    void anUnknownKeyOrADeletedVersionIsKeyUnavailableNamingIt() throws Exception {
        String missing = kv.keyUrl(KeyVaultStandIn.VAULT_HOST, name);
        AksBackupException e = keyError(KeyProvider.KEY_UNAVAILABLE, () -> provider(missing));
        assertTrue(e.getMessage().contains(missing) && e.getMessage().contains("404"), e.getMessage());

        String v1 = kv.addRsaVersion(KeyVaultStandIn.VAULT_HOST, name);
        byte[] sealed = new EnvelopeCipher(provider(missing)).seal(PLAIN, PLACE);
        kv.addRsaVersion(KeyVaultStandIn.VAULT_HOST, name);
        kv.deleteVersion(KeyVaultStandIn.VAULT_HOST, name, v1.substring(v1.lastIndexOf('/') + 1));
        EnvelopeCipher rotated = new EnvelopeCipher(provider(missing));
        e = keyError(KeyProvider.KEY_UNAVAILABLE, () -> rotated.open(sealed, PLACE, "pack"));
        assertTrue(e.getMessage().contains(v1), e.getMessage());
    }

    @Test
    void aTamperedWrappedKeyIsKeyMismatch() throws Exception {
        String v1 = kv.addRsaVersion(KeyVaultStandIn.VAULT_HOST, name);
        EnvelopeCipher cipher = new EnvelopeCipher(provider(kv.keyUrl(KeyVaultStandIn.VAULT_HOST, name)));
        byte[] sealed = cipher.seal(PLAIN, PLACE);
        WrappedKey header = EnvelopeCipher.header(sealed, "pack");
        // The header is MAGIC, version, then length-prefixed key id, algorithm and wrapped key.
        int wrappedAt = 8 + 1 + 2 + header.keyId().length() + 2 + header.algorithm().length() + 2;
        assertArrayEquals(header.wrapped(), java.util.Arrays.copyOfRange(sealed, wrappedAt, wrappedAt + header.wrapped().length));
        sealed[wrappedAt + 100] ^= 0x01;

        AksBackupException e = keyError(KeyProvider.KEY_MISMATCH, () -> cipher.open(sealed, PLACE, "pack"));
        assertTrue(e.getMessage().contains(v1), e.getMessage());
    }

    @Test
    void throttlingAndServerErrorsAreRetriedByThePipeline() throws Exception {
        kv.addRsaVersion(KeyVaultStandIn.VAULT_HOST, name);
        kv.inject("get", 503);
        EnvelopeCipher cipher = new EnvelopeCipher(provider(kv.keyUrl(KeyVaultStandIn.VAULT_HOST, name)));
        kv.inject("wrapKey", 503, 429);
        byte[] sealed = cipher.seal(PLAIN, PLACE);
        kv.inject("unwrapKey", 500);
        assertArrayEquals(PLAIN, cipher.open(sealed, PLACE, "pack"));
        List<String> ops = kv.requests().stream().map(r -> r.substring(0, r.indexOf(' '))).toList();
        assertEquals(List.of("get", "get", "wrapKey", "wrapKey", "wrapKey", "unwrapKey", "unwrapKey"), ops);

        // Past the retries, the failure is transient and says so.
        kv.inject("wrapKey", 503, 503, 503, 503);
        AksBackupException e = keyError("StoreUnavailable", () -> cipher.seal(PLAIN, PLACE));
        assertTrue(e.getMessage().contains("wrapKey") && e.getMessage().contains("503"), e.getMessage());
    }

    @Test
    void onlyKeysOfTheConfiguredVaultAreAskedToUnwrap() throws Exception {
        kv.addRsaVersion(KeyVaultStandIn.VAULT_HOST, name);
        String elsewhere = kv.addRsaVersion(KeyVaultStandIn.OTHER_HOST, name);
        AzureKeyVaultKeyProvider keys = provider(kv.keyUrl(KeyVaultStandIn.VAULT_HOST, name));
        kv.reset();
        AksBackupException e = keyError(KeyProvider.KEY_UNAVAILABLE,
                () -> keys.unwrap(new WrappedKey(elsewhere, "RSA-OAEP-256", new byte[256])));
        assertTrue(e.getMessage().contains(elsewhere), e.getMessage());
        e = keyError(KeyProvider.KEY_UNAVAILABLE, () -> keys.unwrap(new WrappedKey("2026-11", "A256KW", new byte[40])));
        assertTrue(e.getMessage().contains("'2026-11'"), e.getMessage());
        assertEquals(List.of(), kv.requests());
    }

    @Test
    void keysThatCannotWrapAreRefusedAtConstruction() throws Exception {
        kv.addKey(KeyVaultStandIn.VAULT_HOST, name, "EC", List.of("sign", "verify"));
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> provider(kv.keyUrl(KeyVaultStandIn.VAULT_HOST, name)));
        assertEquals("keyId", e.problems().get(0).path());
        assertTrue(e.problems().get(0).message().contains("EC"), e.getMessage());

        String signing = name + "-sign";
        kv.addKey(KeyVaultStandIn.VAULT_HOST, signing, "RSA", List.of("sign", "verify"));
        e = assertThrows(InvalidInputException.class, () -> provider(kv.keyUrl(KeyVaultStandIn.VAULT_HOST, signing)));
        assertTrue(e.problems().get(0).message().contains("wrapKey"), e.getMessage());
    }

    @Test
    void noTokenIsKeyUnavailable() throws Exception {
        kv.addRsaVersion(KeyVaultStandIn.VAULT_HOST, name);
        TokenCredential signedOut = new TokenCredential() {
            @Override
            public Mono<com.azure.core.credential.AccessToken> getToken(com.azure.core.credential.TokenRequestContext r) {
                return Mono.error(new ClientAuthenticationException("no identity is signed in", null));
            }
        };
        String url = kv.keyUrl(KeyVaultStandIn.VAULT_HOST, name);
        AksBackupException e = keyError(KeyProvider.KEY_UNAVAILABLE, () -> provider(url, signedOut));
        assertTrue(e.getMessage().contains(url) && e.getMessage().contains("no identity is signed in"), e.getMessage());
    }
}
