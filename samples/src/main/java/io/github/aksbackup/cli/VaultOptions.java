package io.github.aksbackup.cli;

import io.github.aksbackup.azure.AzureBlobLocation;
import io.github.aksbackup.azure.AzureBlobObjectStore;
import io.github.aksbackup.azure.keyvault.AzureKeyVaultKeyProvider;
import io.github.aksbackup.spi.ObjectStore;
import io.github.aksbackup.store.DirectoryObjectStore;
import io.github.aksbackup.api.InvalidInputException;
import io.github.aksbackup.api.ValidationProblem;
import io.github.aksbackup.client.AksBackupClient;
import io.github.aksbackup.client.AksBackupClientBuilder;
import io.github.aksbackup.crypto.LocalKeyProvider;
import io.github.aksbackup.spi.KeyProvider;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.UnaryOperator;
import picocli.CommandLine.Option;

/**
 * The {@code --vault} option every command that reads or writes a vault shares, and the one place
 * that opens it: a directory, or an Azure blob container named {@code azblob://ACCOUNT/CONTAINER}.
 *
 * <p>For an Azure vault the credentials come from the environment, never from the command line:
 * {@code --azure-connection-string-env NAME} names the variable that holds a storage connection
 * string (its account must be ACCOUNT); without it the process's Entra ID identity is used
 * (azure-identity's DefaultAzureCredential: managed or workload identity, environment, az login).
 * The connection string is never printed, not even in errors.
 *
 * <p>Use it in a command with {@code @Mixin VaultOptions vault;} and open the store with
 * {@link #open()} (or {@link #openOr(Path)} when the vault is optional). New commands with a vault
 * must use this mixin, so that every {@code --vault} accepts both forms.
 *
 * <p>The keys of an encrypted vault come from {@link #keyProvider()}, the one place that chooses a
 * {@link KeyProvider}: {@code --key-file FILE} (a {@link LocalKeyProvider}) or {@code --key-vault-key URL}
 * (an {@link AzureKeyVaultKeyProvider}); another provider gets its own option, chosen there.
 */
public final class VaultOptions {
    /** Reads environment variables; replaced in tests only through {@link #VaultOptions(UnaryOperator)}. */
    private final UnaryOperator<String> environment;

    @Option(names = "--vault", paramLabel = "DIR|azblob://ACCOUNT/CONTAINER",
            description = {"The vault: a directory, or an Azure blob container azblob://ACCOUNT/CONTAINER "
                + "(credentials: --azure-connection-string-env, else the Entra ID identity of this process)."})
    String vault;

    @Option(names = "--azure-connection-string-env", paramLabel = "NAME",
            description = {"Name of the environment variable that holds the storage account's connection string "
                + "for an azblob:// vault. The value is never printed."})
    String connectionStringEnv;

    @Option(names = "--key-file", paramLabel = "FILE",
            description = {"Key file of an encrypted vault (made by 'aks-backup key create'). A vault created with it is "
                + "encrypted; an encrypted vault cannot be read without it."})
    Path keyFile;

    @Option(names = "--key-vault-key", paramLabel = "URL",
            description = {"Azure Key Vault (or Managed HSM) key that wraps the data keys of an encrypted vault: "
                + "https://NAME.vault.azure.net/keys/KEY[/VERSION]; without a version, the key's current one. Uses the "
                + "Entra ID identity of this process, which needs get, wrapKey and unwrapKey on the key."})
    String keyVaultKey;

    /** For picocli. */
    public VaultOptions() {
        this(System::getenv);
    }

    VaultOptions(UnaryOperator<String> environment) {
        this.environment = environment;
    }

    /** True when {@code --vault} was given. */
    public boolean isSet() {
        return vault != null;
    }

    /** What {@code --vault} names, for messages (never a credential), or empty. */
    public Optional<String> location() {
        return Optional.ofNullable(vault);
    }

    /**
     * Opens the vault {@code --vault} names.
     *
     * @throws IllegalArgumentException when {@code --vault} is missing or malformed, or the
     *     connection-string variable is unset or belongs to another account (exit code 2)
     */
    public ObjectStore open() {
        if (vault == null || vault.isBlank()) {
            throw new IllegalArgumentException("--vault is required: a directory or azblob://ACCOUNT/CONTAINER");
        }
        if (AzureBlobLocation.isAzureBlobUri(vault)) {
            return azureStore(AzureBlobLocation.parse(vault)).createContainerIfMissing(true).build();
        }
        return openDirectory();
    }

