package io.github.aksbackup.retention;

import io.github.aksbackup.api.DataStoreType;
import io.github.aksbackup.api.IsoDuration;
import io.github.aksbackup.api.ValidationProblem;
import io.github.aksbackup.api.policy.BackupPolicy;
import io.github.aksbackup.api.policy.CopyOption;
import io.github.aksbackup.api.policy.RetentionRule;
import io.github.aksbackup.api.policy.ScheduleTrigger;
import io.github.aksbackup.api.policy.SourceLifeCycle;
import io.github.aksbackup.api.policy.TaggingCriteria;
import io.github.aksbackup.api.policy.TargetCopySetting;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The retention-related checks of a policy that {@link RetentionPlanner} relies on, reported all at
 * once for a policy validator to merge with its own.
 *
 * <p>Problems found: no default retention rule; a non-default tag without a retention rule of its
 * name; a zero {@code deleteAfter}; a rule without an {@code OperationalStore} lifecycle; a copy setting to the vault without a {@code VaultStore} lifecycle (the copy would never
 * expire); a {@code VaultStore} lifecycle that no copy setting reaches; a vault copy whose expiry is not
 * after its creation; a {@code CustomCopyOption} that would copy after the operational copy (its source)
 * has expired.
 *
 * <p>Because months and years vary in length, a condition is a problem when it holds for some RP time:
 * so {@code P1M} against {@code P30D} is a problem (February), {@code P1Y} against {@code P12M} is not.
 * Paths have the form {@code retentionRules['Weekly'].lifecycles[1].deleteAfter};
 * a validator that knows the JSON layout may translate them.
 */
public final class RetentionChecks {
    private static final YearMonth REFERENCE_FROM = YearMonth.of(2024, 1);
    private static final YearMonth REFERENCE_UNTIL = YearMonth.of(2028, 1);

    private RetentionChecks() {
    }

    /** Every retention problem of the policy, in rule order; empty when there is none. */
    public static List<ValidationProblem> check(BackupPolicy policy) {
        List<ValidationProblem> out = new ArrayList<>();
        if (policy.defaultRetentionRule().isEmpty()) {
            out.add(new ValidationProblem("retentionRules", "no retention rule has isDefault=true; exactly one must be the default"));
        }
        policy.scheduledRule().ifPresent(rule -> {
            ScheduleTrigger trigger = (ScheduleTrigger) rule.trigger();
            for (TaggingCriteria tc : trigger.taggingCriteria()) {
                if (!tc.isDefault() && policy.retentionRule(tc.tagName()).isEmpty()) {
                    out.add(new ValidationProblem("taggingCriteria['" + tc.tagName() + "']",
                            "tag '" + tc.tagName() + "' has no retention rule of the same name"));
                }
            }
        });
        for (RetentionRule r : policy.retentionRules()) {
            checkRule(r, out);
        }
        return out;
    }

