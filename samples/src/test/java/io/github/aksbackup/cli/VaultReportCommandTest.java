package io.github.aksbackup.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code vault report} without a browser: the document, its filters, the text summary and bad input. */
class VaultReportCommandTest {
    @TempDir
    static Path dir;
    static Path vault;
    static Path keys;
    static Instant end;

    @BeforeAll
    static void history() {
        vault = dir.resolve("vault");
        keys = dir.resolve("keys.json");
        assertEquals(0, CliRun.of("key", "create", "--key-file", keys.toString()).code());
        end = VaultHistory.write(vault, keys);
    }

    private static JsonNode report(String... more) throws Exception {
        String[] args = new String[6 + more.length];
        System.arraycopy(new String[] {"vault", "report", "--vault", vault.toString(), "--key-file", keys.toString()}, 0, args, 0, 6);
        System.arraycopy(more, 0, args, 6, more.length);
        CliRun r = CliRun.of(args);
        assertEquals(0, r.code(), r.err());
        return new ObjectMapper().readTree(r.out());
    }

    @Test
    void theDocumentHoldsInstancesCopiesJobsAndWhatEachBackupWrote() throws Exception {
        JsonNode doc = report("--json");
        assertEquals(2, doc.get("instances").size());
        JsonNode prod = doc.get("instances").get(0);
        assertEquals("shop-prod", prod.get("name").asText());
        assertEquals("ProtectionConfigured", prod.get("protectionState").asText());
        assertEquals("aks-daily-to-vault", prod.get("policy").asText());
        JsonNode s = doc.get("summary");
        assertEquals(doc.get("recoveryPoints").size(), s.get("recoveryPoints").asInt());
        assertEquals(1, s.get("failedJobs").asInt(), "the slot whose namespaces could not be listed");
        long bytesNew = 0;
        long bytesTotal = 0;
        int warned = 0;
        for (JsonNode j : doc.get("jobs")) {
            if (j.get("operation").asText().equals("Backup")) {
                bytesNew += j.get("counts").get("bytesNew").asLong();
                bytesTotal += j.get("counts").get("bytesTotal").asLong();
            }
            warned += j.get("status").asText().equals("CompletedWithWarnings") ? 1 : 0;
        }
        assertEquals(bytesNew, s.get("backupBytesNew").asLong());
        assertEquals(bytesTotal, s.get("backupBytesTotal").asLong());
        assertTrue(bytesNew < bytesTotal / 4, "later backups of a barely changed cluster write little: " + bytesNew + " of " + bytesTotal);
        assertEquals(1, warned, "the backup in the slot that could not list config maps (the instances have different slots)");
        boolean vaultCopy = false;
        for (JsonNode rp : doc.get("recoveryPoints")) {
            for (JsonNode c : rp.get("stores")) {
                vaultCopy |= c.get("type").asText().equals("VaultStore") && c.get("state").asText().equals("Available");
            }
        }
        assertTrue(vaultCopy, "Daily recovery points of shop-prod have vault copies");
    }

    @Test
    void instanceAndSinceNarrowTheReport() throws Exception {
        Instant since = end.minus(Duration.ofHours(24));
        JsonNode doc = report("--instance", "shop-staging", "--since", since.toString(), "--json");
        assertEquals("shop-staging", doc.get("instance").asText());
        assertEquals(since.toString(), doc.get("since").asText());
        assertEquals(1, doc.get("instances").size());
        assertEquals(6, doc.get("recoveryPoints").size(), "every 4 hours for a day");
        for (JsonNode rp : doc.get("recoveryPoints")) {
            assertEquals("shop-staging", rp.get("instance").asText());
            assertTrue(!Instant.parse(rp.get("time").asText()).isBefore(since));
        }
        for (JsonNode j : doc.get("jobs")) {
            assertEquals("shop-staging", j.get("instance").asText());
        }
    }

    @Test
    void withoutJsonItPrintsASummary() {
        CliRun r = CliRun.of("vault", "report", "--vault", vault.toString(), "--key-file", keys.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("Vault " + vault.toAbsolutePath()), r.out());
        assertTrue(r.out().contains("shop-staging  aks-staging-westeurope"), r.out());
        assertTrue(r.out().contains("1 failed); 36 backups covered"), r.out());
    }

    @Test
    void badInputExitsTwo() {
        String v = vault.toString();
        String k = keys.toString();
        CliRun unknown = CliRun.of("vault", "report", "--vault", v, "--key-file", k, "--instance", "nope");
        assertEquals(2, unknown.code());
        assertTrue(unknown.err().contains("nope"), unknown.err());
        CliRun badSince = CliRun.of("vault", "report", "--vault", v, "--key-file", k, "--since", "last week");
        assertEquals(2, badSince.code());
        assertTrue(badSince.err().contains("--since 'last week'"), badSince.err());
        CliRun noDir = CliRun.of("vault", "report", "--vault", v, "--key-file", k, "--html", dir.resolve("missing/page.html").toString());
        assertEquals(2, noDir.code());
        assertTrue(noDir.err().contains("its directory does not exist"), noDir.err());
        assertTrue(Files.notExists(dir.resolve("missing")));
    }
}
