package io.github.aksbackup.simulate;

import io.github.aksbackup.api.DataStoreType;
import java.time.YearMonth;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One calendar month (in the schedule's zone) of a simulation.
 *
 * @param month the month
 * @param recoveryPoints recovery points taken in the month
 * @param failedSlots slots in the month whose backup failed
 * @param byTag recovery points per tag, tags in alphabetical order
 * @param vaultCopiesMade vault copies created in the month (within the simulated window)
 * @param liveAtMonthEnd live copies per store at the month's end (or the window's end)
 */
public record MonthSummary(YearMonth month, int recoveryPoints, int failedSlots, Map<String, Integer> byTag,
        int vaultCopiesMade, Map<DataStoreType, Integer> liveAtMonthEnd) {
    public MonthSummary {
        Objects.requireNonNull(month, "month");
        byTag = java.util.Collections.unmodifiableMap(new TreeMap<>(byTag));
        liveAtMonthEnd = Map.copyOf(liveAtMonthEnd);
    }

    /** Accumulates a month's figures. */
    static final class Builder {
        private final YearMonth month;
        private int recoveryPoints;
        private int failed;
        private int vaultCopies;
        private final Map<String, Integer> byTag = new TreeMap<>();

        Builder(YearMonth month) {
            this.month = month;
        }

        YearMonth month() {
            return month;
        }

        void recoveryPoint(String tag) {
            recoveryPoints++;
            byTag.merge(tag, 1, Integer::sum);
        }

        void failure() {
            failed++;
        }

        void vaultCopy() {
            vaultCopies++;
        }

        MonthSummary build(Map<DataStoreType, Integer> live) {
            return new MonthSummary(month, recoveryPoints, failed, byTag, vaultCopies, live);
        }
    }
}