    private static void checkRule(RetentionRule r, List<ValidationProblem> out) {
        String base = "retentionRules['" + r.name() + "'].lifecycles";
        int opIndex = index(r, DataStoreType.OperationalStore);
        int vaultIndex = index(r, DataStoreType.VaultStore);
        SourceLifeCycle op = opIndex < 0 ? null : r.lifecycles().get(opIndex);
        SourceLifeCycle vault = vaultIndex < 0 ? null : r.lifecycles().get(vaultIndex);
        for (int i = 0; i < r.lifecycles().size(); i++) {
            if (r.lifecycles().get(i).deleteAfter().isZero()) {
                out.add(new ValidationProblem(base + "[" + i + "].deleteAfter", "must be longer than zero"));
                return;
            }
        }
        if (op == null) {
            out.add(new ValidationProblem(base, "the rule has no OperationalStore lifecycle; AKS backups always land in the"
                    + " operational store first, so every retention rule needs one"));
            return;
        }
        Optional<TargetCopySetting> copy = RetentionPlanner.copyToVault(op);
        if (copy.isPresent() && vault == null) {
            out.add(new ValidationProblem(base + "[" + opIndex + "].targetDataStoreCopySettings",
                    "copies to VaultStore but the rule has no VaultStore lifecycle to say when that copy expires"));
            return;
        }
        if (vault == null) {
            return;
        }
        if (copy.isEmpty()) {
            out.add(new ValidationProblem(base + "[" + vaultIndex + "]",
                    "the VaultStore lifecycle is never reached: the OperationalStore lifecycle has no copy setting to VaultStore"));
            return;
        }
        CopyOption option = copy.get().copyAfter();
        if (option instanceof CopyOption.Custom custom && laterForSomeStart(custom.duration(), op.deleteAfter(), false)) {
            out.add(new ValidationProblem(base + "[" + opIndex + "].targetDataStoreCopySettings",
                    "CustomCopyOption " + custom.duration() + " copies after the operational copy expires ("
                            + op.deleteAfter() + "), so there is nothing left to copy; use a duration up to "
                            + op.deleteAfter() + " or CopyOnExpiryOption"));
            return;
        }
        IsoDuration creation = option instanceof CopyOption.OnExpiry ? op.deleteAfter()
                : option instanceof CopyOption.Custom custom ? custom.duration() : IsoDuration.of(Duration.ZERO);
        if (laterForSomeStart(creation, vault.deleteAfter(), true)) {
            String when = option instanceof CopyOption.OnExpiry ? "when the operational copy expires (RP time + " + creation + ")"
                    : creation.isZero() ? "at RP time" : "at RP time + " + creation;
            out.add(new ValidationProblem(base + "[" + vaultIndex + "].deleteAfter",
                    "the vault copy would expire (RP time + " + vault.deleteAfter() + ") no later than it is created "
                            + when + "; make the VaultStore deleteAfter longer"));
        }
    }

    /**
     * True when, for some RP time t, t + a is after t + b (or not before it, with {@code orEqual}).
     * Months and years vary in length, so first the shortest and longest possible lengths decide
     * (a month 28..31 days, a year 365..366); only when they overlap are RP times tried. The lengths
     * depend on the month, the year and — through clipping (Jan 31 + P1M = Feb 28) — on days 29 to 31
     * of the month only: days 1 to 28 behave alike. So the 1st, 29th, 30th and 31st of every month of
     * four consecutive years (one a leap year) cover every case.
     */
    private static boolean laterForSomeStart(IsoDuration a, IsoDuration b, boolean orEqual) {
        int never = longest(a).compareTo(shortest(b));
        if (never < 0 || (never == 0 && !orEqual)) {
            return false;
        }
        int always = shortest(a).compareTo(longest(b));
        if (always > 0 || (always == 0 && orEqual)) {
            return true;
        }
        for (YearMonth m = REFERENCE_FROM; m.isBefore(REFERENCE_UNTIL); m = m.plusMonths(1)) {
            for (int day : new int[] {1, 29, 30, 31}) {
                if (m.isValidDay(day)) {
                    Instant t = m.atDay(day).atStartOfDay(ZoneOffset.UTC).toInstant();
                    int cmp = a.addTo(t).compareTo(b.addTo(t));
                    if (cmp > 0 || (cmp == 0 && orEqual)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static Duration shortest(IsoDuration d) {
        return Duration.ofDays(d.period().getYears() * 365L + d.period().getMonths() * 28L + d.period().getDays()).plus(d.time());
    }

    private static Duration longest(IsoDuration d) {
        return Duration.ofDays(d.period().getYears() * 366L + d.period().getMonths() * 31L + d.period().getDays()).plus(d.time());
    }

    private static int index(RetentionRule r, DataStoreType type) {
        for (int i = 0; i < r.lifecycles().size(); i++) {
            if (r.lifecycles().get(i).sourceDataStore() == type) {
                return i;
            }
        }
        return -1;
    }

}
