package io.github.aksbackup.simulate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.aksbackup.api.DataStoreType;
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
    void sweepAgreesWithSummingLiveCopiesAtEveryChange() {
        BackupPolicy p = TestPolicies.policy("Europe/Berlin", List.of("R/2026-01-01T00:00:00+01:00/PT4H"),
                TestPolicies.calendarTags(), TestPolicies.calendarRules());
        SimulationResult r = PolicySimulator.simulate(p, Instant.parse("2026-01-10T00:00:00Z"), Instant.parse("2026-04-10T00:00:00Z"));
        Workload w = new Workload(3, 7, 0.05);
        CostProjection c = CostProjection.of(r, PRICES, w);
        for (DataStoreType store : DataStoreType.values()) {
            for (int i = 0; i < c.months().size(); i++) {
                java.time.YearMonth m = c.months().get(i).month();
                double monthSeconds = java.time.Duration.between(m.atDay(1).atStartOfDay(r.zone()),
                        m.plusMonths(1).atDay(1).atStartOfDay(r.zone())).toSeconds();
                double expected = bruteForceGbSeconds(r, store, w, r.monthStart(m), r.monthEnd(m)) / monthSeconds;
                double actual = store == DataStoreType.OperationalStore ? c.months().get(i).snapshotGbMonths()
                        : c.months().get(i).vaultGbMonths();
                assertEquals(expected, actual, 1e-6, store + " " + m);
            }
        }
        assertTrue(c.months().get(1).vaultGbMonths() > 0);
    }

    /** Stored GB summed from scratch over the live copies between consecutive creations and expiries. */
    private static double bruteForceGbSeconds(SimulationResult r, DataStoreType store, Workload w, Instant from, Instant until) {
        java.util.TreeSet<Instant> changes = new java.util.TreeSet<>(List.of(from, until));
        for (SimulatedRecoveryPoint rp : r.recoveryPoints()) {
            rp.copy(store).ifPresent(copy -> {
                changes.add(copy.created());
                changes.add(copy.expiry());
            });
        }
        double sum = 0;
        for (Instant a : changes.subSet(from, true, until, false)) {
            Instant b = changes.higher(a);
            double units = 0;
            Instant previous = null;
            for (SimulatedRecoveryPoint rp : r.recoveryPoints()) {
                if (rp.copy(store).map(copy -> copy.isLiveAt(a)).orElse(false)) {
                    units += previous == null ? 1
                            : Math.min(1, w.dailyChangeRate() * (rp.time().getEpochSecond() - previous.getEpochSecond()) / 86_400.0);
                    previous = rp.time();
                }
            }
            sum += units * w.totalGb() * (b.getEpochSecond() - a.getEpochSecond());
        }
        return sum;
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
