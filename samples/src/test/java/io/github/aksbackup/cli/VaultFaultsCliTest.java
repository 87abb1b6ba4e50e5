package io.github.aksbackup.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a user meets on the command line after a crash or damage: a killed backup's leftovers are
 * reclaimed by {@code vault gc} once its session is stale (and {@code --dry-run} only reports them);
 * a damaged configuration still gives {@code vault verify --json} a document; a vault path that is a
 * file is named as such, without an exception's name.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VaultFaultsCliTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Path dir;
    private Path demoVault;

    @BeforeAll
    void demo(@TempDir Path tempDir) {
        dir = tempDir;
        demoVault = dir.resolve("demo");
        CliRun demo = CliRun.of("demo", "--vault", demoVault.toString());
        assertEquals(0, demo.code(), demo.err());
    }

    /** A fresh copy of the demo vault. */
    private Path copy(String name) throws IOException {
        Path to = dir.resolve(name);
        try (Stream<Path> files = Files.walk(demoVault)) {
            for (Path p : files.toList()) {
                Path t = to.resolve(demoVault.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t);
                }
            }
        }
        return to;
    }

    /** What a backup killed before its manifest leaves: a pack no index or manifest names, and its session marker. */
    private static Path plantLeftovers(Path vault, Instant sessionStarted) throws IOException {
        Path pack = vault.resolve("packs/ab/ab" + "c".repeat(62));
        Files.createDirectories(pack.getParent());
        Files.write(pack, new byte[5000]);
        Path session = vault.resolve("sessions/rp-killed-0.json");
        Files.createDirectories(session.getParent());
        Files.writeString(session, "{\"started\":\"" + sessionStarted + "\"}");
        return pack;
    }

    @Test
    void gcWaitsForAYoungSessionThenReclaimsAKilledBackupsLeftovers() throws IOException {
        Path vault = copy("gc");
        Path pack = plantLeftovers(vault, Instant.now());
        CliRun young = CliRun.of("vault", "gc", "--vault", vault.toString());
        assertEquals(0, young.code(), young.err());
        assertTrue(young.out().contains("deferred, backup session sessions/rp-killed-0.json"), young.out());
        assertTrue(Files.exists(pack));

        Files.writeString(vault.resolve("sessions/rp-killed-0.json"), "{\"started\":\"" + Instant.now().minus(Duration.ofHours(7)) + "\"}");
        List<Path> before = files(vault);
        CliRun dry = CliRun.of("vault", "gc", "--vault", vault.toString(), "--dry-run");
        assertEquals(0, dry.code(), dry.err());
        assertTrue(dry.out().contains("1 packs to delete, 4.9 KiB to free, 1 stale markers"), dry.out());
        assertTrue(Files.exists(pack), "a dry run deletes nothing");
        assertTrue(Files.exists(vault.resolve("sessions/rp-killed-0.json")));
        assertEquals(before, files(vault), "a dry run writes nothing");

        CliRun gc = CliRun.of("vault", "gc", "--vault", vault.toString(), "--json");
        assertEquals(0, gc.code(), gc.err());
        JsonNode doc = JSON.readTree(gc.out());
        assertFalse(doc.get("dryRun").asBoolean());
        assertEquals(1, doc.get("operational").get("packsDeleted").asInt());
        assertEquals(5000, doc.get("operational").get("bytesFreed").asLong());
        assertEquals(1, doc.get("operational").get("staleMarkersRemoved").asInt());
        assertFalse(Files.exists(pack));
        assertFalse(Files.exists(vault.resolve("sessions/rp-killed-0.json")));
        CliRun verify = CliRun.of("vault", "verify", "--vault", vault.toString());
        assertEquals(0, verify.code(), verify.out() + verify.err());
        CliRun rps = CliRun.of("recovery-points", "list", "--vault", vault.toString(), "--json");
        assertEquals(2, JSON.readTree(rps.out()).get("recoveryPoints").size());
    }

    private static List<Path> files(Path vault) throws IOException {
        try (Stream<Path> files = Files.walk(vault)) {
            return files.filter(Files::isRegularFile).sorted().toList();
        }
    }

    @Test
    void aDamagedConfigurationStillGivesVerifyJsonADocument() throws IOException {
        Path vault = copy("config");
        byte[] config = Files.readAllBytes(vault.resolve("config.json"));
        config[config.length / 2] ^= (byte) 0xff;
        Files.write(vault.resolve("config.json"), config);
        CliRun verify = CliRun.of("vault", "verify", "--vault", vault.toString(), "--json");
        assertEquals(1, verify.code(), verify.out() + verify.err());
        JsonNode doc = JSON.readTree(verify.out());
        assertFalse(doc.get("ok").asBoolean());
        assertTrue(doc.get("error").asText().contains("config.json"), doc.toString());
        assertTrue(verify.err().contains("config.json"), verify.err());
        CliRun text = CliRun.of("vault", "verify", "--vault", vault.toString());
        assertEquals(1, text.code());
        assertTrue(text.err().contains("config.json") && text.err().contains("damaged"), text.err());
    }

    @Test
    void aDamagedCatalogFileIsNamedWithoutTheParsersInternals() throws IOException {
        Path vault = copy("catalog");
        Path instance;
        try (Stream<Path> files = Files.walk(vault.resolve("catalog/instances"))) {
            instance = files.filter(Files::isRegularFile).findFirst().orElseThrow();
        }
        byte[] b = Files.readAllBytes(instance);
        Files.write(instance, java.util.Arrays.copyOf(b, b.length / 2));
        CliRun list = CliRun.of("recovery-points", "list", "--vault", vault.toString());
        assertEquals(1, list.code(), list.out() + list.err());
        assertTrue(list.err().contains("demo-aks") && list.err().contains(" in the vault cannot be read: "), list.err());
        for (String internal : List.of("Source:", "reference chain", "io.github", "Exception")) {
            assertFalse(list.err().contains(internal), list.err());
        }
    }

    @Test
    void aVaultPathThatIsAFileIsNamedAsSuchWithoutAnExceptionsName() throws IOException {
        Path file = Files.writeString(dir.resolve("not-a-dir"), "x");
        for (String[] args : List.of(new String[] {"vault", "verify", "--vault", file.toString()},
                new String[] {"vault", "gc", "--vault", file.toString()},
                new String[] {"recovery-points", "list", "--vault", file.toString()},
                new String[] {"demo", "--vault", file.toString()})) {
            CliRun r = CliRun.of(args);
            assertEquals(2, r.code(), String.join(" ", args) + ": " + r.err());
            assertTrue(r.err().contains(file.toString()) && r.err().contains("is a file"), String.join(" ", args) + ": " + r.err());
            assertFalse(r.err().contains("Exception") || r.err().contains("\tat "), r.err());
        }
        // Below a file: the store fails on its first access, in the system's words, naming the path.
        CliRun below = CliRun.of("demo", "--vault", file.resolve("sub").toString());
        assertEquals(1, below.code(), below.err());
        assertTrue(below.err().contains(file.resolve("sub").toString()) && below.err().contains("Not a directory"), below.err());
        assertFalse(below.err().contains("Exception") || below.err().contains("\tat "), below.err());
    }
}
