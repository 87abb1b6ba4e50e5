package io.github.aksbackup.policy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.aksbackup.api.DataStoreType;
import io.github.aksbackup.api.policy.AdhocTrigger;
import io.github.aksbackup.api.policy.BackupCriteria;
import io.github.aksbackup.api.policy.BackupPolicy;
import io.github.aksbackup.api.policy.BackupRule;
import io.github.aksbackup.api.policy.CopyOption;
import io.github.aksbackup.api.policy.DayOfMonth;
import io.github.aksbackup.api.policy.RetentionRule;
import io.github.aksbackup.api.policy.ScheduleTrigger;
import io.github.aksbackup.api.policy.SourceLifeCycle;
import io.github.aksbackup.api.policy.TaggingCriteria;
import io.github.aksbackup.api.policy.TargetCopySetting;
import io.github.aksbackup.internal.json.JsonDocuments;
import java.util.List;
import java.util.Locale;

/** Turns a {@link BackupPolicy} into Azure Data Protection {@code BackupPolicy} JSON. */
final class PolicyWriter {

    private PolicyWriter() {
    }

    /** The policy properties, with the policy name as Azure's policy templates carry it. */
    static ObjectNode properties(BackupPolicy policy, boolean withName) {
        ObjectNode root = JsonDocuments.object();
        ArrayNode types = root.putArray("datasourceTypes");
        policy.datasourceTypes().forEach(types::add);
        if (withName) {
            root.put("name", policy.name());
        }
        root.put("objectType", "BackupPolicy");
        ArrayNode rules = root.putArray("policyRules");
        policy.backupRules().forEach(r -> rules.add(backupRule(r)));
        policy.retentionRules().forEach(r -> rules.add(retentionRule(r)));
        return root;
    }

    /** The ARM resource form: {@code {"id", "name", "properties", "type"}}. */
    static ObjectNode resource(BackupPolicy policy, String resourceId) {
        ObjectNode root = JsonDocuments.object();
        if (resourceId != null) {
            root.put("id", resourceId);
        }
        root.put("name", policy.name());
        root.set("properties", properties(policy, false));
        root.put("type", PolicyReader.ARM_TYPE);
        return root;
    }

    private static ObjectNode backupRule(BackupRule rule) {
        ObjectNode n = JsonDocuments.object();
        ObjectNode params = n.putObject("backupParameters");
        params.put("backupType", rule.backupType());
        params.put("objectType", "AzureBackupParams");
        n.set("dataStore", dataStore(rule.dataStore()));
        n.put("name", rule.name());
        n.put("objectType", "AzureBackupRule");
        ObjectNode trigger = n.putObject("trigger");
        if (rule.trigger() instanceof ScheduleTrigger s) {
            trigger.put("objectType", "ScheduleBasedTriggerContext");
            ObjectNode schedule = trigger.putObject("schedule");
            ArrayNode intervals = schedule.putArray("repeatingTimeIntervals");
            s.schedule().repeatingTimeIntervals().forEach(intervals::add);
            if (s.schedule().timeZone() != null) {
                schedule.put("timeZone", s.schedule().timeZone());
            }
            ArrayNode tags = trigger.putArray("taggingCriteria");
            s.taggingCriteria().forEach(t -> tags.add(taggingCriteria(t)));
        } else if (rule.trigger() instanceof AdhocTrigger a) {
            trigger.put("objectType", "AdhocBasedTriggerContext");
            ObjectNode tagging = trigger.putObject("taggingCriteria");
            if (a.tagName() != null) {
                tagging.putObject("tagInfo").put("tagName", a.tagName());
            }
        }
        return n;
    }

    private static ObjectNode taggingCriteria(TaggingCriteria tag) {
        ObjectNode n = JsonDocuments.object();
        if (!tag.criteria().isEmpty()) {
            ArrayNode criteria = n.putArray("criteria");
            tag.criteria().forEach(c -> criteria.add(criteria(c)));
        }
        n.put("isDefault", tag.isDefault());
        n.putObject("tagInfo").put("tagName", tag.tagName());
        n.put("taggingPriority", tag.priority());
        return n;
    }

    private static ObjectNode criteria(BackupCriteria c) {
        ObjectNode n = JsonDocuments.object();
        names(n, "absoluteCriteria", c.absoluteCriteria().stream().map(Enum::name).toList());
        if (!c.daysOfMonth().isEmpty()) {
            ArrayNode days = n.putArray("daysOfMonth");
            for (DayOfMonth d : c.daysOfMonth()) {
                ObjectNode day = days.addObject();
                if (!d.isLast() || d.date() != 0) {
                    day.put("date", d.date());
                }
                day.put("isLast", d.isLast());
            }
        }
        names(n, "daysOfTheWeek", c.daysOfTheWeek().stream().map(PolicyWriter::capitalized).toList());
        names(n, "monthsOfYear", c.monthsOfYear().stream().map(PolicyWriter::capitalized).toList());
        n.put("objectType", "ScheduleBasedBackupCriteria");
        names(n, "scheduleTimes", c.scheduleTimes());
        names(n, "weeksOfTheMonth", c.weeksOfTheMonth().stream().map(Enum::name).toList());
        return n;
    }

    private static void names(ObjectNode n, String field, List<String> values) {
        if (!values.isEmpty()) {
            ArrayNode a = n.putArray(field);
            values.forEach(a::add);
        }
    }

    /** {@code MONDAY} → {@code Monday}, as Azure spells days and months. */
    static String capitalized(Enum<?> e) {
        String s = e.name().toLowerCase(Locale.ROOT);
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    private static ObjectNode retentionRule(RetentionRule rule) {
        ObjectNode n = JsonDocuments.object();
        n.put("isDefault", rule.isDefault());
        ArrayNode lifecycles = n.putArray("lifecycles");
        rule.lifecycles().forEach(l -> lifecycles.add(lifecycle(l)));
        n.put("name", rule.name());
        n.put("objectType", "AzureRetentionRule");
        return n;
    }

    private static ObjectNode lifecycle(SourceLifeCycle l) {
        ObjectNode n = JsonDocuments.object();
        ObjectNode delete = n.putObject("deleteAfter");
        delete.put("duration", l.deleteAfter().toString());
        delete.put("objectType", "AbsoluteDeleteOption");
        n.set("sourceDataStore", dataStore(l.sourceDataStore()));
        ArrayNode copies = n.putArray("targetDataStoreCopySettings");
        l.targetDataStoreCopySettings().forEach(c -> copies.add(copySetting(c)));
        return n;
    }

    private static ObjectNode copySetting(TargetCopySetting c) {
        ObjectNode n = JsonDocuments.object();
        ObjectNode after = n.putObject("copyAfter");
        if (c.copyAfter() instanceof CopyOption.Custom custom) {
            after.put("duration", custom.duration().toString());
        }
        after.put("objectType", copyOptionType(c.copyAfter()));
        n.set("dataStore", dataStore(c.dataStore()));
        return n;
    }

    /** Azure's {@code objectType} for a copy option. */
    static String copyOptionType(CopyOption option) {
        if (option instanceof CopyOption.Immediate) {
            return "ImmediateCopyOption";
        }
        return option instanceof CopyOption.OnExpiry ? "CopyOnExpiryOption" : "CustomCopyOption";
    }

    private static ObjectNode dataStore(DataStoreType type) {
        ObjectNode n = JsonDocuments.object();
        n.put("dataStoreType", type.name());
        n.put("objectType", "DataStoreInfoBase");
        return n;
    }
}
