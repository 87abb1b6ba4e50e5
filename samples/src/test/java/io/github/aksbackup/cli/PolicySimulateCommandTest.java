package io.github.aksbackup.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code policy simulate} against timelines worked out by hand from the documented rules.
 */
class PolicySimulateCommandTest {
    /**
     * Twice a day at 08:00 and 20:00 India time (02:30Z, 14:30Z); Weekly (FirstOfWeek, priority 20) is
     * kept 7 days operational then copied to the vault on expiry for 4 weeks; Daily (FirstOfDay, 25) 7 days;
     * Default 2 days.
     */
    private static final String POLICY = """
            {
              "name": "twice-a-day",
              "objectType": "BackupPolicy",
              "datasourceTypes": ["Microsoft.ContainerService/managedClusters"],
              "policyRules": [
                {
                  "name": "BackupTwiceADay", "objectType": "AzureBackupRule",
                  "backupParameters": {"backupType": "Incremental", "objectType": "AzureBackupParams"},
                  "dataStore": {"dataStoreType": "OperationalStore", "objectType": "DataStoreInfoBase"},
                  "trigger": {
                    "objectType": "ScheduleBasedTriggerContext",
                    "schedule": {"repeatingTimeIntervals": ["R/2026-03-07T08:00:00+05:30/PT12H"], "timeZone": "India Standard Time"},
                    "taggingCriteria": [
                      {"isDefault": false, "taggingPriority": 25, "tagInfo": {"tagName": "Daily"},
                       "criteria": [{"objectType": "ScheduleBasedBackupCriteria", "absoluteCriteria": ["FirstOfDay"]}]},
                      {"isDefault": false, "taggingPriority": 20, "tagInfo": {"tagName": "Weekly"},
                       "criteria": [{"objectType": "ScheduleBasedBackupCriteria", "absoluteCriteria": ["FirstOfWeek"]}]},
                      {"isDefault": true, "taggingPriority": 99, "tagInfo": {"tagName": "Default"}}
                    ]
                  }
                },
                {
                  "name": "Weekly", "objectType": "AzureRetentionRule", "isDefault": false,
                  "lifecycles": [
                    {"deleteAfter": {"duration": "P7D", "objectType": "AbsoluteDeleteOption"},
                     "sourceDataStore": {"dataStoreType": "OperationalStore", "objectType": "DataStoreInfoBase"},
                     "targetDataStoreCopySettings": [{"copyAfter": {"objectType": "CopyOnExpiryOption"},
                       "dataStore": {"dataStoreType": "VaultStore", "objectType": "DataStoreInfoBase"}}]},
                    {"deleteAfter": {"duration": "P4W", "objectType": "AbsoluteDeleteOption"},
                     "sourceDataStore": {"dataStoreType": "VaultStore", "objectType": "DataStoreInfoBase"},
                     "targetDataStoreCopySettings": []}
                  ]
                },
                {
                  "name": "Daily", "objectType": "AzureRetentionRule", "isDefault": false,
                  "lifecycles": [{"deleteAfter": {"duration": "P7D", "objectType": "AbsoluteDeleteOption"},
                    "sourceDataStore": {"dataStoreType": "OperationalStore", "objectType": "DataStoreInfoBase"},
                    "targetDataStoreCopySettings": []}]
                },
                {
                  "name": "Default", "objectType": "AzureRetentionRule", "isDefault": true,
                  "lifecycles": [{"deleteAfter": {"duration": "P2D", "objectType": "AbsoluteDeleteOption"},
                    "sourceDataStore": {"dataStoreType": "OperationalStore", "objectType": "DataStoreInfoBase"},
                    "targetDataStoreCopySettings": []}]
                }
              ]
            }
            """;

    /** Daily at 00:00 UTC, Default kept 2 days operational: the policy of the cost example. */
    private static final String DAILY = """
            {
              "name": "daily", "objectType": "BackupPolicy",
              "datasourceTypes": ["Microsoft.ContainerService/managedClusters"],
              "policyRules": [
                {"name": "BackupDaily", "objectType": "AzureBackupRule",
                 "backupParameters": {"backupType": "Incremental", "objectType": "AzureBackupParams"},
                 "dataStore": {"dataStoreType": "OperationalStore", "objectType": "DataStoreInfoBase"},
                 "trigger": {"objectType": "ScheduleBasedTriggerContext",
                   "schedule": {"repeatingTimeIntervals": ["R/2026-01-01T00:00:00+00:00/P1D"], "timeZone": "Coordinated Universal Time"},
                   "taggingCriteria": [{"isDefault": true, "taggingPriority": 99, "tagInfo": {"tagName": "Default"}}]}},
                {"name": "Default", "objectType": "AzureRetentionRule", "isDefault": true,
                 "lifecycles": [{"deleteAfter": {"duration": "P2D", "objectType": "AbsoluteDeleteOption"},
                   "sourceDataStore": {"dataStoreType": "OperationalStore", "objectType": "DataStoreInfoBase"},
                   "targetDataStoreCopySettings": []}]}
              ]
            }
            """;

