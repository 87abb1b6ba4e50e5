package io.github.aksbackup.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@code aks-backup azure preflight} against Azurite, with the connection string read from the
 * variable scripts/test-all.sh exports. Fails when that variable is missing: the profile promises Azurite.
 */
@Tag("azurite")
class AzureCommandAzuriteTest {
    private static final String ENV = "AKSB_AZURITE_CONNECTION_STRING";

    @Test
    void preflightOfAnAzuriteVaultPassesAndNeverPrintsTheConnectionString() {
        String cs = System.getenv(ENV);
        assertTrue(cs != null && !cs.isBlank(), ENV + " must be set (scripts/test-all.sh starts Azurite)");
        String container = "cli-" + UUID.randomUUID().toString().substring(0, 8);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();

        int code = AksBackupCli.run(new PrintWriter(out), new PrintWriter(err), "azure", "preflight",
                "--vault", "azblob://devstoreaccount1/" + container, "--azure-connection-string-env", ENV);

        assertEquals(AksBackupCli.OK, code, out + "\n" + err);
        assertTrue(out.toString().contains("OK   VaultContainerWritable"), out.toString());
        String key = cs.replaceAll(".*AccountKey=([^;]+).*", "$1");
        assertFalse((out.toString() + err).contains(key), "the account key must never be printed");
    }
}
