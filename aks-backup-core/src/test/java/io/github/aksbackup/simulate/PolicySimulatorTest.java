package io.github.aksbackup.simulate;

import static io.github.aksbackup.retention.TestPolicies.calendarRules;
import static io.github.aksbackup.retention.TestPolicies.calendarTags;
import static io.github.aksbackup.retention.TestPolicies.defaultTag;
import static io.github.aksbackup.retention.TestPolicies.withVault;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.aksbackup.api.DataStoreType;
import io.github.aksbackup.api.InvalidInputException;
import io.github.aksbackup.api.policy.BackupPolicy;
import io.github.aksbackup.api.policy.CopyOption;
import io.github.aksbackup.retention.PlannedCopy;
import io.github.aksbackup.retention.TestPolicies;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PolicySimulatorTest {
    private static final DataStoreType OP = DataStoreType.OperationalStore;
    private static final DataStoreType VAULT = DataStoreType.VaultStore;

    private static Instant t(String s) {
        return Instant.parse(s);
    }

    private static SimulatedRecoveryPoint rp(String time, String tag, PlannedCopy... copies) {
        return new SimulatedRecoveryPoint(t(time), tag, List.of(copies));
    }

    private static PlannedCopy copy(DataStoreType store, String created, String expiry) {
        return new PlannedCopy(store, t(created), t(expiry));
    }

    private static final BackupPolicy TWICE_A_DAY = TestPolicies.policy("R/2026-01-30T06:00:00+00:00/PT12H",
            calendarTags(), calendarRules());

    @Test
    void timelineAcrossMonthBoundaryWithAFailedFirstOfMonth() {
        SimulationResult r = PolicySimulator.simulate(TWICE_A_DAY, t("2026-01-30T00:00:00Z"), t("2026-02-03T00:00:00Z"),
                List.of(t("2026-02-01T06:00:00Z")), null);
        assertEquals(List.of(
                rp("2026-01-30T06:00:00Z", "Yearly", copy(OP, "2026-01-30T06:00:00Z", "2026-02-06T06:00:00Z"),
                        copy(VAULT, "2026-01-30T06:00:00Z", "2036-01-30T06:00:00Z")),
                rp("2026-01-30T18:00:00Z", "Default", copy(OP, "2026-01-30T18:00:00Z", "2026-02-06T18:00:00Z")),
                rp("2026-01-31T06:00:00Z", "Daily", copy(OP, "2026-01-31T06:00:00Z", "2026-02-14T06:00:00Z")),
                rp("2026-01-31T18:00:00Z", "Default", copy(OP, "2026-01-31T18:00:00Z", "2026-02-07T18:00:00Z")),
                rp("2026-02-01T18:00:00Z", "Monthly", copy(OP, "2026-02-01T18:00:00Z", "2026-02-08T18:00:00Z"),
                        copy(VAULT, "2026-02-01T18:00:00Z", "2027-02-01T18:00:00Z")),
                rp("2026-02-02T06:00:00Z", "Weekly", copy(OP, "2026-02-02T06:00:00Z", "2026-02-09T06:00:00Z"),
                        copy(VAULT, "2026-02-09T06:00:00Z", "2026-04-27T06:00:00Z")),
                rp("2026-02-02T18:00:00Z", "Default", copy(OP, "2026-02-02T18:00:00Z", "2026-02-09T18:00:00Z"))),
                r.recoveryPoints());
        assertEquals(List.of(t("2026-02-01T06:00:00Z")), r.failedSlots());
        assertEquals(Map.of(OP, 7, VAULT, 2), r.liveAtEnd());
        assertEquals(Map.of(OP, 2, VAULT, 3), r.liveAt(t("2026-02-09T06:00:00Z"))); // weekly copied; only Daily and the last Default left in op
        assertEquals(t("2026-04-27T06:00:00Z"), r.recoveryPoints().get(5).deletedAt());
    }

    @Test
    void monthlySummaryCountsInScheduleZone() {
        SimulationResult r = PolicySimulator.simulate(TWICE_A_DAY, t("2026-01-30T00:00:00Z"), t("2026-02-03T00:00:00Z"),
                List.of(t("2026-02-01T06:00:00Z")), null);
        List<MonthSummary> months = r.monthly();
        assertEquals(2, months.size());
        MonthSummary jan = months.get(0);
        assertEquals(YearMonth.of(2026, 1), jan.month());
        assertEquals(4, jan.recoveryPoints());
        assertEquals(Map.of("Daily", 1, "Default", 2, "Yearly", 1), jan.byTag());
        assertEquals(1, jan.vaultCopiesMade());
        assertEquals(Map.of(OP, 4, VAULT, 1), jan.liveAtMonthEnd());
        MonthSummary feb = months.get(1);
        assertEquals(3, feb.recoveryPoints());
        assertEquals(1, feb.failedSlots());
        assertEquals(1, feb.vaultCopiesMade()); // the Weekly copy is made on Feb 9, after the window
        assertEquals(Map.of(OP, 7, VAULT, 2), feb.liveAtMonthEnd());
    }

    @Test
    void onePerDayVaultRuleAndDstInBerlin() {
        BackupPolicy p = TestPolicies.policy("Europe/Berlin", List.of("R/2026-03-28T02:30:00+01:00/PT12H"),
                List.of(defaultTag()), List.of(withVault("Default", true, "P2D", new CopyOption.Immediate(), "P7D")));
        SimulationResult r = PolicySimulator.simulate(p, t("2026-03-28T00:00:00Z"), t("2026-03-30T00:00:00Z"));
        // Exact 12 h grid: 01:30Z and 13:30Z; Berlin days: Mar 28 (02:30, 14:30), Mar 29 (03:30 CEST, 15:30 CEST).
        assertEquals(List.of(t("2026-03-28T01:30:00Z"), t("2026-03-28T13:30:00Z"), t("2026-03-29T01:30:00Z"),
                t("2026-03-29T13:30:00Z")), r.recoveryPoints().stream().map(SimulatedRecoveryPoint::time).toList());
        assertEquals(List.of(true, false, true, false),
                r.recoveryPoints().stream().map(x -> x.copy(VAULT).isPresent()).toList());
    }

    @Test
    void zoneOverrideChangesCalendarDays() {
        BackupPolicy p = TestPolicies.policy("R/2026-01-05T20:00:00+00:00/PT8H", calendarTags(), calendarRules());
        SimulationResult utc = PolicySimulator.simulate(p, t("2026-01-05T20:00:00Z"), t("2026-01-06T12:00:00Z"));
        SimulationResult tokyo = PolicySimulator.simulate(p, t("2026-01-05T20:00:00Z"), t("2026-01-06T12:00:00Z"),
                List.of(), ZoneId.of("Asia/Tokyo"));
        // UTC: 20:00 (Mon, first ever), 04:00 Tue (first of Tuesday), 12:00 excluded. Tokyo: 05:00, 13:00 Tue.
        assertEquals(List.of("Yearly", "Daily"), utc.recoveryPoints().stream().map(SimulatedRecoveryPoint::tag).toList());
        assertEquals(List.of("Yearly", "Default"), tokyo.recoveryPoints().stream().map(SimulatedRecoveryPoint::tag).toList());
        assertEquals(ZoneId.of("Asia/Tokyo"), tokyo.zone());
    }

    @Test
    void badInputIsRejected() {
        IllegalArgumentException notSlot = assertThrows(IllegalArgumentException.class, () -> PolicySimulator.simulate(
                TWICE_A_DAY, t("2026-01-30T00:00:00Z"), t("2026-02-03T00:00:00Z"), List.of(t("2026-02-01T07:00:00Z")), null));
        assertTrue(notSlot.getMessage().contains("2026-02-01T07:00:00Z"), notSlot.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> PolicySimulator.simulate(TWICE_A_DAY, t("2026-02-03T00:00:00Z"), t("2026-02-03T00:00:00Z")));
        BackupPolicy broken = TestPolicies.policy("R/2026-01-30T06:00:00+00:00/P1M", calendarTags(), calendarRules());
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> PolicySimulator.simulate(broken, t("2026-01-30T00:00:00Z"), t("2026-02-03T00:00:00Z")));
        assertTrue(e.getMessage().contains("months or years"), e.getMessage());
    }

    @Test
    void simulationIsDeterministic() {
        SimulationResult a = PolicySimulator.simulate(TWICE_A_DAY, t("2026-01-01T00:00:00Z"), t("2027-01-01T00:00:00Z"));
        SimulationResult b = PolicySimulator.simulate(TWICE_A_DAY, t("2026-01-01T00:00:00Z"), t("2027-01-01T00:00:00Z"));
        assertEquals(a.recoveryPoints(), b.recoveryPoints());
        assertEquals(2 * (365 - 29), a.recoveryPoints().size()); // the schedule starts on Jan 30
        assertEquals(SimulationJson.write(a), SimulationJson.write(b));
    }
}