    @TempDir
    Path dir;
    private Path policy;
    private Path daily;

    @BeforeEach
    void writePolicies() throws Exception {
        policy = Files.writeString(dir.resolve("twice-a-day.json"), POLICY);
        daily = Files.writeString(dir.resolve("daily.json"), DAILY);
    }

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    private static JsonNode json(CliRun r) throws Exception {
        assertEquals(0, r.code(), r.err());
        return new ObjectMapper().readTree(r.out());
    }

    @Test
    void jsonMatchesTheTimelineWorkedOutByHand() throws Exception {
        // 2026-03-07 is a Saturday. 02:30Z = 08:00 IST, 14:30Z = 20:00 IST.
        // Sat 08:00: first ever -> Weekly (20 beats Daily's 25): op 7 days, vault on op expiry for 4 weeks from RP time.
        // Sat 20:00: same day -> Default (2 days). Sun 08:00: first of Sunday -> Daily (7 days). Sun 20:00: Default.
        // Mon 08:00 fails; Mon 20:00 is the first success of the new ISO week -> Weekly, and Monday's first vault copy.
        CliRun r = run("policy", "simulate", policy.toString(), "--start", "2026-03-07T00:00:00Z", "--until", "2026-03-10T00:00:00Z",
                "--fail", "2026-03-09T02:30:00Z", "--json");
        JsonNode expected = new ObjectMapper().readTree("""
                {"policy":"twice-a-day","start":"2026-03-07T00:00:00Z","end":"2026-03-10T00:00:00Z","zone":"Asia/Kolkata",
                 "recoveryPoints":[
                  {"time":"2026-03-07T02:30:00Z","tag":"Weekly","stores":[
                    {"type":"OperationalStore","created":"2026-03-07T02:30:00Z","expiry":"2026-03-14T02:30:00Z"},
                    {"type":"VaultStore","created":"2026-03-14T02:30:00Z","expiry":"2026-04-04T02:30:00Z"}]},
                  {"time":"2026-03-07T14:30:00Z","tag":"Default","stores":[
                    {"type":"OperationalStore","created":"2026-03-07T14:30:00Z","expiry":"2026-03-09T14:30:00Z"}]},
                  {"time":"2026-03-08T02:30:00Z","tag":"Daily","stores":[
                    {"type":"OperationalStore","created":"2026-03-08T02:30:00Z","expiry":"2026-03-15T02:30:00Z"}]},
                  {"time":"2026-03-08T14:30:00Z","tag":"Default","stores":[
                    {"type":"OperationalStore","created":"2026-03-08T14:30:00Z","expiry":"2026-03-10T14:30:00Z"}]},
                  {"time":"2026-03-09T14:30:00Z","tag":"Weekly","stores":[
                    {"type":"OperationalStore","created":"2026-03-09T14:30:00Z","expiry":"2026-03-16T14:30:00Z"},
                    {"type":"VaultStore","created":"2026-03-16T14:30:00Z","expiry":"2026-04-06T14:30:00Z"}]}],
                 "failedSlots":["2026-03-09T02:30:00Z"],
                 "liveAtEnd":{"OperationalStore":4,"VaultStore":0}}
                """);
        assertEquals(expected, json(r));
        // Field order as documented.
        assertTrue(r.out().indexOf("\"recoveryPoints\"") < r.out().indexOf("\"liveAtEnd\""), r.out());
    }

    @Test
    void zoneOptionMovesCalendarDays() throws Exception {
        // In Los Angeles the same instants fall on Fri 18:30, Sat 06:30, Sat 18:30, Sun 07:30 (PDT from Mar 8),
        // [Sun 19:30 fails], Mon 07:30.
        JsonNode r = json(run("policy", "simulate", policy.toString(), "--start", "2026-03-07T00:00:00Z",
                "--until", "2026-03-10T00:00:00Z", "--fail", "2026-03-09T02:30:00Z", "--zone", "Pacific Standard Time", "--json"));
        StringBuilder tags = new StringBuilder();
        r.get("recoveryPoints").forEach(rp -> tags.append(rp.get("tag").asText()).append(' '));
        assertEquals("Weekly Daily Default Daily Weekly ", tags.toString());
        assertEquals(2, r.get("recoveryPoints").get(4).get("stores").size());
    }

