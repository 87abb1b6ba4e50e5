package io.github.aksbackup.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoAndVaultCommandsTest {
    @TempDir
    Path dir;


    @Test
    void theDemoBacksUpChangesRestoresAndLeavesAVaultTheOtherCommandsRead() throws IOException {
        Path vault = dir.resolve("vault");
        CliRun demo = CliRun.of("demo", "--vault", vault.toString());
        assertEquals(0, demo.code(), demo.out() + demo.err());
        assertTrue(demo.out().contains("3. Backup 1 (on demand, tag Default)"), demo.out());
        assertTrue(demo.out().contains("5. Backup 2 (on demand, tag Daily)"), demo.out());
        assertTrue(demo.out().contains("identical to the backed-up volume"), demo.out());
        assertTrue(demo.out().contains("Created  v1/PersistentVolumeClaim"), demo.out());
        assertTrue(demo.out().contains("Vault: " + vault.toAbsolutePath()), demo.out());
        assertEquals("", demo.err());

        ObjectMapper json = new ObjectMapper();
        CliRun rps = CliRun.of("recovery-points", "list", "--vault", vault.toString(), "--json");
        assertEquals(0, rps.code(), rps.err());
        JsonNode points = json.readTree(rps.out()).get("recoveryPoints");
        assertEquals(2, points.size());
        assertEquals("Daily", points.get(1).get("tag").asText());
        assertEquals("VaultStore", points.get(1).get("stores").get(1).get("type").asText());

        CliRun jobs = CliRun.of("jobs", "list", "--vault", vault.toString(), "--json");
        assertEquals(0, jobs.code(), jobs.err());
        List<String> operations = Stream.of(json.readTree(jobs.out()).get("jobs")).flatMap(n -> {
            java.util.List<String> l = new java.util.ArrayList<>();
            n.forEach(j -> l.add(j.get("operation").asText()));
            return l.stream();
        }).toList();
        assertEquals(List.of("Restore", "VaultCopy", "Backup", "Backup"), operations);
        CliRun table = CliRun.of("jobs", "list", "--vault", vault.toString());
        assertTrue(table.out().startsWith("JOB "), table.out());
        String restoreJob = json.readTree(jobs.out()).get("jobs").get(0).get("id").asText();
        CliRun show = CliRun.of("jobs", "show", "--vault", vault.toString(), restoreJob);
        assertTrue(show.out().contains("Created  v1/Secret"), show.out());

        CliRun ok = CliRun.of("vault", "verify", "--vault", vault.toString());
        assertEquals(0, ok.code(), ok.out() + ok.err());
        assertTrue(ok.out().contains("OK: no damage found"), ok.out());

        Path pack;
        try (Stream<Path> files = Files.walk(vault.resolve("packs"))) {
            pack = files.filter(Files::isRegularFile).max((a, b) -> Long.compare(a.toFile().length(), b.toFile().length())).orElseThrow();
        }
        byte[] bytes = Files.readAllBytes(pack);
        for (int i = bytes.length / 2; i < bytes.length / 2 + 16; i++) {
            bytes[i] ^= 0x5a;
        }
        Files.write(pack, bytes);
        CliRun damaged = CliRun.of("vault", "verify", "--vault", vault.toString(), "--json");
        assertEquals(1, damaged.code());
        JsonNode report = json.readTree(damaged.out());
        assertFalse(report.get("ok").asBoolean());
        JsonNode damage = report.get("operational").get("damage");
        assertTrue(damage.size() >= 2, damaged.out());
        boolean namedObject = false;
        for (JsonNode d : damage) {
            namedObject |= d.get("kind").asText().equals("object") && d.get("object").asText().contains("/");
        }
        assertTrue(namedObject || damaged.out().contains("\"kind\" : \"chunk\""), damaged.out());
        CliRun human = CliRun.of("vault", "verify", "--vault", vault.toString());
        assertEquals(1, human.code());
        assertTrue(human.out().contains("DAMAGED"), human.out());
    }

    @Test
    void commandsOnSomethingThatIsNotAVaultAreBadInput() throws IOException {
        Path empty = Files.createDirectory(dir.resolve("empty"));
        CliRun r = CliRun.of("recovery-points", "list", "--vault", empty.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("holds no aks-backup vault"), r.err());
        try (Stream<Path> files = Files.list(empty)) {
            assertEquals(0, files.count(), "nothing was written into it");
        }
        assertEquals(2, CliRun.of("vault", "verify", "--vault", dir.resolve("missing").toString()).code());
        assertEquals(2, CliRun.of("jobs", "list").code());
    }

    @Test
    void vaultInitMakesTheVaultTheReadingCommandsNeedWhileTheyMakeNone() throws IOException {
        Path vault = Files.createDirectory(dir.resolve("fresh"));
        for (String[] reading : List.of(new String[] {"jobs", "list"}, new String[] {"instance", "list"},
                new String[] {"vault", "gc"}, new String[] {"vault", "report"})) {
            List<String> args = new java.util.ArrayList<>(List.of(reading));
            args.addAll(List.of("--vault", vault.toString(), "--json"));
            CliRun r = CliRun.of(args.toArray(String[]::new));
            assertEquals(2, r.code(), args + ": " + r.err());
            assertTrue(r.err().contains("holds no aks-backup vault") && r.err().contains("aks-backup vault init --vault " + vault),
                    args + " names the command that makes one: " + r.err());
        }
        try (Stream<Path> files = Files.list(vault)) {
            assertEquals(0, files.count(), "nothing was written into it");
        }

        CliRun init = CliRun.of("vault", "init", "--vault", vault.toString(), "--json");
        assertEquals(0, init.code(), init.err());
        JsonNode made = new ObjectMapper().readTree(init.out());
        assertFalse(made.get("encrypted").asBoolean());
        assertTrue(Files.readString(vault.resolve("config.json")).contains(made.get("id").asText()), "the id is the vault's");
        assertTrue(Files.isRegularFile(vault.resolve("vault-tier").resolve("config.json")), "and its vault tier is made too");

        CliRun jobs = CliRun.of("jobs", "list", "--vault", vault.toString(), "--json");
        assertEquals(0, jobs.code(), jobs.err());
        assertEquals(0, new ObjectMapper().readTree(jobs.out()).get("jobs").size(), jobs.out());
    }
}
