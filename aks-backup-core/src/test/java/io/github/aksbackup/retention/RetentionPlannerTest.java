package io.github.aksbackup.retention;

import static io.github.aksbackup.retention.TestPolicies.operational;
import static io.github.aksbackup.retention.TestPolicies.withVault;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.aksbackup.api.DataStoreType;
import io.github.aksbackup.api.IsoDuration;
import io.github.aksbackup.api.policy.BackupPolicy;
import io.github.aksbackup.api.policy.CopyOption;
import io.github.aksbackup.api.policy.RetentionRule;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RetentionPlannerTest {
    private static final Instant T = Instant.parse("2026-01-31T04:00:00Z");

    private static Instant t(String s) {
        return Instant.parse(s);
    }

    private static RetentionPlanner planner(RetentionRule... rules) {
        BackupPolicy p = TestPolicies.policy("R/2026-01-01T00:00:00Z/PT4H", TestPolicies.calendarTags(), List.of(rules));
        return new RetentionPlanner(p);
    }

    private static PlannedCopy op(Instant created, Instant expiry) {
        return new PlannedCopy(DataStoreType.OperationalStore, created, expiry);
    }

    private static PlannedCopy vault(Instant created, Instant expiry) {
        return new PlannedCopy(DataStoreType.VaultStore, created, expiry);
    }

    @Test
    void operationalCopyExpiresAfterCalendarPeriodInUtc() {
        RetentionPlanner p = planner(operational("Default", true, "P1M"), operational("Daily", false, "P7D"),
                operational("Weekly", false, "PT36H"));
        assertEquals(List.of(op(T, t("2026-02-28T04:00:00Z"))), p.plan(T, "Default", true)); // Jan 31 + 1 month
        assertEquals(List.of(op(T, t("2026-02-07T04:00:00Z"))), p.plan(T, "Daily", true));
        assertEquals(List.of(op(T, t("2026-02-01T16:00:00Z"))), p.plan(T, "weekly", true)); // rule names ignore case
    }

    @Test
    void immediateCopyIsCreatedAtRecoveryPointTime() {
        RetentionPlanner p = planner(withVault("Default", true, "P7D", new CopyOption.Immediate(), "P1Y"));
        assertEquals(List.of(op(T, t("2026-02-07T04:00:00Z")), vault(T, t("2027-01-31T04:00:00Z"))), p.plan(T, "Default", true));
        assertTrue(p.givesVaultCopy("Default"));
    }

    @Test
    void copyOnExpiryIsCreatedWhenOperationalCopyExpires() {
        RetentionPlanner p = planner(withVault("Default", true, "P7D", new CopyOption.OnExpiry(), "P12W"));
        assertEquals(List.of(op(T, t("2026-02-07T04:00:00Z")), vault(t("2026-02-07T04:00:00Z"), t("2026-04-25T04:00:00Z"))),
                p.plan(T, "Default", true));
    }

    @Test
    void customCopyIsCreatedAfterItsDuration() {
        RetentionPlanner p = planner(withVault("Default", true, "P7D",
                new CopyOption.Custom(IsoDuration.parse("P2DT6H")), "P30D"));
        assertEquals(List.of(op(T, t("2026-02-07T04:00:00Z")), vault(t("2026-02-02T10:00:00Z"), t("2026-03-02T04:00:00Z"))),
                p.plan(T, "Default", true));
    }

    @Test
    void vaultCopyLeftOutWhenOnePerDayRuleDenies() {
        RetentionPlanner p = planner(withVault("Default", true, "P7D", new CopyOption.Immediate(), "P1Y"));
        assertEquals(List.of(op(T, t("2026-02-07T04:00:00Z"))), p.plan(T, "Default", false));
    }

    @Test
    void defaultTagSelectsDefaultRuleWhateverItsName() {
        RetentionPlanner p = planner(operational("Keep", true, "P3D"));
        assertEquals("Default", p.defaultTag());
        assertEquals(List.of(op(T, t("2026-02-03T04:00:00Z"))), p.plan(T, "Default", true));
        assertEquals(List.of(op(T, t("2026-02-03T04:00:00Z"))), p.plan(T, "Keep", true));
        assertFalse(p.givesVaultCopy("Default"));
    }

    @Test
    void unknownTagIsAnError() {
        RetentionPlanner p = planner(operational("Default", true, "P3D"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> p.plan(T, "Monthly", true));
        assertTrue(e.getMessage().contains("'Monthly'"), e.getMessage());
    }
}
