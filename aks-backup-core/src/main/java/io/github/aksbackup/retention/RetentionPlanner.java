package io.github.aksbackup.retention;

import io.github.aksbackup.api.DataStoreType;
import io.github.aksbackup.api.IsoDuration;
import io.github.aksbackup.api.policy.BackupPolicy;
import io.github.aksbackup.api.policy.CopyOption;
import io.github.aksbackup.api.policy.RetentionRule;
import io.github.aksbackup.api.policy.ScheduleTrigger;
import io.github.aksbackup.api.policy.SourceLifeCycle;
import io.github.aksbackup.api.policy.TaggingCriteria;
import io.github.aksbackup.api.policy.TargetCopySetting;
import java.time.Instant;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Computes the copies of a recovery point and their expiries from the policy's retention rules. A pure
 * function of the recovery point's time and tag; it reads no clock.
 *
 * <p><b>Rules.</b>
 * <ul>
 *   <li>The tag selects the retention rule of the same name (ignoring case); the default tag (the
 *       tagging criterion marked default) selects the rule marked default.</li>
 *   <li>Each lifecycle gives one copy in its {@code sourceDataStore}, expiring at RP time +
 *       {@code deleteAfter} on the UTC timeline ({@code P…D/W/M/Y} as a calendar period in UTC,
 *       {@code T} parts as exact time; see {@link IsoDuration#addTo(Instant)}).</li>
 *   <li>The operational copy is created at RP time.</li>
 *   <li>The vault copy is created as the operational lifecycle's copy setting to {@code VaultStore}
 *       says: {@code ImmediateCopyOption} at RP time, {@code CopyOnExpiryOption} when the operational
 *       copy expires, {@code CustomCopyOption{d}} at RP time + d. A rule with a vault lifecycle and no
 *       operational lifecycle backs up straight to the vault (created at RP time). A vault lifecycle that
 *       no copy setting reaches, or a copy setting without a vault lifecycle, gives no vault copy (and is
 *       a problem {@link RetentionChecks} reports).</li>
 *   <li>A vault copy whose expiry would not be after its creation is not made (a policy problem that
 *       {@link RetentionChecks} reports).</li>
 * </ul>
 * The one-per-day vault rule is applied by the caller through {@code vaultAllowed} (see
 * {@code tiering.VaultDayRule}). Immutable and thread-safe.
 */
public final class RetentionPlanner {
    private final Map<String, Rule> rulesByTag = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    /** The tagger hands out the policy's own tag-name strings; finding those by identity skips string comparison. */
    private final Map<String, Rule> rulesByTagInstance = new IdentityHashMap<>();
    private final Rule defaultRule;
    private final String defaultTag;

    /**
     * @param policy the policy whose retention rules (and default tag) are used
     * @throws IllegalArgumentException when the policy has no default retention rule
     */
    public RetentionPlanner(BackupPolicy policy) {
        Objects.requireNonNull(policy, "policy");
        RetentionRule def = policy.defaultRetentionRule().orElseThrow(() ->
                new IllegalArgumentException("policy '" + policy.name() + "' has no retention rule with isDefault=true"));
        this.defaultRule = new Rule(def);
        this.defaultTag = policy.scheduledRule()
                .map(r -> ((ScheduleTrigger) r.trigger()).defaultTag().map(TaggingCriteria::tagName).orElse(def.name()))
                .orElse(def.name());
        for (RetentionRule r : policy.retentionRules()) {
            rulesByTag.putIfAbsent(r.name(), r.isDefault() ? defaultRule : new Rule(r));
        }
        rulesByTag.put(defaultTag, defaultRule);
        policy.scheduledRule().ifPresent(rule -> ((ScheduleTrigger) rule.trigger()).taggingCriteria().forEach(tc -> {
            Rule r = rulesByTag.get(tc.tagName());
            if (r != null) {
                rulesByTagInstance.put(tc.tagName(), r);
            }
        }));
    }

    /** The tag that selects the default retention rule. */
    public String defaultTag() {
        return defaultTag;
    }

    /** True when a retention rule exists for the tag. */
    public boolean hasRule(String tag) {
        return rulesByTag.containsKey(tag);
    }

    /** True when recovery points with this tag get a vault copy (before the one-per-day rule). */
    public boolean givesVaultCopy(String tag) {
        return rule(tag).vault != null;
    }

    /**
     * The copies of a recovery point, operational first, then vault.
     *
     * @param time the recovery point's time
     * @param tag its tag
     * @param vaultAllowed false when the one-per-day rule denies this RP a vault copy
     * @throws IllegalArgumentException when no retention rule exists for the tag
     */
    public List<PlannedCopy> plan(Instant time, String tag, boolean vaultAllowed) {
        Rule r = rule(tag);
        if (r.operational == null) {
            return List.of();
        }
        PlannedCopy op = new PlannedCopy(DataStoreType.OperationalStore, time, addTo(r.operational.deleteAfter(), time));
        if (!vaultAllowed || r.vault == null) {
            return List.of(op);
        }
        Instant created = vaultCreated(r.vaultCopyOption, time, op);
        Instant expiry = addTo(r.vault.deleteAfter(), time);
        if (!expiry.isAfter(created)) {
            return List.of(op);
        }
        return List.of(op, new PlannedCopy(DataStoreType.VaultStore, created, expiry));
    }

    private static Instant vaultCreated(CopyOption option, Instant time, PlannedCopy op) {
        if (option instanceof CopyOption.OnExpiry) {
            return op.expiry();
        }
        if (option instanceof CopyOption.Custom custom) {
            return addTo(custom.duration(), time);
        }
        return time;
    }

    /**
     * {@link IsoDuration#addTo(Instant)}, without calendar arithmetic when there are no months or years:
     * UTC days are exactly 86,400 seconds, so the result is the same.
     */
    private static Instant addTo(IsoDuration d, Instant time) {
        if (d.period().getYears() == 0 && d.period().getMonths() == 0) {
            return time.plusSeconds(d.period().getDays() * 86_400L).plus(d.time());
        }
        return d.addTo(time);
    }

    private Rule rule(String tag) {
        Rule r = rulesByTagInstance.get(Objects.requireNonNull(tag, "tag"));
        if (r == null) {
            r = rulesByTag.get(tag);
        }
        if (r == null) {
            throw new IllegalArgumentException("no retention rule is named '" + tag + "'; a tag must name a retention rule");
        }
        return r;
    }

    /** A retention rule reduced to what planning needs. */
    private static final class Rule {
        final SourceLifeCycle operational;
        final SourceLifeCycle vault;
        final CopyOption vaultCopyOption;

        Rule(RetentionRule rule) {
            this.operational = rule.lifecycle(DataStoreType.OperationalStore).orElse(null);
            Optional<CopyOption> option = operational == null ? Optional.empty()
                    : copyToVault(operational).map(TargetCopySetting::copyAfter);
            // A vault copy needs both a way to get there and an expiry.
            this.vault = option.isPresent() ? rule.lifecycle(DataStoreType.VaultStore).orElse(null) : null;
            this.vaultCopyOption = option.orElse(null);
        }
    }

    static Optional<TargetCopySetting> copyToVault(SourceLifeCycle lifecycle) {
        return lifecycle.targetDataStoreCopySettings().stream()
                .filter(s -> s.dataStore() == DataStoreType.VaultStore).findFirst();
    }
}
