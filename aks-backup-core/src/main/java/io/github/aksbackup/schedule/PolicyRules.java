package io.github.aksbackup.schedule;

import io.github.aksbackup.api.InvalidInputException;
import io.github.aksbackup.api.ValidationProblem;
import io.github.aksbackup.api.policy.BackupPolicy;
import io.github.aksbackup.api.policy.ScheduleTrigger;
import io.github.aksbackup.retention.LocalDays;
import io.github.aksbackup.retention.RetentionChecks;
import io.github.aksbackup.retention.RetentionPlanner;
import io.github.aksbackup.retention.Tagger;
import io.github.aksbackup.tiering.VaultDayRule;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A policy made ready for use: its slots, its tagging and its retention, with the decision for one
 * backup that the protection engine and the policy simulator share, so both follow the same rules.
 * Immutable, thread-safe; its methods are pure functions of their arguments.
 */
public final class PolicyRules {
    private final BackupPolicy policy;
    private final ZoneId zone;
    private final SlotSchedule schedule;
    private final Tagger tagger;
    private final RetentionPlanner planner;
    private final LocalDays days;

    private PolicyRules(BackupPolicy policy, ZoneId zone) {
        this.policy = policy;
        this.zone = zone;
        this.days = new LocalDays(zone);
        ScheduleTrigger trigger = policy.scheduledRule().map(r -> (ScheduleTrigger) r.trigger()).orElse(null);
        this.schedule = trigger == null ? null : SlotSchedule.of(trigger.schedule(), zone);
        this.tagger = trigger == null ? null : new Tagger(trigger, zone);
        this.planner = new RetentionPlanner(policy);
    }

    /**
     * The rules of a policy, in its schedule's time zone (UTC when it has no schedule).
     *
     * @throws InvalidInputException listing every problem that makes the policy unusable: bad intervals,
     *         an unknown time zone, a missing default tag, and {@link RetentionChecks} problems
     */
    public static PolicyRules of(BackupPolicy policy) {
        return of(policy, null);
    }

    /**
     * The rules of a policy with slots and calendar periods taken in {@code zone} instead of the
     * schedule's own zone ({@code null}: the schedule's zone).
     *
     * @throws InvalidInputException as {@link #of(BackupPolicy)}
     */
    public static PolicyRules of(BackupPolicy policy, ZoneId zone) {
        Objects.requireNonNull(policy, "policy");
        List<ValidationProblem> problems = new ArrayList<>();
        ZoneId resolved = zone;
        Optional<ScheduleTrigger> trigger = policy.scheduledRule().map(r -> (ScheduleTrigger) r.trigger());
        if (trigger.isPresent()) {
            List<String> intervals = trigger.get().schedule().repeatingTimeIntervals();
            if (intervals.isEmpty()) {
                problems.add(new ValidationProblem("schedule.repeatingTimeIntervals", "must hold at least one interval"));
            }
            for (int i = 0; i < intervals.size(); i++) {
                try {
                    RepeatingInterval.parse(intervals.get(i));
                } catch (IllegalArgumentException e) {
                    problems.add(new ValidationProblem("schedule.repeatingTimeIntervals[" + i + "]", e.getMessage()));
                }
            }
            if (resolved == null) {
                try {
                    resolved = ScheduleZones.resolve(trigger.get().schedule().timeZone());
                } catch (IllegalArgumentException e) {
                    problems.add(new ValidationProblem("schedule.timeZone", e.getMessage()));
                }
            }
            if (trigger.get().defaultTag().isEmpty()) {
                problems.add(new ValidationProblem("taggingCriteria", "no tagging criterion has isDefault=true"));
            }
        }
        problems.addAll(RetentionChecks.check(policy));
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        return new PolicyRules(policy, resolved == null ? ScheduleZones.resolve(null) : resolved);
    }

    /** The policy. */
    public BackupPolicy policy() {
        return policy;
    }

    /** The zone slots and calendar periods are taken in. */
    public ZoneId zone() {
        return zone;
    }

    /** The schedule's slots, or empty for a policy without a schedule trigger. */
    public Optional<SlotSchedule> schedule() {
        return Optional.ofNullable(schedule);
    }

    /** The retention planner. */
    public RetentionPlanner planner() {
        return planner;
    }

    /**
     * The plan of a scheduled backup at {@code slot}, should it succeed: its tag (from the previous
     * successful scheduled backup) and its copies (the vault copy only when the one-per-day rule allows).
     *
     * @param slot the slot
     * @param previousSuccess slot of the latest successful scheduled backup before it, or {@code null}
     * @param lastVaultCopy slot of the latest scheduled RP that got a vault copy, or {@code null}
     * @throws IllegalStateException when the policy has no schedule
     */
    public BackupPlan planScheduled(Instant slot, Instant previousSuccess, Instant lastVaultCopy) {
        if (tagger == null) {
            throw new IllegalStateException("policy '" + policy.name() + "' has no schedule trigger");
        }
        String tag = tagger.tagOf(slot, previousSuccess);
        return new BackupPlan(slot, tag, planner.plan(slot, tag, VaultDayRule.allows(slot, lastVaultCopy, days)));
    }

    /**
     * The plan of an on-demand backup at {@code time}: the default tag unless {@code tagOverride} names a
     * retention rule; exempt from the one-per-day vault rule; never "first" of any period.
     *
     * @throws InvalidInputException when {@code tagOverride} names no retention rule
     */
    public BackupPlan planOnDemand(Instant time, String tagOverride) {
        String tag = tagOverride == null || tagOverride.isBlank() ? planner.defaultTag() : tagOverride.trim();
        try {
            return new BackupPlan(time, tag, planner.plan(time, tag, true));
        } catch (IllegalArgumentException noSuchRule) {
            throw new InvalidInputException("retentionTag", noSuchRule.getMessage() + " of policy '" + policy.name() + "'");
        }
    }

    /** The mark after a scheduled backup at {@code plan.time()} succeeded or failed. */
    public static ScheduleMark advance(ScheduleMark mark, BackupPlan plan, boolean succeeded) {
        Instant lastSuccess = mark == null ? null : mark.lastSuccess();
        Instant lastVault = mark == null ? null : mark.lastVaultCopy();
        if (succeeded) {
            lastSuccess = plan.time();
            if (plan.hasVaultCopy()) {
                lastVault = plan.time();
            }
        }
        return new ScheduleMark(plan.time(), lastSuccess, lastVault);
    }
}
