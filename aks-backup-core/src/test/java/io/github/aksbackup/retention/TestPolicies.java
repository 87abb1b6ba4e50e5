package io.github.aksbackup.retention;

import io.github.aksbackup.api.DataStoreType;
import io.github.aksbackup.api.IsoDuration;
import io.github.aksbackup.api.policy.AbsoluteMarker;
import io.github.aksbackup.api.policy.BackupCriteria;
import io.github.aksbackup.api.policy.BackupPolicy;
import io.github.aksbackup.api.policy.BackupRule;
import io.github.aksbackup.api.policy.CopyOption;
import io.github.aksbackup.api.policy.RetentionRule;
import io.github.aksbackup.api.policy.Schedule;
import io.github.aksbackup.api.policy.ScheduleTrigger;
import io.github.aksbackup.api.policy.SourceLifeCycle;
import io.github.aksbackup.api.policy.TaggingCriteria;
import io.github.aksbackup.api.policy.TargetCopySetting;
import java.util.List;

/** Builds policies for tests in a few lines. */
public final class TestPolicies {
    private TestPolicies() {
    }

    public static BackupPolicy policy(String zone, List<String> intervals, List<TaggingCriteria> tags, List<RetentionRule> rules) {
        ScheduleTrigger trigger = new ScheduleTrigger(new Schedule(intervals, zone), tags);
        return new BackupPolicy("test-policy", List.of(BackupPolicy.AKS_DATASOURCE_TYPE),
                List.of(new BackupRule("BackupHourly", "Incremental", DataStoreType.OperationalStore, trigger)), rules);
    }

    public static BackupPolicy policy(String interval, List<TaggingCriteria> tags, List<RetentionRule> rules) {
        return policy(null, List.of(interval), tags, rules);
    }

    public static TaggingCriteria defaultTag() {
        return new TaggingCriteria("Default", 99, true, List.of());
    }

    public static TaggingCriteria tag(String name, int priority, AbsoluteMarker marker) {
        return new TaggingCriteria(name, priority, false, List.of(BackupCriteria.absolute(marker)));
    }

    /** Daily/Weekly/Monthly/Yearly (FirstOf...) with Azure's priorities (Yearly strongest) and Default. */
    public static List<TaggingCriteria> calendarTags() {
        return List.of(tag("Daily", 25, AbsoluteMarker.FirstOfDay), tag("Weekly", 20, AbsoluteMarker.FirstOfWeek),
                tag("Monthly", 15, AbsoluteMarker.FirstOfMonth), tag("Yearly", 10, AbsoluteMarker.FirstOfYear), defaultTag());
    }

    public static RetentionRule operational(String name, boolean isDefault, String deleteAfter) {
        return new RetentionRule(name, isDefault, List.of(
                new SourceLifeCycle(IsoDuration.parse(deleteAfter), DataStoreType.OperationalStore, List.of())));
    }

    public static RetentionRule withVault(String name, boolean isDefault, String opDeleteAfter, CopyOption copy,
            String vaultDeleteAfter) {
        return new RetentionRule(name, isDefault, List.of(
                new SourceLifeCycle(IsoDuration.parse(opDeleteAfter), DataStoreType.OperationalStore,
                        List.of(new TargetCopySetting(DataStoreType.VaultStore, copy))),
                new SourceLifeCycle(IsoDuration.parse(vaultDeleteAfter), DataStoreType.VaultStore, List.of())));
    }

    /** Retention rules for {@link #calendarTags()}: all operational, the longer-lived tags also in the vault. */
    public static List<RetentionRule> calendarRules() {
        return List.of(operational("Default", true, "P7D"), operational("Daily", false, "P14D"),
                withVault("Weekly", false, "P7D", new CopyOption.OnExpiry(), "P12W"),
                withVault("Monthly", false, "P7D", new CopyOption.Immediate(), "P12M"),
                withVault("Yearly", false, "P7D", new CopyOption.Immediate(), "P10Y"));
    }
}
