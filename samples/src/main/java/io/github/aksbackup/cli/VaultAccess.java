package io.github.aksbackup.cli;

import io.github.aksbackup.api.NotFoundException;
import io.github.aksbackup.client.AksBackupClient;
import io.github.aksbackup.hook.HookRunner;
import io.github.aksbackup.testkit.DirectoryObjectStore;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --vault DIR} option of commands that read an existing directory vault. */
final class VaultAccess {
    @Option(names = "--vault", paramLabel = "DIR", required = true, description = "The vault directory.")
    Path dir;

    /**
     * The vault's store.
     *
     * @throws NotFoundException when the directory does not exist
     */
    DirectoryObjectStore store() {
        if (!Files.isDirectory(dir)) {
            throw new NotFoundException("no vault at " + dir + ": the directory does not exist");
        }
        return new DirectoryObjectStore(dir);
    }

    /** A client on the vault that never initializes one; it has no cluster, so it can only read. */
    AksBackupClient client() {
        return AksBackupClient.builder().vault(store()).requireExistingVault().hookRunner(HookRunner.NONE).buildClient();
    }
}
