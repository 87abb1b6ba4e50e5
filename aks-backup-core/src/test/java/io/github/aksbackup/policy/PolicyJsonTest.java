package io.github.aksbackup.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.aksbackup.api.DataStoreType;
import io.github.aksbackup.api.InvalidInputException;
import io.github.aksbackup.api.IsoDuration;
import io.github.aksbackup.api.ValidationProblem;
import io.github.aksbackup.api.policy.AbsoluteMarker;
import io.github.aksbackup.api.policy.AdhocTrigger;
import io.github.aksbackup.api.policy.BackupCriteria;
import io.github.aksbackup.api.policy.BackupPolicy;
import io.github.aksbackup.api.policy.BackupRule;
import io.github.aksbackup.api.policy.CopyOption;
import io.github.aksbackup.api.policy.DayOfMonth;
import io.github.aksbackup.api.policy.RetentionRule;
import io.github.aksbackup.api.policy.Schedule;
import io.github.aksbackup.api.policy.ScheduleTrigger;
import io.github.aksbackup.api.policy.SourceLifeCycle;
import io.github.aksbackup.api.policy.TaggingCriteria;
import io.github.aksbackup.api.policy.TargetCopySetting;
import io.github.aksbackup.api.policy.WeekNumber;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Month;
import java.time.Period;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PolicyJsonTest {

    static final Path SAMPLES = Path.of("..", "samples", "policies");

    static String sample(String name) throws IOException {
        return Files.readString(SAMPLES.resolve(name));
    }

    private static ScheduleTrigger scheduleOf(BackupPolicy p) {
        return (ScheduleTrigger) p.backupRules().get(0).trigger();
    }

    @Test
    void readsTheAzureCliDefaultAksPolicy() throws IOException {
        PolicyDocument doc = PolicyJson.parse(sample("aks-default.json"), "unused");
        BackupPolicy p = doc.policy();
        assertEquals("AKSPolicy1", p.name());
        assertEquals(List.of(BackupPolicy.AKS_DATASOURCE_TYPE), p.datasourceTypes());
        assertNull(doc.resourceId());
        assertEquals(1, p.backupRules().size());
        BackupRule rule = p.backupRules().get(0);
        assertEquals("BackupHourly", rule.name());
        assertEquals("Incremental", rule.backupType());
        assertEquals(DataStoreType.OperationalStore, rule.dataStore());
        ScheduleTrigger trigger = scheduleOf(p);
        assertEquals(new Schedule(List.of("R/2023-01-04T09:00:00+00:00/PT4H"), null), trigger.schedule());
        assertEquals(List.of(new TaggingCriteria("Default", 99, true, List.of())), trigger.taggingCriteria());
        assertEquals(List.of(new RetentionRule("Default", true, List.of(
                new SourceLifeCycle(IsoDuration.parse("P7D"), DataStoreType.OperationalStore, List.of())))),
                p.retentionRules());
        assertEquals(List.of("$.policyRules[0]"), doc.backupRulePaths());
        assertEquals(List.of("$.policyRules[1]"), doc.retentionRulePaths());
    }

    @Test
    void readsTheDailyTagCopiedImmediatelyToTheVaultInResourceForm() throws IOException {
        PolicyDocument doc = PolicyJson.parse(sample("aks-daily-to-vault.json"), "unused");
        BackupPolicy p = doc.policy();
        assertEquals("aks-daily-to-vault", p.name());
        assertTrue(doc.resourceId().endsWith("/backupVaults/aks-vault/backupPolicies/aks-daily-to-vault"));
        assertEquals("$.properties", doc.propertiesPath());
        assertEquals(List.of("$.properties.policyRules[1]", "$.properties.policyRules[2]"), doc.retentionRulePaths());
        ScheduleTrigger trigger = scheduleOf(p);
        assertEquals("UTC", trigger.schedule().timeZone());
        assertEquals(new TaggingCriteria("Daily", 25, false, List.of(BackupCriteria.absolute(AbsoluteMarker.FirstOfDay))),
                trigger.taggingCriteria().get(0));
        assertEquals("Daily", trigger.byPriority().get(0).tagName());
        RetentionRule daily = p.retentionRule("daily").orElseThrow();
        assertFalse(daily.isDefault());
        assertEquals(new SourceLifeCycle(IsoDuration.parse("P7D"), DataStoreType.OperationalStore,
                List.of(new TargetCopySetting(DataStoreType.VaultStore, new CopyOption.Immediate()))),
                daily.lifecycle(DataStoreType.OperationalStore).orElseThrow());
        assertEquals(IsoDuration.parse("P84D"), daily.lifecycle(DataStoreType.VaultStore).orElseThrow().deleteAfter());
        assertEquals("Default", p.defaultRetentionRule().orElseThrow().name());
    }

    @Test
    void readsWeeklyMonthlyAndYearlyTagsWithEveryCopyOption() throws IOException {
        BackupPolicy p = PolicyJson.parse(sample("aks-weekly-monthly-yearly.json"), "unused").policy();
        ScheduleTrigger trigger = scheduleOf(p);
        assertEquals("W. Europe Standard Time", trigger.schedule().timeZone());
        assertEquals(List.of("Yearly", "Monthly", "Weekly", "Default"),
                trigger.byPriority().stream().map(TaggingCriteria::tagName).toList());
        assertEquals(List.of(AbsoluteMarker.FirstOfWeek),
                trigger.taggingCriteria().get(2).criteria().get(0).absoluteCriteria());
        RetentionRule yearly = p.retentionRule("Yearly").orElseThrow();
        assertEquals(new CopyOption.Custom(IsoDuration.parse("P1D")),
                yearly.lifecycle(DataStoreType.OperationalStore).orElseThrow().targetDataStoreCopySettings().get(0).copyAfter());
        assertEquals(Period.ofYears(5), yearly.lifecycle(DataStoreType.VaultStore).orElseThrow().deleteAfter().period());
        RetentionRule monthly = p.retentionRule("Monthly").orElseThrow();
        assertEquals(new CopyOption.OnExpiry(),
                monthly.lifecycle(DataStoreType.OperationalStore).orElseThrow().targetDataStoreCopySettings().get(0).copyAfter());
        assertEquals(Period.ofMonths(12), monthly.lifecycle(DataStoreType.VaultStore).orElseThrow().deleteAfter().period());
        assertEquals(Period.ofDays(35), p.retentionRule("Weekly").orElseThrow().lifecycles().get(0).deleteAfter().period());
    }

    @ParameterizedTest
    @ValueSource(strings = {"aks-default.json", "aks-daily-to-vault.json", "aks-weekly-monthly-yearly.json"})
    void roundTripsThroughBothForms(String file) throws IOException {
        BackupPolicy p = PolicyJson.parse(sample(file), "x").policy();
        String plain = PolicyJson.write(p);
        assertEquals(p, PolicyJson.read(plain));
        assertEquals(plain, PolicyJson.write(PolicyJson.read(plain)));
        String id = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.DataProtection/backupVaults/v/backupPolicies/" + p.name();
        PolicyDocument arm = PolicyJson.parse(PolicyJson.writeResource(p, id), "other");
        assertEquals(p, arm.policy());
        assertEquals(id, arm.resourceId());
        assertEquals(p, PolicyJson.parse(PolicyJson.writeResource(p, null), "other").policy());
    }

    @Test
    void writesAsAzureToolsPrint() throws IOException {
        String written = PolicyJson.write(PolicyJson.read(sample("aks-default.json")));
        // The CLI's layout, key order and indentation; the read-only tagInfo.id is dropped and the
        // empty copy-settings list is spelled out, as the service returns it.
        String expected = sample("aks-default.json")
                .replace("              \"id\": \"Default_\",\n", "")
                .replace("            \"objectType\": \"DataStoreInfoBase\"\n          }\n        }\n      ],\n      \"name\": \"Default\"",
                        "            \"objectType\": \"DataStoreInfoBase\"\n          },\n"
                        + "          \"targetDataStoreCopySettings\": []\n        }\n      ],\n      \"name\": \"Default\"");
        assertEquals(expected, written);
    }

    @Test
    void writesAnEveryFieldPolicyAndReadsItBack() {
        BackupCriteria all = new BackupCriteria(List.of(AbsoluteMarker.FirstOfMonth), List.of(DayOfWeek.SUNDAY, DayOfWeek.WEDNESDAY),
                List.of(WeekNumber.First, WeekNumber.Last), List.of(Month.JANUARY, Month.JULY),
                List.of(new DayOfMonth(1, false), new DayOfMonth(0, true), new DayOfMonth(28, true)),
                List.of("2024-01-01T02:00:00+00:00"));
        BackupPolicy p = new BackupPolicy("every-field", List.of(BackupPolicy.AKS_DATASOURCE_TYPE),
                List.of(new BackupRule("BackupDaily", "Incremental", DataStoreType.OperationalStore,
                                new ScheduleTrigger(new Schedule(List.of("R/2024-01-01T02:00:00/P1D", "R/2024-01-01T14:00:00/P1D"),
                                        "India Standard Time"), List.of(new TaggingCriteria("Default", 99, true, List.of()),
                                        new TaggingCriteria("Monthly", 15, false, List.of(all))))),
                        new BackupRule("Adhoc", "Incremental", DataStoreType.OperationalStore, new AdhocTrigger("Monthly")),
                        new BackupRule("AdhocDefault", "Incremental", DataStoreType.OperationalStore, new AdhocTrigger(null))),
                List.of(new RetentionRule("Default", true, List.of(new SourceLifeCycle(IsoDuration.parse("P1DT12H"),
                        DataStoreType.OperationalStore, List.of())))));
        String json = PolicyJson.write(p);
        assertTrue(json.contains("\"daysOfTheWeek\": [\n"), json);
        assertTrue(json.contains("\"Sunday\""), json);
        assertTrue(json.contains("\"July\""), json);
        assertTrue(json.contains("\"AdhocBasedTriggerContext\""), json);
        assertEquals(p, PolicyJson.read(json));
    }

    @Test
    void acceptsTheDatasourceTypeInAnyLetterCaseAndReadOnlyFields() {
        String json = """
                {"objectType": "backuppolicy", "name": "p", "datasourceTypes": ["microsoft.containerservice/MANAGEDCLUSTERS"],
                 "policyRules": [
                  {"objectType": "AzureBackupRule", "name": "r", "backupParameters": {"objectType": "AzureBackupParams", "backupType": "Incremental"},
                   "dataStore": {"objectType": "DataStoreInfoBase", "dataStoreType": "operationalstore"},
                   "trigger": {"objectType": "ScheduleBasedTriggerContext", "schedule": {"repeatingTimeIntervals": ["R/2024-01-01T00:00:00Z/PT6H"], "timeZone": null},
                     "taggingCriteria": [{"tagInfo": {"tagName": "Default", "id": "Default_", "eTag": "W/\\"1\\""}, "taggingPriority": 99, "isDefault": true}]}},
                  {"objectType": "AzureRetentionRule", "name": "Default", "isDefault": true,
                   "lifecycles": [{"deleteAfter": {"objectType": "AbsoluteDeleteOption", "duration": "p7d"},
                     "sourceDataStore": {"objectType": "DataStoreInfoBase", "dataStoreType": "OperationalStore"}, "targetDataStoreCopySettings": null}]}]}
                """;
        BackupPolicy p = PolicyJson.read(json);
        assertEquals(List.of(BackupPolicy.AKS_DATASOURCE_TYPE), p.datasourceTypes());
        assertEquals(DataStoreType.OperationalStore, p.backupRules().get(0).dataStore());
        assertEquals(IsoDuration.parse("P7D"), p.retentionRules().get(0).lifecycles().get(0).deleteAfter());
    }

    @Test
    void acceptsTheEnvelopeAzureAndPowerShellPrintAroundAPolicy() {
        String properties = PolicyJson.write(PolicyJson.read(sampleOrFail("aks-default.json")))
                .replace("  \"name\": \"AKSPolicy1\",\n", "");
        String az = "{\"id\": \"/subscriptions/s/resourceGroups/g/providers/Microsoft.DataProtection/backupVaults/v/backupPolicies/p\","
                + " \"name\": \"p\", \"resourceGroup\": \"g\", \"systemData\": null,"
                + " \"type\": \"Microsoft.DataProtection/backupVaults/backupPolicies\", \"properties\": " + properties + "}";
        assertEquals("p", PolicyJson.read(az).name());
        String powerShell = "{\"Name\": \"p\", \"SystemDataCreatedAt\": \"2024-01-01T00:00:00Z\", \"SystemDataCreatedBy\": \"me\","
                + " \"Property\": " + properties + "}";
        assertEquals("p", PolicyJson.read(powerShell).name());
    }

    @Test
    void aFieldAzuresTypeDoesNotHaveIsAProblemAtItsPlaceNotDropped() {
        String json = PolicyJson.write(PolicyJson.read(sampleOrFail("aks-daily-to-vault.json")));
        String misspelt = json.replace("\"timeZone\"", "\"timeZoneName\"").replace("\"taggingPriority\": 25", "\"priority\": 25, \"taggingPriority\": 25");
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> PolicyJson.read(misspelt));
        assertEquals(List.of("$.policyRules[0].trigger.schedule.timeZoneName", "$.policyRules[0].trigger.taggingCriteria[0].priority"),
                e.problems().stream().map(ValidationProblem::path).toList());
        assertTrue(e.problems().get(0).message().contains("expected repeatingTimeIntervals, timeZone"), e.problems().get(0).message());
        InvalidInputException nameInProperties = assertThrows(InvalidInputException.class,
                () -> PolicyJson.read("{\"name\": \"p\", \"properties\": " + json + "}"));
        assertEquals("$.properties.name", nameInProperties.problems().get(0).path());
    }

    static String sampleOrFail(String name) {
        try {
            return sample(name);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void namesAPolicyWithoutANameAfterItsFile(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        String json = PolicyJson.write(PolicyJson.read(sample("aks-default.json"))).replace("  \"name\": \"AKSPolicy1\",\n", "");
        Path file = dir.resolve("nightly.json");
        Files.writeString(file, json);
        assertEquals("nightly", PolicyJson.parse(file).policy().name());
        assertEquals(PolicyJson.DEFAULT_NAME, PolicyJson.read(json).name());
    }

    @Test
    void collectsEveryStructuralProblemInOnePass() {
        String json = """
                {"objectType": "BackupPolicy", "datasourceTypes": ["Microsoft.ContainerService/managedClusters"],
                 "policyRules": [
                  {"objectType": "AzureBackupRule", "name": "", "backupParameters": {"objectType": "AzureBackupParams", "backupType": "Incremental"},
                   "dataStore": {"objectType": "DataStoreInfoBase", "dataStoreType": "ArchiveStore"},
                   "trigger": {"objectType": "CronTrigger"}},
                  {"objectType": "AzureRetentionRule", "name": "Default", "isDefault": "yes",
                   "lifecycles": [{"deleteAfter": {"objectType": "AbsoluteDeleteOption", "duration": "7 days"},
                     "sourceDataStore": {"objectType": "DataStoreInfoBase", "dataStoreType": "OperationalStore"},
                     "targetDataStoreCopySettings": [{"copyAfter": {"objectType": "SometimeCopyOption"},
                        "dataStore": {"objectType": "DataStoreInfoBase", "dataStoreType": "VaultStore"}}]}]}]}
                """;
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> PolicyJson.read(json));
        List<String> paths = e.problems().stream().map(ValidationProblem::path).toList();
        assertEquals(List.of(
                "$.policyRules[0].name",
                "$.policyRules[0].dataStore.dataStoreType",
                "$.policyRules[0].trigger.objectType",
                "$.policyRules[1].isDefault",
                "$.policyRules[1].lifecycles[0].deleteAfter.duration",
                "$.policyRules[1].lifecycles[0].targetDataStoreCopySettings[0].copyAfter.objectType"), paths);
        assertTrue(e.problems().get(2).message().contains(
                "unknown objectType 'CronTrigger'; expected ScheduleBasedTriggerContext or AdhocBasedTriggerContext"));
        assertTrue(e.problems().get(5).message().contains(
                "expected one of ImmediateCopyOption, CopyOnExpiryOption, CustomCopyOption"));
    }
}