    @Test
    void tablePrintsFailuresInPlaceAndAMonthSummary() {
        CliRun r = run("policy", "simulate", policy.toString(), "--start", "2026-03-07T00:00:00Z", "--until", "2026-03-10T00:00:00Z",
                "--fail", "2026-03-09T02:30:00Z");
        assertEquals(0, r.code(), r.err());
        String[] lines = r.out().split("\n");
        assertEquals("Policy twice-a-day from 2026-03-07T00:00:00Z until 2026-03-10T00:00:00Z, time zone Asia/Kolkata", lines[0]);
        assertTrue(r.out().contains("2026-03-08T14:30:00Z  Default  2026-03-08T14:30:00Z .. 2026-03-10T14:30:00Z  -\n"
                + "2026-03-09T02:30:00Z  FAILED   -                                             -\n"
                + "2026-03-09T14:30:00Z  Weekly   2026-03-09T14:30:00Z .. 2026-03-16T14:30:00Z  "
                + "2026-03-16T14:30:00Z .. 2026-04-06T14:30:00Z\n"), r.out());
        assertTrue(r.out().contains("2026-03    5       1             0                 4           0  Daily 1, Default 2, Weekly 2\n"), r.out());
        assertTrue(r.out().contains("Recovery points: 5, failed slots: 1; live at 2026-03-10T00:00:00Z: OperationalStore 4, VaultStore 0"), r.out());
    }

    @Test
    void costProjectionFollowsTheDocumentedFormula() throws Exception {
        Path prices = Files.writeString(dir.resolve("prices.json"),
                "{\"currency\":\"EUR\",\"protectedInstancePerNamespaceMonth\":0.5,\"snapshotPerGbMonth\":0.05,\"vaultPerGbMonth\":0.02}");
        JsonNode r = json(run("policy", "simulate", daily.toString(), "--start", "2026-02-01", "--until", "2026-03-01",
                "--prices", prices.toString(), "--namespaces", "2", "--size-gb", "10", "--change-rate", "0.1", "--json"));
        // 20 GB; Feb 1 one full copy (20 GB), Feb 2..28 two copies a day apart: 20 × (1 + 0.1) = 22 GB.
        // GB-months = (1 × 20 + 27 × 22) / 28 = 21.93; snapshot 21.93 × 0.05 = 1.10; instances 2 × 0.5 = 1.00.
        JsonNode costs = r.get("costs");
        assertEquals("EUR", costs.get("currency").asText());
        JsonNode feb = costs.get("months").get(0);
        assertEquals("2026-02", feb.get("month").asText());
        assertEquals(21.93, feb.get("snapshotGbMonths").asDouble(), 1e-9);
        assertEquals(1.10, feb.get("snapshot").asDouble(), 1e-9);
        assertEquals(1.00, feb.get("protectedInstances").asDouble(), 1e-9);
        assertEquals(0.0, feb.get("vault").asDouble(), 1e-9);
        assertEquals(2.10, costs.get("total").asDouble(), 1e-9);
        assertEquals(28, r.get("recoveryPoints").size());
    }

    @Test
    void humanCostTableAndSamplePricesFile() {
        CliRun r = run("policy", "simulate", daily.toString(), "--start", "2026-02-01", "--until", "2026-03-01",
                "--prices", Path.of("prices", "example-prices.json").toString(), "--namespaces", "2", "--size-gb", "10",
                "--change-rate", "0.1");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("Cost per month in USD (2 namespaces x 10 GB, 10 % change per day):"), r.out());
        assertTrue(r.out().contains("TOTAL"), r.out());
        assertEquals("", r.err());
    }

    @Test
    void badInputExitsTwoWithAMessage() {
        CliRun notSlot = run("policy", "simulate", policy.toString(), "--start", "2026-03-07T00:00:00Z",
                "--until", "2026-03-10T00:00:00Z", "--fail", "2026-03-09T03:00:00Z");
        assertEquals(2, notSlot.code());
        assertTrue(notSlot.err().contains("2026-03-09T03:00:00Z") && notSlot.err().contains("not slots"), notSlot.err());

        CliRun badTime = run("policy", "simulate", policy.toString(), "--start", "yesterday", "--until", "2026-03-10T00:00:00Z");
        assertEquals(2, badTime.code());
        assertTrue(badTime.err().contains("--start 'yesterday'"), badTime.err());

        CliRun noWorkload = run("policy", "simulate", daily.toString(), "--start", "2026-02-01", "--until", "2026-03-01",
                "--prices", "prices.json");
        assertEquals(2, noWorkload.code());
        assertTrue(noWorkload.err().contains("--namespaces"), noWorkload.err());

        CliRun empty = run("policy", "simulate", daily.toString(), "--start", "2026-03-01", "--until", "2026-03-01");
        assertEquals(2, empty.code());
        assertTrue(empty.err().contains("must be after its start"), empty.err());
    }

    @Test
    void invalidPolicyIsReportedWithItsLocation() throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.json"), DAILY.replace("Coordinated Universal Time", "Mars Standard Time"));
        CliRun r = run("policy", "simulate", bad.toString(), "--start", "2026-02-01", "--until", "2026-03-01");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("bad.json") && r.err().contains("Mars Standard Time"), r.err());
    }
}