    /**
     * Opens the vault {@code --vault} names without creating anything: for commands that only read
     * (an Azure container that does not exist fails on first use with a not-found error).
     */
    public ObjectStore openExisting() {
        if (vault == null || vault.isBlank()) {
            throw new IllegalArgumentException("--vault is required: a directory or azblob://ACCOUNT/CONTAINER");
        }
        if (AzureBlobLocation.isAzureBlobUri(vault)) {
            return azureStore(AzureBlobLocation.parse(vault)).build();
        }
        return openDirectory();
    }

    /** Opens {@code --vault}, or the directory {@code fallback} when it was not given. */
    public ObjectStore openOr(Path fallback) {
        if (vault == null) {
            if (connectionStringEnv != null) {
                throw new IllegalArgumentException("--azure-connection-string-env needs an azblob:// --vault");
            }
            return new DirectoryObjectStore(fallback);
        }
        return open();
    }

    /**
     * The key provider of an encrypted vault, or empty when no key option was given.
     *
     * @throws InvalidInputException naming {@code --key-file} when the file is missing or not a key file, or
     *     {@code --key-vault-key} when it is not a Key Vault key URL or both were given (exit code 2)
     */
    public Optional<KeyProvider> keyProvider() {
        if (keyFile != null && keyVaultKey != null) {
            throw new InvalidInputException("--key-vault-key", "give --key-file or --key-vault-key, not both");
        }
        if (keyVaultKey != null) {
            return Optional.of(keyVaultProvider(keyVaultKey));
        }
        return keyFile == null ? Optional.empty() : Optional.of(readKeyFile(keyFile));
    }

    /**
     * The Key Vault key {@code --key-vault-key} names; its current version is looked up now, so a
     * missing key or permission shows before anything is written.
     */
    private static KeyProvider keyVaultProvider(String url) {
        try {
            return AzureKeyVaultKeyProvider.of(url);
        } catch (InvalidInputException e) {
            throw new InvalidInputException(e.problems().stream()
                    .map(p -> new ValidationProblem("--key-vault-key", p.message())).toList());
        }
    }

    /**
     * Reads the key file {@code --key-file} names.
     *
     * @throws InvalidInputException naming {@code --key-file} when it is missing, unreadable or not a key file
     */
    static LocalKeyProvider readKeyFile(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException("--key-file", "'" + file + "' does not exist or is not a file");
        }
        try {
            return LocalKeyProvider.read(file);
        } catch (InvalidInputException e) {
            throw new InvalidInputException(e.problems().stream()
                    .map(p -> new ValidationProblem("--key-file " + p.path(), p.message())).toList());
        } catch (UncheckedIOException e) {
            throw new InvalidInputException("--key-file", "'" + file + "' cannot be read: " + e.getCause().getMessage());
        }
    }

    /** The key option as it was given ({@code " --key-file F"}), or empty, for the commands a command suggests next. */
    public String keyArgument() {
        if (keyVaultKey != null) {
            return " --key-vault-key " + keyVaultKey;
        }
        return keyFile != null ? " --key-file " + keyFile : "";
    }

    /** A client builder on the vault {@code store} with this vault's key provider, if any. */
    public AksBackupClientBuilder clientBuilder(ObjectStore store) {
        return AksBackupClient.builder().vault(store).keyProvider(keyProvider().orElse(null));
    }

    /** True when {@code --vault} names an Azure blob container. */
    public boolean isAzure() {
        return AzureBlobLocation.isAzureBlobUri(vault);
    }

    private ObjectStore openDirectory() {
        if (connectionStringEnv != null) {
            throw new IllegalArgumentException("--azure-connection-string-env applies to azblob:// vaults only, but"
                    + " --vault is the directory '" + vault + "'");
        }
        return new DirectoryObjectStore(Path.of(vault));
    }

    /** The store builder for an azblob:// vault, credentials resolved and checked. */
    AzureBlobObjectStore.Builder azureStore(AzureBlobLocation location) {
        AzureBlobObjectStore.Builder b = AzureBlobObjectStore.builder().containerName(location.container());
        if (connectionStringEnv == null) {
            return b.location(location).defaultAzureCredential();
        }
        String cs = environment.apply(connectionStringEnv);
        if (cs == null || cs.isBlank()) {
            throw new IllegalArgumentException("environment variable " + connectionStringEnv
                    + " (named by --azure-connection-string-env) is not set or empty");
        }
        b.connectionString(cs);
        String account = b.connectionStringAccount().orElse(null);
        if (account != null && !account.equals(location.account())) {
            throw new IllegalArgumentException("--vault names storage account '" + location.account()
                    + "' but the connection string in " + connectionStringEnv + " is for account '" + account + "'");
        }
        return b;
    }
}
