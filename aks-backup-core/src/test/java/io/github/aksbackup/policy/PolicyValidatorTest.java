package io.github.aksbackup.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.aksbackup.api.DataStoreType;
import io.github.aksbackup.api.InvalidInputException;
import io.github.aksbackup.api.IsoDuration;
import io.github.aksbackup.api.ValidationProblem;
import io.github.aksbackup.api.policy.BackupPolicy;
import io.github.aksbackup.api.policy.BackupRule;
import io.github.aksbackup.api.policy.RetentionRule;
import io.github.aksbackup.api.policy.Schedule;
import io.github.aksbackup.api.policy.ScheduleTrigger;
import io.github.aksbackup.api.policy.SourceLifeCycle;
import io.github.aksbackup.api.policy.TaggingCriteria;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PolicyValidatorTest {

    private static BackupPolicy policy(String interval, String timeZone, String retention) {
        return new BackupPolicy("p", List.of(BackupPolicy.AKS_DATASOURCE_TYPE),
                List.of(new BackupRule("BackupHourly", "Incremental", DataStoreType.OperationalStore,
                        new ScheduleTrigger(new Schedule(List.of(interval), timeZone),
                                List.of(new TaggingCriteria("Default", 99, true, List.of()))))),
                List.of(new RetentionRule("Default", true, List.of(new SourceLifeCycle(IsoDuration.parse(retention),
                        DataStoreType.OperationalStore, List.of())))));
    }

    private static List<String> paths(List<ValidationProblem> problems) {
        return problems.stream().map(ValidationProblem::path).toList();
    }

    @ParameterizedTest
    @ValueSource(strings = {"aks-default.json", "aks-daily-to-vault.json", "aks-weekly-monthly-yearly.json"})
    void samplePoliciesAreValid(String file) {
        assertEquals(List.of(), PolicyValidator.validate(PolicyJson.parse(PolicyJsonTest.SAMPLES.resolve(file)),
                PolicyValidator.Options.AZURE));
    }

    @Test
    void refusesAnAdhocRuleSinceNothingReadsItsTag() {
        BackupPolicy base = policy("R/2024-01-01T00:00:00Z/PT4H", null, "P7D");
        BackupPolicy withAdhoc = new BackupPolicy("p", base.datasourceTypes(), List.of(base.backupRules().get(0),
                new BackupRule("OnDemand", "Incremental", DataStoreType.OperationalStore, new io.github.aksbackup.api.policy.AdhocTrigger("Default"))),
                base.retentionRules());
        List<ValidationProblem> problems = PolicyValidator.validate(withAdhoc);
        assertEquals(List.of("$.policyRules[1].trigger.objectType"), paths(problems));
        assertTrue(problems.get(0).message().contains("--tag"), problems.get(0).message());
    }

    @ParameterizedTest
    @ValueSource(strings = {"PT4H", "PT6H", "PT8H", "PT12H", "P1D"})
    void acceptsEveryFrequencyAzureOffers(String period) {
        assertEquals(List.of(), PolicyValidator.validate(policy("R/2024-01-01T00:00:00Z/" + period, null, "P7D")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"PT1H", "PT2H", "PT90M", "PT24H", "P2D", "P1W"})
    void otherFrequenciesNeedTheOptionAndAtLeastOneHour(String period) {
        BackupPolicy p = policy("R/2024-01-01T00:00:00Z/" + period, null, "P7D");
        List<ValidationProblem> azure = PolicyValidator.validate(p);
        assertEquals(List.of("$.policyRules[0].trigger.schedule.repeatingTimeIntervals[0]"), paths(azure));
        assertTrue(azure.get(0).message().contains("PT4H, PT6H, PT8H, PT12H or P1D"));
        assertEquals(List.of(), PolicyValidator.validate(p, PolicyValidator.Options.anyInterval()));
    }

    @Test
    void intervalsShorterThanAnHourAreRejectedEvenWithTheOption() {
        List<ValidationProblem> problems = PolicyValidator.validate(policy("R/2024-01-01T00:00:00Z/PT30M", null, "P7D"),
                PolicyValidator.Options.anyInterval());
        assertEquals(1, problems.size());
        assertTrue(problems.get(0).message().contains("shorter than PT1H"));
    }

    @Test
    void acceptsWindowsAndIanaTimeZones() {
        assertEquals(List.of(), PolicyValidator.validate(policy("R/2024-01-01T02:00:00/P1D", "India Standard Time", "P7D")));
        assertEquals(List.of(), PolicyValidator.validate(policy("R/2024-01-01T02:00:00/P1D", "Europe/Berlin", "P7D")));
    }

    @Test
    void operationalRetentionUpToThreeHundredSixtyDays() {
        assertEquals(List.of(), PolicyValidator.validate(policy("R/2024-01-01T00:00:00Z/PT4H", null, "P360D")));
        assertEquals(List.of(), PolicyValidator.validate(policy("R/2024-01-01T00:00:00Z/PT4H", null, "P12M")));
        assertEquals(1, PolicyValidator.validate(policy("R/2024-01-01T00:00:00Z/PT4H", null, "P361D")).size());
        assertEquals(1, PolicyValidator.validate(policy("R/2024-01-01T00:00:00Z/PT4H", null, "P1Y")).size());
    }

    @Test
    void reportsEveryProblemAtOnceInDocumentOrder() {
        BackupPolicy p = new BackupPolicy("p", List.of("Microsoft.Compute/disks"),
                List.of(new BackupRule("BackupHourly", "Full", DataStoreType.OperationalStore,
                        new ScheduleTrigger(new Schedule(List.of("R/2024-01-01T00:00:00Z/PT2H", "R/x/PT4H"), "Nowhere Time"),
                                List.of(new TaggingCriteria("Default", 99, false, List.of()))))),
                List.of(new RetentionRule("Default", true, List.of(new SourceLifeCycle(IsoDuration.parse("P400D"),
                        DataStoreType.OperationalStore, List.of())))));
        assertEquals(List.of(
                "$.datasourceTypes[0]",
                "$.policyRules[0].backupParameters.backupType",
                "$.policyRules[0].trigger.schedule.repeatingTimeIntervals[0]",
                "$.policyRules[0].trigger.schedule.repeatingTimeIntervals[1]",
                "$.policyRules[0].trigger.schedule.timeZone",
                "$.policyRules[0].trigger.taggingCriteria[0].criteria",
                "$.policyRules[0].trigger.taggingCriteria",
                "$.policyRules[1].lifecycles[0].deleteAfter.duration"), paths(PolicyValidator.validate(p)));
    }

    @Test
    void locatesProblemsWhereTheDocumentHasThemEvenWhenRetentionRulesComeFirst() throws IOException {
        String json = PolicyJsonTest.sample("aks-default.json");
        // Move the retention rule in front of the backup rule and break both.
        String reordered = PolicyJson.write(PolicyJson.read(json))
                .replace("\"P7D\"", "\"P999D\"").replace("/PT4H", "/PT3H");
        com.fasterxml.jackson.databind.node.ObjectNode tree =
                (com.fasterxml.jackson.databind.node.ObjectNode) new com.fasterxml.jackson.databind.ObjectMapper().readTree(reordered);
        com.fasterxml.jackson.databind.node.ArrayNode rules = (com.fasterxml.jackson.databind.node.ArrayNode) tree.get("policyRules");
        rules.insert(0, rules.remove(1));
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> Policies.read(tree.toString()));
        assertEquals(List.of("$.policyRules[0].lifecycles[0].deleteAfter.duration",
                "$.policyRules[1].trigger.schedule.repeatingTimeIntervals[0]"), paths(e.problems()));
    }

    @Test
    void policiesReadThrowsWithAllProblemsAndPassesValidOnes() {
        assertEquals("AKSPolicy1", Policies.read(PolicyJsonTest.SAMPLES.resolve("aks-default.json")).name());
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> Policies.requireValid(policy("R/2024-01-01T00:00:00Z/PT2H", "Nowhere", "P0D"), PolicyValidator.Options.AZURE));
        assertEquals(3, e.problems().size(), e.getMessage());
        assertEquals(policy("R/2024-01-01T00:00:00Z/PT2H", null, "P7D"),
                Policies.requireValid(policy("R/2024-01-01T00:00:00Z/PT2H", null, "P7D"), PolicyValidator.Options.anyInterval()));
        assertThrows(io.github.aksbackup.api.NotFoundException.class, () -> Policies.read(Path.of("no-such-policy.json")));
    }
}
