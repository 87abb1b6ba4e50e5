package io.github.aksbackup.cli;

import io.github.aksbackup.api.NotFoundException;
import io.github.aksbackup.client.AksBackupClient;
import io.github.aksbackup.hook.HookRunner;
import io.github.aksbackup.repository.RepositoryFormat;
import io.github.aksbackup.spi.ObjectStore;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Mixin;

/**
 * The {@code --vault} option of commands that read an existing vault: a directory, or an Azure blob
 * container {@code azblob://ACCOUNT/CONTAINER} ({@link VaultOptions}); nothing is created.
 */
final class VaultAccess {
    @Mixin
    VaultOptions options;

    /**
     * The vault's store.
     *
     * @throws NotFoundException when a vault directory does not exist, or the location holds no vault
     *     (the message names {@code vault init}, which makes one)
     * @throws IllegalArgumentException when {@code --vault} is missing or malformed
     */
    ObjectStore store() {
        if (options.isSet() && !options.isAzure() && !Files.isDirectory(Path.of(options.location().orElseThrow()))) {
            Path where = Path.of(options.location().orElseThrow());
            throw new NotFoundException("no vault at " + where + (Files.exists(where) ? ": it is a file, not a directory"
                    : ": the directory does not exist"));
        }
        ObjectStore store = options.openExisting();
        // The client would refuse it too, naming the SDK's call; a user of the command line is told the command.
        if (!store.exists(RepositoryFormat.CONFIG_KEY)) {
            throw new NotFoundException(store.describe() + " holds no aks-backup vault (it has no " + RepositoryFormat.CONFIG_KEY
                    + "); 'aks-backup vault init --vault " + options.location().orElseThrow() + "' creates one");
        }
        return store;
    }

    /** The vault for messages: an absolute directory or the azblob:// URI (never a credential). */
    String describe() {
        String where = options.location().orElse("");
        return options.isAzure() ? where : Path.of(where).toAbsolutePath().toString();
    }

    /**
     * A client on the vault that never initializes one (its first call refuses a location without a
     * vault); it has no cluster, so it can only read.
     */
    AksBackupClient client() {
        return options.clientBuilder(store()).hookRunner(HookRunner.NONE).buildClient();
    }
}
