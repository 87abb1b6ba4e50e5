package io.github.aksbackup.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input to serve and instance: exit code 2 naming the option, before any cluster is contacted or anything written. */
class ServeCommandTest {
    @TempDir
    Path dir;

    void badInput(String expected, String... args) {
        CliRun run = CliRun.of(args);
        assertEquals(AksBackupCli.BAD_INPUT, run.code(), run.out() + run.err());
        assertTrue(run.err().contains(expected), run.err());
        assertFalse(run.err().contains("\tat "), "no stack trace: " + run.err());
        assertFalse(dir.resolve("vault").toFile().exists(), "nothing written");
    }

    @Test
    void badServeOptionsAreNamed() {
        String vault = dir.resolve("vault").toString();
        // The kubeconfig names a server nobody listens on: reaching it would fail differently.
        badInput("--log-format", "serve", "--vault", vault, "--log-format", "xml");
        badInput("--shutdown-grace", "serve", "--vault", vault, "--shutdown-grace", "PT30S");
        badInput("--poll-interval", "serve", "--vault", vault, "--poll-interval", "5m");
        badInput("--http-port", "serve", "--vault", vault, "--http-port", "70000");
    }

    @Test
    void badInstanceArgumentsAreNamed() {
        String vault = dir.resolve("vault").toString();
        badInput("--retain-data", "instance", "stop", "prod", "--vault", vault);
        badInput("mutually exclusive", "instance", "stop", "prod", "--vault", vault, "--retain-data", "--delete-data");
        badInput("--allow-any-interval", "instance", "configure", "--vault", vault, "--name", "prod", "--policy", "policies/aks-default.json",
                "--config", "x.json", "--allow-any-interval=PT0.5S");
        badInput("no vault", "instance", "show", "prod", "--vault", vault);
    }
}
