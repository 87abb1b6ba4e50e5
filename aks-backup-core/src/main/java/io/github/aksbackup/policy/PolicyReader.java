package io.github.aksbackup.policy;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.aksbackup.api.DataStoreType;
import io.github.aksbackup.api.InvalidInputException;
import io.github.aksbackup.api.IsoDuration;
import io.github.aksbackup.api.ValidationProblem;
import io.github.aksbackup.api.policy.AbsoluteMarker;
import io.github.aksbackup.api.policy.AdhocTrigger;
import io.github.aksbackup.api.policy.BackupCriteria;
import io.github.aksbackup.api.policy.BackupPolicy;
import io.github.aksbackup.api.policy.BackupRule;
import io.github.aksbackup.api.policy.CopyOption;
import io.github.aksbackup.api.policy.DayOfMonth;
import io.github.aksbackup.api.policy.RetentionRule;
import io.github.aksbackup.api.policy.Schedule;
import io.github.aksbackup.api.policy.ScheduleTrigger;
import io.github.aksbackup.api.policy.SourceLifeCycle;
import io.github.aksbackup.api.policy.TaggingCriteria;
import io.github.aksbackup.api.policy.TargetCopySetting;
import io.github.aksbackup.api.policy.Trigger;
import io.github.aksbackup.api.policy.WeekNumber;
import io.github.aksbackup.internal.json.ArmEnvelope;
import io.github.aksbackup.internal.json.JsonCursor;
import java.time.DayOfWeek;
import java.time.Month;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads Azure Data Protection {@code BackupPolicy} JSON into {@link BackupPolicy}, collecting every
 * structural problem (missing or mistyped fields, unknown {@code objectType} values, bad durations)
 * with its location instead of stopping at the first.
 *
 * <p>Every object is checked for fields Azure's type does not have: a misspelt {@code timeZone} or
 * {@code targetDataStoreCopySettings} would otherwise be dropped and the policy run in UTC or never
 * copy to the vault. The read-only fields Azure prints ({@code tagInfo.id}, {@code tagInfo.eTag}, the
 * resource's {@code id}, {@code type}, {@code systemData}) are known fields and carry no intent.
 */
final class PolicyReader {

    static final String ARM_TYPE = "Microsoft.DataProtection/backupVaults/backupPolicies";

    private static final List<String> POLICY = List.of("objectType", "datasourceTypes", "policyRules");
    /** A policy on its own, as the templates print it, carries its name. */
    private static final List<String> POLICY_TEMPLATE = List.of("objectType", "name", "datasourceTypes", "policyRules");
    private static final List<String> BACKUP_RULE = List.of("objectType", "name", "backupParameters", "dataStore", "trigger");
    private static final List<String> BACKUP_PARAMS = List.of("objectType", "backupType");
    private static final List<String> DATA_STORE = List.of("objectType", "dataStoreType");
    private static final List<String> SCHEDULE_TRIGGER = List.of("objectType", "schedule", "taggingCriteria");
    private static final List<String> ADHOC_TRIGGER = List.of("objectType", "taggingCriteria");
    private static final List<String> ADHOC_TAGGING = List.of("tagInfo");
    private static final List<String> SCHEDULE = List.of("repeatingTimeIntervals", "timeZone");
    private static final List<String> TAGGING = List.of("tagInfo", "taggingPriority", "isDefault", "criteria");
    private static final List<String> TAG_INFO = List.of("tagName", "id", "eTag");
    private static final List<String> CRITERIA = List.of("objectType", "absoluteCriteria", "daysOfTheWeek", "weeksOfTheMonth",
            "monthsOfYear", "daysOfMonth", "scheduleTimes");
    private static final List<String> DAY = List.of("date", "isLast");
    private static final List<String> RETENTION_RULE = List.of("objectType", "name", "isDefault", "lifecycles");
    private static final List<String> LIFECYCLE = List.of("deleteAfter", "sourceDataStore", "targetDataStoreCopySettings");
    private static final List<String> DURATION_OPTION = List.of("objectType", "duration");
    private static final List<String> COPY_SETTING = List.of("copyAfter", "dataStore");
    private static final List<String> PLAIN_COPY_OPTION = List.of("objectType");

    private final List<ValidationProblem> problems = new ArrayList<>();

    /**
     * @throws InvalidInputException with every structural problem found
     */
    static PolicyDocument read(JsonNode root, String defaultName) {
        return new PolicyReader().document(root, defaultName);
    }

    private PolicyDocument document(JsonNode root, String defaultName) {
        JsonCursor doc = JsonCursor.root(root, problems);
        JsonCursor props = doc;
        String resourceId = null;
        String name;
        boolean resource = doc.field("properties").node().isObject();
        if (resource) {
            resourceId = doc.string("id", false);
            name = doc.string("name", false);
            String type = doc.string("type", false);
            if (type != null && !type.equalsIgnoreCase(ARM_TYPE)) {
                doc.problem("type", "'" + type + "' is not a backup policy resource; expected " + ARM_TYPE);
            }
            props = doc.field("properties");
        } else {
            name = doc.string("name", false);
        }
        if (!looksLikePolicy(props)) {
            throw new InvalidInputException(props.path(), "not an Azure backup policy: expected an object with"
                    + " objectType \"BackupPolicy\", datasourceTypes and policyRules, or the resource form"
                    + " {\"id\", \"name\", \"properties\": {...}}");
        }
        if (props.objectType("BackupPolicy") == null) {
            throw new InvalidInputException(problems);
        }
        List<String> datasourceTypes = props.list("datasourceTypes", true, PolicyReader::datasourceType);
        List<BackupRule> backupRules = new ArrayList<>();
        List<RetentionRule> retentionRules = new ArrayList<>();
        List<String> backupPaths = new ArrayList<>();
        List<String> retentionPaths = new ArrayList<>();
        List<JsonCursor> rules = props.array("policyRules", true);
        if (rules != null) {
            for (JsonCursor rule : rules) {
                if (!rule.node().isObject()) {
                    rule.problem("must be an object, found " + JsonCursor.describe(rule.node()));
                    continue;
                }
                String type = rule.objectType("AzureBackupRule", "AzureRetentionRule");
                if ("AzureBackupRule".equals(type)) {
                    backupRules.add(backupRule(rule));
                    backupPaths.add(rule.path());
                } else if ("AzureRetentionRule".equals(type)) {
                    retentionRules.add(retentionRule(rule));
                    retentionPaths.add(rule.path());
                }
            }
        }
        if (resource) {
            ArmEnvelope.refuseUnknownFields(doc, "a backup policy resource");
            props.refuseUnknownFields("BackupPolicy", POLICY);
        } else {
            props.refuseUnknownFields("BackupPolicy", POLICY_TEMPLATE);
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        BackupPolicy policy = new BackupPolicy(name == null || name.isBlank() ? defaultName : name,
                datasourceTypes, backupRules, retentionRules);
        return new PolicyDocument(policy, resourceId, props.path(), backupPaths, retentionPaths);
    }

    private static boolean looksLikePolicy(JsonCursor props) {
        return props.has("objectType") || props.has("policyRules") || props.has("datasourceTypes");
    }

    private static String datasourceType(JsonCursor item) {
        String text = item.asString();
        if (text == null) {
            return null;
        }
        if (text.isBlank()) {
            item.problem("must not be empty; expected " + BackupPolicy.AKS_DATASOURCE_TYPE);
            return null;
        }
        return text.strip().equalsIgnoreCase(BackupPolicy.AKS_DATASOURCE_TYPE) ? BackupPolicy.AKS_DATASOURCE_TYPE : text;
    }

    private BackupRule backupRule(JsonCursor rule) {
        int before = problems.size();
        String name = rule.string("name", true);
        String backupType = null;
        JsonCursor params = rule.object("backupParameters", true);
        if (params != null) {
            params.objectType("AzureBackupParams");
            backupType = params.string("backupType", true);
            params.refuseUnknownFields("AzureBackupParams", BACKUP_PARAMS);
        }
        DataStoreType store = dataStore(rule.object("dataStore", true));
        Trigger trigger = trigger(rule.object("trigger", true));
        rule.refuseUnknownFields("AzureBackupRule", BACKUP_RULE);
        return problems.size() > before ? null : new BackupRule(name, backupType, store, trigger);
    }

    private DataStoreType dataStore(JsonCursor store) {
        if (store == null) {
            return null;
        }
        store.objectType("DataStoreInfoBase");
        store.refuseUnknownFields("DataStoreInfoBase", DATA_STORE);
        String text = store.string("dataStoreType", true);
        if (text == null) {
            return null;
        }
        try {
            return DataStoreType.parse(text.strip());
        } catch (IllegalArgumentException e) {
            store.problem("dataStoreType", "'" + text + "' is not supported for AKS; expected OperationalStore or VaultStore");
            return null;
        }
    }

    private Trigger trigger(JsonCursor trigger) {
        if (trigger == null) {
            return null;
        }
        String type = trigger.objectType("ScheduleBasedTriggerContext", "AdhocBasedTriggerContext");
        if ("AdhocBasedTriggerContext".equals(type)) {
            trigger.refuseUnknownFields("AdhocBasedTriggerContext", ADHOC_TRIGGER);
            JsonCursor tagging = trigger.object("taggingCriteria", true);
            JsonCursor tagInfo = tagging == null ? null : tagging.object("tagInfo", false);
            if (tagging != null) {
                tagging.refuseUnknownFields("AdhocBasedTaggingCriteria", ADHOC_TAGGING);
            }
            if (tagInfo != null) {
                tagInfo.refuseUnknownFields("RetentionTag", TAG_INFO);
            }
            return new AdhocTrigger(tagInfo == null ? null : tagInfo.string("tagName", true));
        }
        if (type == null) {
            return null;
        }
        trigger.refuseUnknownFields("ScheduleBasedTriggerContext", SCHEDULE_TRIGGER);
        Schedule schedule = null;
        JsonCursor s = trigger.object("schedule", true);
        if (s != null) {
            s.refuseUnknownFields("BackupSchedule", SCHEDULE);
            List<String> intervals = s.strings("repeatingTimeIntervals", true);
            String zone = s.string("timeZone", false);
            if (intervals != null) {
                schedule = new Schedule(intervals, zone == null || zone.isBlank() ? null : zone);
            }
        }
        List<TaggingCriteria> tags = trigger.list("taggingCriteria", true, this::taggingCriteria);
        return schedule == null || tags == null ? null : new ScheduleTrigger(schedule, tags);
    }

    private TaggingCriteria taggingCriteria(JsonCursor tag) {
        if (!isObject(tag)) {
            return null;
        }
        int before = problems.size();
        JsonCursor info = tag.object("tagInfo", true);
        String tagName = info == null ? null : info.string("tagName", true);
        if (info != null) {
            info.refuseUnknownFields("RetentionTag", TAG_INFO);
        }
        Integer priority = tag.integer("taggingPriority", true);
        Boolean isDefault = tag.bool("isDefault", true, null);
        List<BackupCriteria> criteria = tag.list("criteria", false, this::criteria);
        tag.refuseUnknownFields("TaggingCriteria", TAGGING);
        if (problems.size() > before) {
            return null;
        }
        return new TaggingCriteria(tagName, priority, isDefault, criteria);
    }

    private BackupCriteria criteria(JsonCursor c) {
        if (!isObject(c)) {
            return null;
        }
        int before = problems.size();
        c.objectType("ScheduleBasedBackupCriteria");
        List<AbsoluteMarker> absolute = c.list("absoluteCriteria", false, i -> i.asEnum(AbsoluteMarker.values()));
        List<DayOfWeek> days = c.list("daysOfTheWeek", false, i -> i.asEnum(DayOfWeek.values(), PolicyWriter::capitalized));
        List<WeekNumber> weeks = c.list("weeksOfTheMonth", false, i -> i.asEnum(WeekNumber.values()));
        List<Month> months = c.list("monthsOfYear", false, i -> i.asEnum(Month.values(), PolicyWriter::capitalized));
        List<DayOfMonth> daysOfMonth = c.list("daysOfMonth", false, PolicyReader::dayOfMonth);
        List<String> times = c.strings("scheduleTimes", false);
        c.refuseUnknownFields("ScheduleBasedBackupCriteria", CRITERIA);
        if (problems.size() > before) {
            return null;
        }
        return new BackupCriteria(absolute, days, weeks, months, daysOfMonth, times);
    }

    private static DayOfMonth dayOfMonth(JsonCursor d) {
        if (!d.node().isObject()) {
            d.problem("must be an object such as {\"date\": 1} or {\"isLast\": true}, found " + JsonCursor.describe(d.node()));
            return null;
        }
        d.refuseUnknownFields("Day", DAY);
        Boolean isLast = d.bool("isLast", false, false);
        if (isLast == null) {
            return null;
        }
        Integer date = d.integer("date", !isLast);
        if (isLast) {
            return new DayOfMonth(date == null ? 0 : date, true);
        }
        if (date == null) {
            return null;
        }
        if (date < 1 || date > 31) {
            d.problem("date", "must be a day of the month from 1 to 28 (or isLast true), found " + date);
            return null;
        }
        return new DayOfMonth(date, false);
    }

    private RetentionRule retentionRule(JsonCursor rule) {
        int before = problems.size();
        String name = rule.string("name", true);
        Boolean isDefault = rule.bool("isDefault", false, false);
        List<SourceLifeCycle> lifecycles = rule.list("lifecycles", true, this::lifecycle);
        rule.refuseUnknownFields("AzureRetentionRule", RETENTION_RULE);
        return problems.size() > before ? null : new RetentionRule(name, isDefault, lifecycles);
    }

    private SourceLifeCycle lifecycle(JsonCursor l) {
        if (!isObject(l)) {
            return null;
        }
        int before = problems.size();
        IsoDuration deleteAfter = null;
        JsonCursor delete = l.object("deleteAfter", true);
        if (delete != null) {
            delete.objectType("AbsoluteDeleteOption");
            deleteAfter = duration(delete);
            delete.refuseUnknownFields("AbsoluteDeleteOption", DURATION_OPTION);
        }
        DataStoreType source = dataStore(l.object("sourceDataStore", true));
        List<TargetCopySetting> copies = l.list("targetDataStoreCopySettings", false, this::copySetting);
        l.refuseUnknownFields("SourceLifeCycle", LIFECYCLE);
        return problems.size() > before ? null : new SourceLifeCycle(deleteAfter, source, copies);
    }

    private TargetCopySetting copySetting(JsonCursor c) {
        if (!isObject(c)) {
            return null;
        }
        int before = problems.size();
        CopyOption option = null;
        JsonCursor after = c.object("copyAfter", true);
        if (after != null) {
            String type = after.objectType("ImmediateCopyOption", "CopyOnExpiryOption", "CustomCopyOption");
            if ("ImmediateCopyOption".equals(type)) {
                option = new CopyOption.Immediate();
            } else if ("CopyOnExpiryOption".equals(type)) {
                option = new CopyOption.OnExpiry();
            } else if ("CustomCopyOption".equals(type)) {
                IsoDuration d = duration(after);
                option = d == null ? null : new CopyOption.Custom(d);
            }
            if (type != null) {
                // A duration on ImmediateCopyOption or CopyOnExpiryOption would be a delay never applied.
                after.refuseUnknownFields(type, "CustomCopyOption".equals(type) ? DURATION_OPTION : PLAIN_COPY_OPTION);
            }
        }
        DataStoreType target = dataStore(c.object("dataStore", true));
        c.refuseUnknownFields("TargetCopySetting", COPY_SETTING);
        return problems.size() > before ? null : new TargetCopySetting(target, option);
    }

    private static IsoDuration duration(JsonCursor holder) {
        String text = holder.string("duration", true);
        if (text == null) {
            return null;
        }
        try {
            return IsoDuration.parse(text);
        } catch (IllegalArgumentException e) {
            holder.problem("duration", e.getMessage());
            return null;
        }
    }

    private static boolean isObject(JsonCursor c) {
        if (!c.node().isObject()) {
            c.problem("must be an object, found " + JsonCursor.describe(c.node()));
            return false;
        }
        return true;
    }
}
