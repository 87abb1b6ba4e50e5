package io.github.aksbackup.simulate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.aksbackup.api.InvalidInputException;
import io.github.aksbackup.api.ValidationProblem;
import io.github.aksbackup.api.policy.BackupPolicy;
import io.github.aksbackup.retention.TestPolicies;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CostProjectionTest {
    private static final Prices PRICES = Prices.parse(
            "{\"currency\":\"USD\",\"protectedInstancePerNamespaceMonth\":0.5,\"snapshotPerGbMonth\":0.05,\"vaultPerGbMonth\":0.02}");
    private static final BackupPolicy DAILY_TWO_DAYS = TestPolicies.policy("R/2026-01-01T00:00:00Z/P1D",
            List.of(TestPolicies.defaultTag()), List.of(TestPolicies.operational("Default", true, "P2D")));

    @Test
    void february_dailyBackupsKeptTwoDays() {
        SimulationResult r = PolicySimulator.simulate(DAILY_TWO_DAYS, Instant.parse("2026-02-01T00:00:00Z"),
                Instant.parse("2026-03-01T00:00:00Z"));
        CostProjection c = CostProjection.of(r, PRICES, new Workload(2, 10, 0.1));
        CostProjection.MonthlyCost feb = c.months().get(0);
        // Day 1: one copy = 20 GB; days 2..28: two copies one day apart = 20 × (1 + 0.1) = 22 GB.
        double gbMonths = (1 * 20 + 27 * 22) / 28.0;
        assertEquals(gbMonths, feb.snapshotGbMonths(), 1e-9);
        assertEquals(gbMonths * 0.05, feb.snapshot(), 1e-9);
        assertEquals(1.0, feb.protectedInstances(), 1e-9);
        assertEquals(0.0, feb.vaultGbMonths(), 1e-9);
        assertEquals(new BigDecimal("2.10"), CostProjection.round(c.total()));
    }

    @Test
    void partOfAMonthIsProrated() {
        SimulationResult r = PolicySimulator.simulate(DAILY_TWO_DAYS, Instant.parse("2026-02-01T00:00:00Z"),
                Instant.parse("2026-02-15T00:00:00Z"));
        CostProjection c = CostProjection.of(r, PRICES, new Workload(2, 10, 0.1));
        assertEquals(0.5, c.months().get(0).protectedInstances(), 1e-9);
        assertEquals((1 * 20 + 13 * 22) / 28.0, c.months().get(0).snapshotGbMonths(), 1e-9);
    }

    @Test
    void changeRateIsCappedAtAFullCopy() {
        SimulationResult r = PolicySimulator.simulate(DAILY_TWO_DAYS, Instant.parse("2026-02-01T00:00:00Z"),
                Instant.parse("2026-03-01T00:00:00Z"));
        CostProjection c = CostProjection.of(r, PRICES, new Workload(1, 10, 1.0));
        assertEquals((1 * 10 + 27 * 20) / 28.0, c.months().get(0).snapshotGbMonths(), 1e-9);
    }

    @Test
    void pricesFileProblemsAreAllReported() {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> Prices.parse("{\"currency\":\"\",\"snapshotPerGbMonth\":-1,\"vaultPerGBMonth\":0.1}"));
        List<String> paths = e.problems().stream().map(ValidationProblem::path).toList();
        assertEquals(List.of("$.vaultPerGBMonth", "$.currency", "$.protectedInstancePerNamespaceMonth",
                "$.snapshotPerGbMonth", "$.vaultPerGbMonth"), paths);
        assertThrows(InvalidInputException.class, () -> Prices.parse("not json"));
        assertThrows(IllegalArgumentException.class, () -> new Workload(0, 1, 0.1));
        assertThrows(IllegalArgumentException.class, () -> new Workload(1, 1, 1.5));
        assertTrue(PRICES.vaultPerGbMonth() > 0);
    }
}
