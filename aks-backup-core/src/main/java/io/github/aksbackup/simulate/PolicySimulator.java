package io.github.aksbackup.simulate;

import io.github.aksbackup.api.policy.BackupPolicy;
import io.github.aksbackup.schedule.BackupPlan;
import io.github.aksbackup.schedule.PolicyRules;
import io.github.aksbackup.schedule.ScheduleMark;
import io.github.aksbackup.schedule.SlotSchedule;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Plays a policy forward in time without waiting: every slot in [start, end) is a scheduled backup
 * that succeeds unless its time is listed as failing; each success becomes a recovery point with its
 * tag and copies, by exactly the rules the protection engine applies ({@link PolicyRules}). The
 * simulation starts with no earlier recovery points (the first success is "first" of every period) and
 * no vault copy that day. Deterministic, no I/O, no clock: the same input always gives the same result.
 */
public final class PolicySimulator {
    private PolicySimulator() {
    }

    /** Simulates with no failing slot, in the schedule's own zone. */
    public static SimulationResult simulate(BackupPolicy policy, Instant start, Instant end) {
        return simulate(policy, start, end, List.of(), null);
    }

    /**
     * Simulates a policy.
     *
     * @param policy the policy (validated first)
     * @param start first instant of the window (inclusive)
     * @param end end of the window (exclusive); must be after {@code start}
     * @param failingSlots slot times whose backup fails; each must be a slot in [start, end)
     * @param zone the zone for slots and calendar periods, or {@code null} for the schedule's zone
     * @throws io.github.aksbackup.api.InvalidInputException when the policy is invalid
     * @throws IllegalArgumentException when the window is empty, the policy has no schedule, or a failing
     *         time is not a slot of the window
     */
    public static SimulationResult simulate(BackupPolicy policy, Instant start, Instant end,
            Collection<Instant> failingSlots, ZoneId zone) {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        if (!end.isAfter(start)) {
            throw new IllegalArgumentException("the end of the simulation (" + end + ") must be after its start (" + start + ")");
        }
        PolicyRules rules = PolicyRules.of(policy, zone);
        SlotSchedule schedule = rules.schedule().orElseThrow(() -> new IllegalArgumentException(
                "policy '" + policy.name() + "' has no schedule trigger; there is nothing to simulate"));
        Set<Instant> failing = new HashSet<>(failingSlots);
        List<SimulatedRecoveryPoint> rps = new ArrayList<>();
        List<Instant> failed = new ArrayList<>();
        ScheduleMark mark = ScheduleMark.startingAfter(null);
        SlotSchedule.Cursor slots = schedule.cursor(start);
        while (slots.peek().isBefore(end)) {
            Instant slot = slots.next();
            BackupPlan plan = rules.planScheduled(slot, mark.lastSuccess(), mark.lastVaultCopy());
            boolean succeeded = !failing.remove(slot);
            if (succeeded) {
                rps.add(new SimulatedRecoveryPoint(slot, plan.tag(), plan.copies()));
            } else {
                failed.add(slot);
            }
            mark = PolicyRules.advance(mark, plan, succeeded);
        }
        if (!failing.isEmpty()) {
            throw new IllegalArgumentException("failing time(s) " + failing.stream().sorted().map(Instant::toString)
                    .collect(Collectors.joining(", ")) + " are not slots of the schedule between " + start + " and " + end);
        }
        return new SimulationResult(policy.name(), rules.zone(), start, end, rps, failed);
    }
}
