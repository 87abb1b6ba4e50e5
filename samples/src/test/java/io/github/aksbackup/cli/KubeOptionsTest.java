package io.github.aksbackup.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The request-rate options of the commands that talk to a cluster are checked before anything is written. */
class KubeOptionsTest {
    @TempDir
    Path dir;

    private String[] run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = AksBackupCli.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new String[] {Integer.toString(code), err.toString()};
    }

    @Test
    void aNegativeRateOrBurstIsBadInputAndWritesNothing() throws IOException {
        Path config = Files.writeString(dir.resolve("config.json"),
                "{\"objectType\":\"KubernetesClusterBackupDatasourceParameters\",\"includedNamespaces\":[\"shop\"]}");
        Path kubeconfig = Files.writeString(dir.resolve("kubeconfig"), "apiVersion: v1\nkind: Config\n");
        Path vault = dir.resolve("vault");
        for (String[] bad : new String[][] {{"--qps", "-1"}, {"--qps", "NaN"}, {"--burst", "0"}}) {
            String[] r = run("backup", "--kubeconfig", kubeconfig.toString(), "--vault", vault.toString(), "--config",
                    config.toString(), bad[0], bad[1]);
            assertEquals("2", r[0], r[1]);
            assertTrue(r[1].contains(bad[0]), r[1]);
            assertFalse(r[1].contains("Exception"), r[1]);
            assertFalse(Files.exists(vault), "nothing written to the vault");
        }
    }
}
