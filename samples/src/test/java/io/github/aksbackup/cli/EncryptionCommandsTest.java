package io.github.aksbackup.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code key create|rotate|list}, {@code vault init --key-file} and {@code --key-file} on the vault commands. */
class EncryptionCommandsTest {
    @TempDir
    Path dir;


    /** Every file of a directory with its content, to show that nothing was written. */
    static Map<String, String> files(Path root) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                out.put(root.relativize(p).toString(), java.util.HexFormat.of().formatHex(Files.readAllBytes(p)));
            }
        }
        return out;
    }

    @Test
    void keyFilesAreCreatedOnceOwnerOnlyRotatedAndListedWithoutMaterial() throws IOException {
        Path keys = dir.resolve("keys.json");
        CliRun created = CliRun.of("key", "create", "--key-file", keys.toString(), "--key-id", "k1");
        assertEquals(0, created.code(), created.err());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(keys)));
        String material = new ObjectMapper().readTree(keys.toFile()).get("keys").get("k1").asText();

        byte[] before = Files.readAllBytes(keys);
        CliRun again = CliRun.of("key", "create", "--key-file", keys.toString());
        assertEquals(2, again.code());
        assertTrue(again.err().contains("--key-file"), again.err());
        assertEquals(new String(before), new String(Files.readAllBytes(keys)), "never overwritten");

        CliRun rotated = CliRun.of("key", "rotate", "--key-file", keys.toString(), "--key-id", "k2");
        assertEquals(0, rotated.code(), rotated.err());
        CliRun list = CliRun.of("key", "list", "--key-file", keys.toString(), "--json");
        assertEquals(0, list.code(), list.err());
        JsonNode doc = new ObjectMapper().readTree(list.out());
        assertEquals("k2", doc.get("current").asText());
        assertEquals("[\"k1\",\"k2\"]", doc.get("keyIds").toString());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(keys)));
        for (CliRun o : new CliRun[] {created, rotated, list, CliRun.of("key", "list", "--key-file", keys.toString())}) {
            assertFalse(o.out().contains(material) || o.err().contains(material));
        }

        CliRun sameId = CliRun.of("key", "rotate", "--key-file", keys.toString(), "--key-id", "k2");
        assertEquals(2, sameId.code());
        assertTrue(sameId.err().contains("--key-id"), sameId.err());
        CliRun badId = CliRun.of("key", "create", "--key-file", dir.resolve("other.json").toString(), "--key-id", "no spaces");
        assertEquals(2, badId.code());
        assertTrue(badId.err().contains("--key-id"), badId.err());
        assertFalse(Files.exists(dir.resolve("other.json")));
        Files.writeString(dir.resolve("broken.json"), "{\"current\": 1}");
        CliRun broken = CliRun.of("key", "list", "--key-file", dir.resolve("broken.json").toString());
        assertEquals(2, broken.code());
        assertTrue(broken.err().startsWith("--key-file"), broken.err());
        assertFalse(broken.err().contains("Exception"), broken.err());
    }

    @Test
    void anEncryptedVaultIsCreatedUsedRotatedAndRefusedWithoutItsKey() throws IOException {
        Path keys = dir.resolve("keys.json");
        Path vault = dir.resolve("vault");
        assertEquals(0, CliRun.of("key", "create", "--key-file", keys.toString(), "--key-id", "k1").code());
        CliRun init = CliRun.of("vault", "init", "--vault", vault.toString(), "--key-file", keys.toString(), "--json");
        assertEquals(0, init.code(), init.err());
        JsonNode doc = new ObjectMapper().readTree(init.out());
        assertTrue(doc.get("encrypted").asBoolean());
        assertEquals("AES-256-GCM", doc.get("algorithm").asText());
        assertEquals("[\"k1\"]", doc.get("keyIds").toString());
        CliRun twice = CliRun.of("vault", "init", "--vault", vault.toString(), "--key-file", keys.toString());
        assertEquals(1, twice.code());
        assertTrue(twice.err().contains("holds a vault already"), twice.err());

        CliRun demo = CliRun.of("demo", "--vault", vault.toString(), "--key-file", keys.toString());
        assertEquals(0, demo.code(), demo.out() + demo.err());
        assertTrue(demo.out().contains("aks-backup vault verify --vault " + vault + " --key-file " + keys), demo.out());
        Map<String, String> before = files(vault);

        CliRun noKey = CliRun.of("recovery-points", "list", "--vault", vault.toString());
        assertEquals(2, noKey.code());
        assertTrue(noKey.err().contains("encrypted") && noKey.err().contains("'k1'") && noKey.err().contains("--key-file"), noKey.err());
        assertFalse(noKey.err().contains("Exception"), noKey.err());
        Path other = dir.resolve("other.json");
        assertEquals(0, CliRun.of("key", "create", "--key-file", other.toString(), "--key-id", "k1").code());
        CliRun wrong = CliRun.of("jobs", "list", "--vault", vault.toString(), "--key-file", other.toString());
        assertEquals(2, wrong.code());
        assertTrue(wrong.err().contains("'k1'"), wrong.err());
        CliRun verifyWrong = CliRun.of("vault", "verify", "--vault", vault.toString(), "--key-file", other.toString());
        assertEquals(2, verifyWrong.code());
        assertEquals(before, files(vault), "nothing written without the right key");

        CliRun rps = CliRun.of("recovery-points", "list", "--vault", vault.toString(), "--key-file", keys.toString(), "--json");
        assertEquals(0, rps.code(), rps.err());
        assertEquals(2, new ObjectMapper().readTree(rps.out()).get("recoveryPoints").size());

        assertEquals(0, CliRun.of("key", "rotate", "--key-file", keys.toString(), "--key-id", "k2").code());
        CliRun demo2 = CliRun.of("demo", "--vault", vault.toString(), "--key-file", keys.toString());
        assertEquals(0, demo2.code(), demo2.out() + demo2.err());
        CliRun verify = CliRun.of("vault", "verify", "--vault", vault.toString(), "--key-file", keys.toString(), "--json");
        assertEquals(0, verify.code(), verify.out() + verify.err());
        JsonNode counts = new ObjectMapper().readTree(verify.out()).get("operational").get("keyIds");
        assertTrue(counts.get("k1").asLong() > 0 && counts.get("k2").asLong() > 0, counts.toString());
        CliRun text = CliRun.of("vault", "verify", "--vault", vault.toString(), "--key-file", keys.toString());
        assertTrue(text.out().contains("encrypted objects by key: 'k1' "), text.out());

        CliRun plainWithKey = CliRun.of("vault", "init", "--vault", dir.resolve("plain").toString());
        assertEquals(0, plainWithKey.code());
        CliRun refused = CliRun.of("recovery-points", "list", "--vault", dir.resolve("plain").toString(), "--key-file", keys.toString());
        assertEquals(2, refused.code());
        assertTrue(refused.err().contains("not encrypted"), refused.err());
        CliRun missingFile = CliRun.of("recovery-points", "list", "--vault", vault.toString(), "--key-file", dir.resolve("nope").toString());
        assertEquals(2, missingFile.code());
        assertTrue(missingFile.err().startsWith("--key-file"), missingFile.err());
    }

    @Test
    void keyVaultKeysAreCheckedBeforeAnyRequestAndNeverCombinedWithAKeyFile() throws IOException {
        Path vault = dir.resolve("vault");
        CliRun notAUrl = CliRun.of("vault", "init", "--vault", vault.toString(), "--key-vault-key", "my-key");
        assertEquals(2, notAUrl.code(), notAUrl.err());
        assertTrue(notAUrl.err().contains("--key-vault-key"), notAUrl.err());
        CliRun notAKey = CliRun.of("vault", "init", "--vault", vault.toString(), "--key-vault-key",
                "https://myvault.vault.azure.net/secrets/my-key");
        assertEquals(2, notAKey.code(), notAKey.err());
        assertTrue(notAKey.err().contains("--key-vault-key"), notAKey.err());
        Path keys = dir.resolve("keys.json");
        assertEquals(0, CliRun.of("key", "create", "--key-file", keys.toString()).code());
        CliRun both = CliRun.of("vault", "init", "--vault", vault.toString(), "--key-file", keys.toString(), "--key-vault-key",
                "https://myvault.vault.azure.net/keys/my-key");
        assertEquals(2, both.code(), both.err());
        assertTrue(both.err().contains("not both"), both.err());
        assertFalse(both.err().contains("Exception"), both.err());
        assertFalse(Files.exists(vault) && !files(vault).isEmpty(), "nothing written to the vault");
    }
}
