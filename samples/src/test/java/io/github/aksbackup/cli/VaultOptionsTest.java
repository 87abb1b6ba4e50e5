package io.github.aksbackup.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.aksbackup.azure.AzureBlobLocation;
import io.github.aksbackup.azure.AzureBlobObjectStore;
import io.github.aksbackup.store.DirectoryObjectStore;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** How {@link VaultOptions} reads {@code --vault} and its Azure credentials. */
class VaultOptionsTest {
    private static final String KEY = "c2VjcmV0LWFjY291bnQta2V5LW5ldmVyLXByaW50ZWQ=";
    private static final String CS = "DefaultEndpointsProtocol=http;AccountName=backupacct;AccountKey=" + KEY
            + ";BlobEndpoint=http://127.0.0.1:9/backupacct;";

    @TempDir
    Path dir;

    static VaultOptions parse(Map<String, String> env, String... args) {
        VaultOptions options = new VaultOptions(env::get);
        new CommandLine(new Object() {
            @CommandLine.Mixin
            VaultOptions v = options;
        }).parseArgs(args);
        return options;
    }

    @Test
    void aDirectoryOpensADirectoryStore() {
        VaultOptions v = parse(Map.of(), "--vault", dir.toString());
        assertInstanceOf(DirectoryObjectStore.class, v.open());
        assertFalse(v.isAzure());
    }

    @Test
    void anAzblobUriWithAConnectionStringVariableOpensTheContainerWithoutPrintingIt() {
        VaultOptions v = parse(Map.of("MY_CS", CS), "--vault", "azblob://backupacct/vault",
                "--azure-connection-string-env", "MY_CS");
        assertTrue(v.isAzure());
        AzureBlobObjectStore store = v.azureStore(AzureBlobLocation.parse("azblob://backupacct/vault")).build();
        assertEquals("backupacct", store.accountName());
        assertEquals("vault", store.containerName());
        assertFalse(store.describe().contains(KEY));
    }

    @Test
    void refusesAConnectionStringOfAnotherAccountWithoutQuotingIt() {
        VaultOptions v = parse(Map.of("MY_CS", CS), "--vault", "azblob://otheracct/vault",
                "--azure-connection-string-env", "MY_CS");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, v::open);
        assertTrue(e.getMessage().contains("'otheracct'") && e.getMessage().contains("'backupacct'"), e.getMessage());
        assertFalse(e.getMessage().contains(KEY));
    }

    @Test
    void refusesAnUnsetVariable() {
        VaultOptions v = parse(Map.of(), "--vault", "azblob://backupacct/vault", "--azure-connection-string-env", "NOPE");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, v::open);
        assertTrue(e.getMessage().contains("NOPE"), e.getMessage());
    }

    @Test
    void refusesMalformedUrisAndAConnectionStringForADirectory() {
        assertThrows(IllegalArgumentException.class, () -> parse(Map.of(), "--vault", "azblob://Bad/x").open());
        assertThrows(IllegalArgumentException.class,
                () -> parse(Map.of("MY_CS", CS), "--vault", dir.toString(), "--azure-connection-string-env", "MY_CS").open());
        assertThrows(IllegalArgumentException.class, () -> parse(Map.of()).open());
    }

    @Test
    void openOrFallsBackToADirectory() {
        assertInstanceOf(DirectoryObjectStore.class, parse(Map.of()).openOr(dir.resolve("default")));
    }

    @Test
    void preflightOfADirectoryVaultIsBadInput() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = AksBackupCli.run(new PrintWriter(out), new PrintWriter(err), "azure", "preflight", "--vault",
                dir.toString());
        assertEquals(AksBackupCli.BAD_INPUT, code);
        assertTrue(err.toString().contains("azblob://ACCOUNT/CONTAINER"), err.toString());
    }
}
