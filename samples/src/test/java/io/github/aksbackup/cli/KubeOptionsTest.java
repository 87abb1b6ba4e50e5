package io.github.aksbackup.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The request-rate options of the commands that talk to a cluster are checked before anything is written. */
class KubeOptionsTest {
    @TempDir
    Path dir;

    @Test
    void aNegativeRateOrBurstIsBadInputAndWritesNothing() throws IOException {
        Path config = Files.writeString(dir.resolve("config.json"),
                "{\"objectType\":\"KubernetesClusterBackupDatasourceParameters\",\"includedNamespaces\":[\"shop\"]}");
        Path kubeconfig = Files.writeString(dir.resolve("kubeconfig"), "apiVersion: v1\nkind: Config\n");
        Path vault = dir.resolve("vault");
        for (String[] bad : new String[][] {{"--qps", "-1"}, {"--qps", "NaN"}, {"--burst", "0"}}) {
            CliRun r = CliRun.of("backup", "--kubeconfig", kubeconfig.toString(), "--vault", vault.toString(), "--config",
                    config.toString(), bad[0], bad[1]);
            assertEquals(2, r.code(), r.err());
            assertTrue(r.err().contains(bad[0]), r.err());
            assertFalse(r.err().contains("Exception"), r.err());
            assertFalse(Files.exists(vault), "nothing written to the vault");
        }
    }
}
