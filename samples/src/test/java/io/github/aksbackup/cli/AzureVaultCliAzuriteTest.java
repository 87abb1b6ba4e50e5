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
 * Every command with {@code --vault} takes {@code azblob://ACCOUNT/CONTAINER}: the demo writes a
 * vault into an Azurite container, and the reading commands read it back.
 */
@Tag("azurite")
class AzureVaultCliAzuriteTest {
    private static final String ENV = "AKSB_AZURITE_CONNECTION_STRING";

    record Result(int code, String out, String err) {
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = AksBackupCli.run(new PrintWriter(out), new PrintWriter(err), args);
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void demoWritesAnAzureVaultThatTheOtherCommandsRead() {
        String cs = System.getenv(ENV);
        assertTrue(cs != null && !cs.isBlank(), ENV + " must be set (scripts/test-all.sh starts Azurite)");
        String vault = "azblob://devstoreaccount1/cli-demo-" + UUID.randomUUID().toString().substring(0, 8);

        Result demo = run("demo", "--vault", vault, "--azure-connection-string-env", ENV);
        assertEquals(AksBackupCli.OK, demo.code(), demo.out() + demo.err());
        assertTrue(demo.out().contains("Vault: " + vault), demo.out());

        for (String[] command : new String[][] {{"recovery-points", "list"}, {"jobs", "list"}, {"vault", "verify"}}) {
            Result r = run(command[0], command[1], "--vault", vault, "--azure-connection-string-env", ENV);
            assertEquals(AksBackupCli.OK, r.code(), String.join(" ", command) + ": " + r.out() + r.err());
            assertFalse(r.out().isBlank());
            String key = cs.replaceAll(".*AccountKey=([^;]+).*", "$1");
            assertFalse((r.out() + r.err()).contains(key), "the account key is never printed");
        }
    }

    @Test
    void theAzureEventLoopsAreStoppedBeforeExitAndMadeAgainWhenAnotherCommandNeedsThem() {
        String vault = "azblob://devstoreaccount1/cli-exit-" + UUID.randomUUID().toString().substring(0, 8);
        Result demo = run("demo", "--vault", vault, "--azure-connection-string-env", ENV);
        assertEquals(AksBackupCli.OK, demo.code(), demo.out() + demo.err());
        assertTrue(eventLoopThreads() > 0, "the Azure SDK's HTTP client runs on reactor-netty's event loops");
        ExitCleanup.beforeExit();
        // the JVM's exit would wait up to 300 ms for any of them, sitting in a native epoll call
        assertEquals(0, eventLoopThreads());
        Result again = run("recovery-points", "list", "--vault", vault, "--azure-connection-string-env", ENV);
        assertEquals(AksBackupCli.OK, again.code(), again.out() + again.err());
        assertFalse(again.out().isBlank());
    }

    private static long eventLoopThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith("reactor-http-")).count();
    }
}
