package io.github.aksbackup.azure.keyvault;

import com.azure.core.credential.TokenCredential;
import com.azure.core.exception.ClientAuthenticationException;
import com.azure.core.exception.HttpResponseException;
import com.azure.core.http.HttpClient;
import com.azure.core.http.policy.ExponentialBackoffOptions;
import com.azure.core.http.policy.HttpLogDetailLevel;
import com.azure.core.http.policy.HttpLogOptions;
import com.azure.core.http.policy.RetryOptions;
import com.azure.identity.DefaultAzureCredentialBuilder;
import com.azure.security.keyvault.keys.cryptography.CryptographyClient;
import com.azure.security.keyvault.keys.cryptography.CryptographyClientBuilder;
import com.azure.security.keyvault.keys.cryptography.models.KeyWrapAlgorithm;
import com.azure.security.keyvault.keys.models.JsonWebKey;
import com.azure.security.keyvault.keys.models.KeyOperation;
import com.azure.security.keyvault.keys.models.KeyType;
import com.azure.security.keyvault.keys.models.KeyVaultKey;
import io.github.aksbackup.api.AksBackupException;
import io.github.aksbackup.api.ErrorCode;
import io.github.aksbackup.api.InvalidInputException;
import io.github.aksbackup.azure.internal.AzureErrors;
import io.github.aksbackup.spi.KeyProvider;
import io.github.aksbackup.spi.WrappedKey;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link KeyProvider} whose key-encryption key lives in Azure Key Vault (or a Managed HSM): data
 * keys are wrapped and unwrapped by the service ({@code wrapKey} / {@code unwrapKey} of
 * azure-security-keyvault-keys' {@code CryptographyClient}), so the key never leaves it and every
 * use is in the vault's audit log.
 *
 * <p>Built from a key identifier, {@code https://NAME.vault.azure.net/keys/KEY} (the latest version,
 * resolved once here) or {@code .../keys/KEY/VERSION}. {@link #currentKeyId()} is the versioned id,
 * and every wrapped data key records it, so rotating the key in Key Vault (a new version) takes
 * effect at the next start while data wrapped by earlier versions still opens — as long as those
 * versions stay enabled. RSA keys wrap with {@code RSA-OAEP-256}, symmetric Managed HSM keys
 * ({@code oct-HSM}) with {@code A256KW}. Only keys of the configured vault (host) are used to
 * unwrap, so a vault object cannot send our token elsewhere.
 *
 * <p>The identity needs the key permissions {@code get}, {@code wrapKey} and {@code unwrapKey}
 * (RBAC role "Key Vault Crypto User", or an access policy). Failures are
 * {@link AksBackupException}s naming the key id: {@value KeyProvider#KEY_UNAVAILABLE} for 401/403
 * (naming the missing permission), 404, a disabled key or no token; {@value KeyProvider#KEY_MISMATCH}
 * when Key Vault cannot unwrap the data (400). Throttling (429) and server errors (5xx) are retried
 * by the client pipeline; when those retries run out the code is {@code StoreUnavailable}. HTTP
 * logging is off whatever the environment says, since unwrap responses carry data keys. Thread-safe.
 */
public final class AzureKeyVaultKeyProvider implements KeyProvider {
    /** Wrapping algorithm for RSA keys. */
    public static final String RSA_ALGORITHM = "RSA-OAEP-256";
    /** Wrapping algorithm for symmetric (Managed HSM) keys. */
    public static final String AES_ALGORITHM = "A256KW";

    static final String ROLE = "Grant the identity the role 'Key Vault Crypto User' on the key (or vault), or an"
            + " access policy with the key permissions get, wrapKey and unwrapKey.";

    private static final Logger LOG = LoggerFactory.getLogger(AzureKeyVaultKeyProvider.class);

    private final KeyVaultKeyId configured;
    private final TokenCredential credential;
    private final HttpClient httpClient;
    private final RetryOptions retryOptions;
    private final Map<String, CryptographyClient> clients = new ConcurrentHashMap<>();
    private final String currentKeyId;
    private final String algorithm;

    private AzureKeyVaultKeyProvider(Builder b) {
        this.configured = KeyVaultKeyId.parse(b.keyId, "keyId");
        this.credential = b.credential != null ? b.credential : new DefaultAzureCredentialBuilder().build();
        this.httpClient = b.httpClient;
        this.retryOptions = b.retryOptions;
        KeyVaultKey key = resolve();
        this.currentKeyId = key.getId();
        this.algorithm = algorithmFor(key);
        LOG.info("Key Vault key provider: wrapping with {} ({})", currentKeyId, algorithm);
    }

    /** A provider for {@code keyId} (a Key Vault key URL) with DefaultAzureCredential. */
    public static AzureKeyVaultKeyProvider of(String keyId) {
        return builder().keyId(keyId).build();
    }

    /** A builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** Options of an {@link AzureKeyVaultKeyProvider}. */
    public static final class Builder {
        private String keyId;
        private TokenCredential credential;
        private HttpClient httpClient;
        private RetryOptions retryOptions = new RetryOptions(new ExponentialBackoffOptions().setMaxRetries(5)
                .setBaseDelay(Duration.ofMillis(500)).setMaxDelay(Duration.ofSeconds(30)));

        private Builder() {
        }

        /** The key: {@code https://VAULT.vault.azure.net/keys/NAME}, optionally with {@code /VERSION}. */
        public Builder keyId(String keyId) {
            this.keyId = keyId;
            return this;
        }

        /** The identity; DefaultAzureCredential (managed / workload identity, az login, ...) when not set. */
        public Builder credential(TokenCredential credential) {
            this.credential = Objects.requireNonNull(credential, "credential");
            return this;
        }

        /** The HTTP client (a proxy, a custom trust store); azure-core's default when not set. */
        public Builder httpClient(HttpClient httpClient) {
            this.httpClient = Objects.requireNonNull(httpClient, "httpClient");
            return this;
        }

        /** How throttled and failed requests are retried; by default 5 retries, 0.5 s to 30 s apart. */
        public Builder retryOptions(RetryOptions retryOptions) {
            this.retryOptions = Objects.requireNonNull(retryOptions, "retryOptions");
            return this;
        }

        /**
         * Resolves the key (its latest version when the id has none) and checks it can wrap.
         *
         * @throws InvalidInputException naming {@code keyId} when it is not a Key Vault key URL, or
         *     the key cannot wrap (an EC key, or one without the wrapKey / unwrapKey operations)
         * @throws AksBackupException code {@value KeyProvider#KEY_UNAVAILABLE} when the key cannot be read
         */
        public AzureKeyVaultKeyProvider build() {
            if (keyId == null) {
                throw new InvalidInputException("keyId", "is required: https://VAULT.vault.azure.net/keys/NAME[/VERSION]");
            }
            return new AzureKeyVaultKeyProvider(this);
        }
    }

    private KeyVaultKey resolve() {
        try {
            return client(configured.url()).getKey();
        } catch (RuntimeException e) {
            throw failure(e, configured.url(), "get");
        }
    }

    private String algorithmFor(KeyVaultKey key) {
        JsonWebKey jwk = key.getKey();
        KeyType type = jwk == null ? null : jwk.getKeyType();
        String alg;
        if (KeyType.RSA.equals(type) || KeyType.RSA_HSM.equals(type)) {
            alg = RSA_ALGORITHM;
        } else if (KeyType.OCT.equals(type) || KeyType.OCT_HSM.equals(type)) {
            alg = AES_ALGORITHM;
        } else {
            throw new InvalidInputException("keyId", "key '" + key.getId() + "' is of type " + type
                    + ", which cannot wrap keys; use an RSA key (RSA-OAEP-256) or a Managed HSM oct-HSM key (A256KW)");
        }
        List<KeyOperation> ops = jwk.getKeyOps();
        if (ops != null && !(ops.contains(KeyOperation.WRAP_KEY) && ops.contains(KeyOperation.UNWRAP_KEY))) {
            throw new InvalidInputException("keyId", "key '" + key.getId() + "' permits the operations " + ops
                    + "; it must permit wrapKey and unwrapKey");
        }
        if (key.getProperties() != null && Boolean.FALSE.equals(key.getProperties().isEnabled())) {
            throw new AksBackupException(ErrorCode.KEY_UNAVAILABLE, "key '" + key.getId() + "' is disabled in Key Vault",
                    "Enable the key version, or rotate to a new one.", null);
        }
        return alg;
    }

    private CryptographyClient client(String keyUrl) {
        return clients.computeIfAbsent(keyUrl, url -> {
            CryptographyClientBuilder b = new CryptographyClientBuilder().keyIdentifier(url).credential(credential)
                    .retryOptions(retryOptions)
                    // Unwrap responses carry data keys: no HTTP logging, whatever AZURE_HTTP_LOG_DETAIL_LEVEL says.
                    .httpLogOptions(new HttpLogOptions().setLogLevel(HttpLogDetailLevel.NONE))
                    // Every wrap and unwrap in Key Vault: permissions apply, uses are audited, HSM keys work.
                    .disableKeyCaching();
            if (httpClient != null) {
                b.httpClient(httpClient);
            }
            return b.buildClient();
        });
    }

    @Override
    public String currentKeyId() {
        return currentKeyId;
    }

    @Override
    public WrappedKey wrap(byte[] dataKey) {
        try {
            byte[] wrapped = client(currentKeyId).wrapKey(KeyWrapAlgorithm.fromString(algorithm), dataKey).getEncryptedKey();
            return new WrappedKey(currentKeyId, algorithm, wrapped);
        } catch (RuntimeException e) {
            throw failure(e, currentKeyId, "wrapKey");
        }
    }

    @Override
    public byte[] unwrap(WrappedKey wrapped) {
        String id = wrapped.keyId();
        KeyVaultKeyId parsed;
        try {
            parsed = KeyVaultKeyId.parse(id, "keyId");
        } catch (InvalidInputException notKeyVault) {
            throw new AksBackupException(ErrorCode.KEY_UNAVAILABLE, "the data is encrypted with key '" + id + "', which is not an Azure"
                    + " Key Vault key; " + describe() + " cannot unwrap it", "Open it with the key provider it was written with.", null);
        }
        if (!parsed.sameVault(configured) || parsed.version() == null) {
            throw new AksBackupException(ErrorCode.KEY_UNAVAILABLE, "the data is encrypted with key '" + id + "', which is not a key"
                    + " version of the configured vault " + configured.vaultUrl(), "Configure a key of the vault that holds '" + id
                    + "' to read this data.", null);
        }
        if (!RSA_ALGORITHM.equals(wrapped.algorithm()) && !AES_ALGORITHM.equals(wrapped.algorithm())) {
            throw new AksBackupException(ErrorCode.KEY_MISMATCH, "key '" + id + "' wrapped the data with " + wrapped.algorithm() + "; "
                    + describe() + " unwraps " + RSA_ALGORITHM + " and " + AES_ALGORITHM + " only", null, null);
        }
        try {
            return client(parsed.url()).unwrapKey(KeyWrapAlgorithm.fromString(wrapped.algorithm()), wrapped.wrapped()).getKey();
        } catch (RuntimeException e) {
            throw failure(e, id, "unwrapKey");
        }
    }

    @Override
    public String describe() {
        return "Azure Key Vault key " + configured.url();
    }

    @Override
    public String toString() {
        return describe();
    }

    /** Maps a failure of {@code operation} (get, wrapKey, unwrapKey) on key {@code keyId}; never echoes data. */
    static AksBackupException failure(RuntimeException e, String keyId, String operation) {
        if (e instanceof AksBackupException already) {
            return already;
        }
        if (e instanceof HttpResponseException http && http.getResponse() != null) {
            int status = http.getResponse().getStatusCode();
            String detail = AzureErrors.detail(http);
            if (status == 401 || status == 403) {
                return new AksBackupException(ErrorCode.KEY_UNAVAILABLE, "Azure Key Vault refused '" + operation + "' on key '" + keyId
                        + "' (HTTP " + status + ": " + detail + "): the identity lacks the key permission '" + operation
                        + "', or the key is disabled", ROLE, e);
            }
            if (status == 404) {
                return new AksBackupException(ErrorCode.KEY_UNAVAILABLE, "key '" + keyId + "' does not exist in Azure Key Vault (HTTP 404: "
                        + detail + ")", "Keys and key versions that wrapped existing backups must stay: recover the deleted key,"
                        + " or configure the right key URL.", e);
            }
            if (status == 400 && operation.equals("unwrapKey")) {
                return new AksBackupException(ErrorCode.KEY_MISMATCH, "key '" + keyId + "' does not open the data (HTTP 400: " + detail
                        + "): another key has that id, or the object's wrapped data key is damaged",
                        "Restore the key '" + keyId + "' the backups were made with; if it is the right one, verify the vault.", e);
            }
        } else if (e instanceof ClientAuthenticationException) {
            return new AksBackupException(ErrorCode.KEY_UNAVAILABLE, "no token for Azure Key Vault to use key '" + keyId + "': "
                    + AzureErrors.firstLine(e.getMessage()), "Sign in (az login), or give the workload a managed or workload"
                    + " identity; " + ROLE, e);
        }
        return AzureErrors.map(e, operation + " with key '" + keyId + "'", ROLE);
    }
}
