package io.github.aksbackup.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PolicyCommandTest {

    private static final Path SAMPLES = Path.of("policies");

    @TempDir
    Path dir;


    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    @ParameterizedTest
    @ValueSource(strings = {"aks-default.json", "aks-daily-to-vault.json", "aks-weekly-monthly-yearly.json"})
    void validateAcceptsTheSamplesWithOneLine(String file) {
        CliRun r = run("policy", "validate", SAMPLES.resolve(file).toString());
        assertEquals(0, r.code(), r.err());
        assertEquals("", r.err());
        assertEquals(1, r.out().lines().count(), r.out());
        assertTrue(r.out().startsWith(SAMPLES.resolve(file) + ": valid policy '"), r.out());
    }

    @Test
    void validateSummarizesTheDefaultPolicy() {
        CliRun r = run("policy", "validate", SAMPLES.resolve("aks-default.json").toString());
        assertEquals(SAMPLES.resolve("aks-default.json") + ": valid policy 'AKSPolicy1': every 4 hours (UTC); tags Default 99;"
                + " retention Default operational P7D\n", r.out());
    }

    @Test
    void validatePrintsOneLinePerProblemAndExitsTwo() throws Exception {
        String json = Files.readString(SAMPLES.resolve("aks-default.json"))
                .replace("/PT4H", "/PT2H").replace("\"P7D\"", "\"P400D\"").replace("\"isDefault\": true,\n            \"tagInfo\"",
                        "\"isDefault\": false,\n            \"tagInfo\"");
        Path file = dir.resolve("bad.json");
        Files.writeString(file, json);
        CliRun r = run("policy", "validate", file.toString());
        assertEquals(2, r.code());
        assertEquals("", r.out());
        assertEquals("""
                bad.json $.policyRules[0].trigger.schedule.repeatingTimeIntervals[0]: frequency PT2H is not one Azure offers for AKS: PT4H, PT6H, PT8H, PT12H or P1D (allowAnyInterval accepts any interval of at least PT1H)
                bad.json $.policyRules[0].trigger.taggingCriteria[0].criteria: tag 'Default' is not the default, so it needs at least one criterion saying which backups get it, such as absoluteCriteria ["FirstOfDay"]
                bad.json $.policyRules[0].trigger.taggingCriteria: no tagging criterion has isDefault true; exactly one must be the default (Azure's is tagName Default, taggingPriority 99)
                bad.json $.policyRules[1].lifecycles[0].deleteAfter.duration: P400D is longer than P360D, the longest the operational tier keeps recovery points; copy them to VaultStore to keep them longer
                """, r.err());
    }

    @Test
    void allowAnyIntervalAcceptsOtherFrequencies() throws Exception {
        Path file = dir.resolve("two-hourly.json");
        Files.writeString(file, Files.readString(SAMPLES.resolve("aks-default.json")).replace("/PT4H", "/PT2H"));
        assertEquals(2, run("policy", "validate", file.toString()).code());
        CliRun r = run("policy", "validate", "--allow-any-interval", file.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("every 2 hours"), r.out());
    }

    @Test
    void badFilesExitTwoWithAClearMessageAndNoStackTrace() throws Exception {
        Path empty = Files.writeString(dir.resolve("empty.json"), "");
        Path notJson = Files.writeString(dir.resolve("notes.txt"), "policy: nightly\n");
        Path other = Files.writeString(dir.resolve("other.json"), "{\"kind\": \"ConfigMap\"}");
        byte[] junk = new byte[4096];
        new Random(7).nextBytes(junk);
        Path binary = Files.write(dir.resolve("junk.bin"), junk);
        Path utf8Junk = Files.write(dir.resolve("junk.json"), "\u00e9\u00e8{[}".getBytes(StandardCharsets.ISO_8859_1));
        String[][] cases = {
            {dir.resolve("missing.json").toString(), "does not exist"},
            {dir.toString(), "is a directory"},
            {empty.toString(), "empty.json: the document is empty"},
            {notJson.toString(), "notes.txt: not valid JSON at line 1, column 1"},
            {other.toString(), "other.json: not an Azure backup policy"},
            {binary.toString(), "junk.bin: the document is"},
            {utf8Junk.toString(), "junk.json: the document is not UTF-8 text"},
        };
        for (String[] c : cases) {
            for (String command : new String[] {"validate", "show"}) {
                CliRun r = run("policy", command, c[0]);
                assertEquals(2, r.code(), c[0] + "\n" + r.err());
                assertEquals("", r.out());
                assertTrue(r.err().contains(c[1]), r.err());
                assertFalse(r.err().contains("Exception"), r.err());
                assertFalse(r.err().contains("\tat "), r.err());
            }
        }
    }

    @Test
    void showExplainsScheduleTagsAndRetentionPerTier() {
        CliRun r = run("policy", "show", SAMPLES.resolve("aks-daily-to-vault.json").toString());
        assertEquals(0, r.code(), r.err());
        assertEquals("""
                Policy aks-daily-to-vault (Microsoft.ContainerService/managedClusters)
                Schedule
                  rule BackupHourly: Incremental backup to OperationalStore
                  every 4 hours, first at 2024-03-01 02:00 UTC   (R/2024-03-01T02:00:00+00:00/PT4H)
                  time zone: UTC
                Tags (a backup gets the matching tag with the lowest priority number)
                  Daily    priority 25   first backup of each day
                  Default  priority 99   default: every backup no other tag takes
                Retention
                  Daily    OperationalStore 7 days, copied to VaultStore immediately; VaultStore 84 days
                  Default  OperationalStore 7 days   (default rule)
                """, r.out());
    }

    @Test
    void showNamesTheTimeZoneAndEveryCopyOption() {
        CliRun r = run("policy", "show", SAMPLES.resolve("aks-weekly-monthly-yearly.json").toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("every day, first at 2024-01-07 02:00 Europe/Berlin"), r.out());
        assertTrue(r.out().contains("time zone: W. Europe Standard Time = Europe/Berlin"), r.out());
        assertTrue(r.out().contains("Yearly   OperationalStore 7 days, copied to VaultStore after 1 day; VaultStore 5 years"), r.out());
        assertTrue(r.out().contains("copied to VaultStore when the operational copy expires; VaultStore 12 months"), r.out());
    }

    @Test
    void showJsonIsMachineReadable() {
        CliRun r = run("policy", "show", "--json", SAMPLES.resolve("aks-daily-to-vault.json").toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("{\n"), r.out());
        assertTrue(r.out().contains("\"option\": \"ImmediateCopyOption\""), r.out());
        assertTrue(r.out().contains("\"priority\": 25"), r.out());
        assertTrue(r.out().contains("\"frequency\": \"PT4H\""), r.out());
        assertTrue(r.out().contains("\"deleteAfter\": \"P84D\""), r.out());
    }

    @Test
    void policyWithoutASubcommandShowsUsage() {
        CliRun r = run("policy");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("Missing required subcommand"), r.err());
        CliRun help = run("policy", "--help");
        assertEquals(0, help.code());
        assertTrue(help.out().contains("validate") && help.out().contains("show"), help.out());
    }
}
