package io.github.aksbackup.retention;

import static io.github.aksbackup.retention.TestPolicies.operational;
import static io.github.aksbackup.retention.TestPolicies.withVault;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.aksbackup.api.DataStoreType;
import io.github.aksbackup.api.IsoDuration;
import io.github.aksbackup.api.ValidationProblem;
import io.github.aksbackup.api.policy.CopyOption;
import io.github.aksbackup.api.policy.RetentionRule;
import io.github.aksbackup.api.policy.SourceLifeCycle;
import io.github.aksbackup.api.policy.TargetCopySetting;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RetentionChecksTest {

    private static List<ValidationProblem> check(RetentionRule... rules) {
        List<RetentionRule> all = new ArrayList<>(List.of(rules));
        return RetentionChecks.check(TestPolicies.policy("R/2026-01-01T00:00:00Z/PT4H",
                List.of(TestPolicies.defaultTag()), all));
    }

    private static void assertOneProblem(String path, String text, List<ValidationProblem> problems) {
        assertEquals(1, problems.size(), problems.toString());
        assertEquals(path, problems.get(0).path());
        assertTrue(problems.get(0).message().contains(text), problems.get(0).message());
    }

    @Test
    void calendarPoliciesAreFine() {
        assertEquals(List.of(), RetentionChecks.check(TestPolicies.policy("R/2026-01-01T00:00:00Z/PT4H",
                TestPolicies.calendarTags(), TestPolicies.calendarRules())));
    }

    @Test
    void vaultCopyExpiringBeforeItIsCreatedIsAProblem() {
        assertOneProblem("retentionRules['Default'].lifecycles[1].deleteAfter", "no later than it is created",
                check(withVault("Default", true, "P30D", new CopyOption.OnExpiry(), "P7D")));
        // Equal lengths: expiry is not after creation.
        assertOneProblem("retentionRules['Default'].lifecycles[1].deleteAfter", "no later than",
                check(withVault("Default", true, "P7D", new CopyOption.OnExpiry(), "P1W")));
        // A month is 28 days in some Februaries.
        assertOneProblem("retentionRules['Default'].lifecycles[1].deleteAfter", "P1M",
                check(withVault("Default", true, "P28D", new CopyOption.OnExpiry(), "P1M")));
        assertEquals(List.of(), check(withVault("Default", true, "P27D", new CopyOption.OnExpiry(), "P1M")));
        assertEquals(List.of(), check(withVault("Default", true, "P7D", new CopyOption.Immediate(), "P7D")));
    }

    @Test
    void customCopyAfterOperationalExpiryIsAProblem() {
        assertOneProblem("retentionRules['Default'].lifecycles[0].targetDataStoreCopySettings", "nothing left to copy",
                check(withVault("Default", true, "P7D", new CopyOption.Custom(IsoDuration.parse("P8D")), "P30D")));
        assertEquals(List.of(),
                check(withVault("Default", true, "P7D", new CopyOption.Custom(IsoDuration.parse("P7D")), "P30D")));
    }

    @Test
    void copyWithoutVaultLifecycleAndUnreachableVaultLifecycleAreProblems() {
        RetentionRule copyNoVault = new RetentionRule("Default", true, List.of(new SourceLifeCycle(IsoDuration.parse("P7D"),
                DataStoreType.OperationalStore, List.of(new TargetCopySetting(DataStoreType.VaultStore, new CopyOption.Immediate())))));
        assertOneProblem("retentionRules['Default'].lifecycles[0].targetDataStoreCopySettings", "no VaultStore lifecycle",
                check(copyNoVault));
        RetentionRule unreachable = new RetentionRule("Default", true, List.of(
                new SourceLifeCycle(IsoDuration.parse("P7D"), DataStoreType.OperationalStore, List.of()),
                new SourceLifeCycle(IsoDuration.parse("P1Y"), DataStoreType.VaultStore, List.of())));
        assertOneProblem("retentionRules['Default'].lifecycles[1]", "never reached", check(unreachable));
        RetentionRule vaultOnly = new RetentionRule("Default", true, List.of(
                new SourceLifeCycle(IsoDuration.parse("P1Y"), DataStoreType.VaultStore, List.of())));
        assertOneProblem("retentionRules['Default'].lifecycles", "no OperationalStore lifecycle", check(vaultOnly));
    }

    @Test
    void missingRulesAreProblems() {
        List<ValidationProblem> problems = RetentionChecks.check(TestPolicies.policy("R/2026-01-01T00:00:00Z/PT4H",
                TestPolicies.calendarTags(), List.of(operational("Daily", false, "P7D"), operational("Weekly", false, "PT0S"))));
        List<String> paths = problems.stream().map(ValidationProblem::path).toList();
        assertEquals(List.of("retentionRules", "taggingCriteria['Monthly']", "taggingCriteria['Yearly']",
                "retentionRules['Weekly'].lifecycles[0].deleteAfter"), paths);
    }
}
