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
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

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
    private static final LocalDate REFERENCE_FROM = LocalDate.of(2024, 1, 1);
    private static final LocalDate REFERENCE_UNTIL = LocalDate.of(2028, 1, 1);

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
        if (option instanceof CopyOption.Custom custom
                && someStart(t -> custom.duration().addTo(t).isAfter(op.deleteAfter().addTo(t)))) {
            out.add(new ValidationProblem(base + "[" + opIndex + "].targetDataStoreCopySettings",
                    "CustomCopyOption " + custom.duration() + " copies after the operational copy expires ("
                            + op.deleteAfter() + "), so there is nothing left to copy; use a duration up to "
                            + op.deleteAfter() + " or CopyOnExpiryOption"));
            return;
        }
        IsoDuration creation = option instanceof CopyOption.OnExpiry ? op.deleteAfter()
                : option instanceof CopyOption.Custom custom ? custom.duration() : IsoDuration.of(Duration.ZERO);
        if (someStart(t -> !vault.deleteAfter().addTo(t).isAfter(creation.addTo(t)))) {
            String when = option instanceof CopyOption.OnExpiry ? "when the operational copy expires (RP time + " + creation + ")"
                    : creation.isZero() ? "at RP time" : "at RP time + " + creation;
            out.add(new ValidationProblem(base + "[" + vaultIndex + "].deleteAfter",
                    "the vault copy would expire (RP time + " + vault.deleteAfter() + ") no later than it is created "
                            + when + "; make the VaultStore deleteAfter longer"));
        }
    }

    /**
     * True when the condition holds for some RP time. Months and years vary in length, so every day of
     * four consecutive years (one of them a leap year) is tried: those cover every month length, every
     * day-of-month clipping and February 29.
     */
    private static boolean someStart(Predicate<Instant> condition) {
        for (LocalDate d = REFERENCE_FROM; d.isBefore(REFERENCE_UNTIL); d = d.plusDays(1)) {
            if (condition.test(d.atStartOfDay(ZoneOffset.UTC).toInstant())) {
                return true;
            }
        }
        return false;
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
