package io.github.aksbackup.policy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.aksbackup.api.DataStoreType;
import io.github.aksbackup.api.IsoDuration;
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
import io.github.aksbackup.schedule.RepeatingInterval;
import io.github.aksbackup.schedule.ScheduleZones;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A policy explained for people and scripts: when backups run (in which time zone), which tags they
 * get in priority order, and how long each tag's recovery points stay in each tier, with the copy
 * to the vault. Used by {@code aks-backup policy show}; expects a policy that passed validation.
 */
public final class PolicySummary {

    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private final BackupPolicy policy;

    private PolicySummary(BackupPolicy policy) {
        this.policy = Objects.requireNonNull(policy, "policy");
    }

    /** The summary of a valid policy. */
    public static PolicySummary of(BackupPolicy policy) {
        return new PolicySummary(policy);
    }

    /** One line: name, frequency, tags and retention at a glance. */
    public String oneLine() {
        String schedule = policy.scheduledRule().map(r -> {
            ScheduleTrigger t = (ScheduleTrigger) r.trigger();
            String every = t.schedule().repeatingTimeIntervals().stream().map(PolicySummary::frequency)
                    .collect(Collectors.joining(", "));
            return every + " (" + zoneName(t.schedule().timeZone()) + ")";
        }).orElse("no schedule");
        String tags = tags().stream().map(t -> t.tagName() + " " + t.priority()).collect(Collectors.joining(", "));
        String retention = policy.retentionRules().stream().map(r -> r.name() + " " + tiersShort(r))
                .collect(Collectors.joining("; "));
        return "policy '" + policy.name() + "': " + schedule + "; tags " + tags + "; retention " + retention;
    }

    /** The summary as lines of text. */
    public List<String> lines() {
        List<String> out = new ArrayList<>();
        out.add("Policy " + policy.name() + " (" + String.join(", ", policy.datasourceTypes()) + ")");
        out.add("Schedule");
        for (BackupRule rule : policy.backupRules()) {
            if (rule.trigger() instanceof ScheduleTrigger t) {
                String zone = t.schedule().timeZone();
                out.add("  rule " + rule.name() + ": " + rule.backupType() + " backup to " + rule.dataStore());
                for (String text : t.schedule().repeatingTimeIntervals()) {
                    out.add("  " + frequency(text) + ", first at " + firstRun(text, zone) + "   (" + text + ")");
                }
                out.add("  time zone: " + zoneName(zone));
            } else {
                out.add("  rule " + rule.name() + ": on demand only");
            }
        }
        out.add("Tags (a backup gets the matching tag with the lowest priority number)");
        int width = tags().stream().mapToInt(t -> t.tagName().length()).max().orElse(0);
        for (TaggingCriteria t : tags()) {
            out.add("  " + pad(t.tagName(), width) + "  priority " + pad(String.valueOf(t.priority()), 3) + "  "
                    + (t.isDefault() ? "default: every backup no other tag takes" : criteria(t.criteria())));
        }
        out.add("Retention");
        width = policy.retentionRules().stream().mapToInt(r -> r.name().length()).max().orElse(0);
        for (RetentionRule r : policy.retentionRules()) {
            List<String> tiers = new ArrayList<>();
            for (SourceLifeCycle l : r.lifecycles()) {
                String tier = l.sourceDataStore() + " " + words(l.deleteAfter());
                for (TargetCopySetting c : l.targetDataStoreCopySettings()) {
                    tier += ", " + copy(c);
                }
                tiers.add(tier);
            }
            out.add("  " + pad(r.name(), width) + "  " + String.join("; ", tiers) + (r.isDefault() ? "   (default rule)" : ""));
        }
        return out;
    }

    /** The summary as JSON, for scripts. */
    public String json() {
        ObjectNode root = JsonDocuments.object();
        root.put("name", policy.name());
        ArrayNode types = root.putArray("datasourceTypes");
        policy.datasourceTypes().forEach(types::add);
        ArrayNode schedules = root.putArray("schedules");
        for (BackupRule rule : policy.backupRules()) {
            if (rule.trigger() instanceof ScheduleTrigger t) {
                ObjectNode s = schedules.addObject();
                s.put("rule", rule.name());
                s.put("backupType", rule.backupType());
                s.put("timeZone", zoneName(t.schedule().timeZone()));
                ZoneId zone = ScheduleZones.resolve(t.schedule().timeZone());
                s.put("zoneId", zone.normalized().equals(java.time.ZoneOffset.UTC) ? "UTC" : zone.getId());
                ArrayNode intervals = s.putArray("repeatingTimeIntervals");
                for (String text : t.schedule().repeatingTimeIntervals()) {
                    ObjectNode i = intervals.addObject();
                    i.put("interval", text);
                    i.put("frequency", RepeatingInterval.parse(text).period().toString());
                    i.put("firstRun", RepeatingInterval.parse(text).start(ScheduleZones.resolve(t.schedule().timeZone())).toString());
                }
            }
        }
        ArrayNode tags = root.putArray("tags");
        for (TaggingCriteria t : tags()) {
            ObjectNode n = tags.addObject();
            n.put("name", t.tagName());
            n.put("priority", t.priority());
            n.put("isDefault", t.isDefault());
            n.put("criteria", t.isDefault() ? "every backup no other tag takes" : criteria(t.criteria()));
        }
        ArrayNode retention = root.putArray("retention");
        for (RetentionRule r : policy.retentionRules()) {
            ObjectNode n = retention.addObject();
            n.put("name", r.name());
            n.put("isDefault", r.isDefault());
            ArrayNode tiers = n.putArray("tiers");
            for (SourceLifeCycle l : r.lifecycles()) {
                ObjectNode tier = tiers.addObject();
                tier.put("dataStore", l.sourceDataStore().name());
                tier.put("deleteAfter", l.deleteAfter().toString());
                for (TargetCopySetting c : l.targetDataStoreCopySettings()) {
                    ObjectNode copy = tier.putObject("copy");
                    copy.put("to", c.dataStore().name());
                    copy.put("option", PolicyWriter.copyOptionType(c.copyAfter()));
                    if (c.copyAfter() instanceof CopyOption.Custom custom) {
                        copy.put("after", custom.duration().toString());
                    }
                }
            }
        }
        return JsonDocuments.write(root);
    }

    private List<TaggingCriteria> tags() {
        return policy.scheduledRule().map(r -> ((ScheduleTrigger) r.trigger()).byPriority()).orElse(List.of());
    }

    private static String zoneName(String timeZone) {
        ZoneId zone = ScheduleZones.resolve(timeZone);
        if (timeZone == null || timeZone.isBlank()) {
            return "UTC";
        }
        boolean utc = zone.normalized().equals(java.time.ZoneOffset.UTC);
        return timeZone.strip().equals(zone.getId()) || utc ? timeZone.strip() : timeZone.strip() + " = " + zone.getId();
    }

    private static String frequency(String interval) {
        IsoDuration p = RepeatingInterval.parse(interval).period();
        return "every " + (p.equals(IsoDuration.parse("P1D")) ? "day" : words(p));
    }

    private static String firstRun(String interval, String timeZone) {
        ZoneId zone = ScheduleZones.resolve(timeZone);
        ZonedDateTime first = RepeatingInterval.parse(interval).start(zone).atZone(zone);
        return LOCAL.format(first) + " " + (zone.normalized().equals(java.time.ZoneOffset.UTC) ? "UTC" : zone.getId());
    }

    private static String tiersShort(RetentionRule r) {
        return r.lifecycles().stream().map(l -> l.sourceDataStore() == DataStoreType.OperationalStore
                        ? "operational " + l.deleteAfter() : "vault " + l.deleteAfter())
                .collect(Collectors.joining(" + "));
    }

    private static String copy(TargetCopySetting c) {
        String to = "copied to " + c.dataStore();
        if (c.copyAfter() instanceof CopyOption.Immediate) {
            return to + " immediately";
        }
        if (c.copyAfter() instanceof CopyOption.OnExpiry) {
            return to + " when the operational copy expires";
        }
        return to + " after " + words(((CopyOption.Custom) c.copyAfter()).duration());
    }

    /** The criteria in words; several criteria are alternatives. */
    static String criteria(List<BackupCriteria> criteria) {
        return criteria.stream().map(PolicySummary::criterion).collect(Collectors.joining(" or "));
    }

    private static String criterion(BackupCriteria c) {
        List<String> parts = new ArrayList<>();
        c.absoluteCriteria().forEach(m -> parts.add(switch (m) {
            case AllBackup -> "every backup";
            case FirstOfDay -> "first backup of each day";
            case FirstOfWeek -> "first backup of each week";
            case FirstOfMonth -> "first backup of each month";
            case FirstOfYear -> "first backup of each year";
        }));
        String weeks = c.weeksOfTheMonth().stream().map(Enum::name).collect(Collectors.joining("/"));
        String days = c.daysOfTheWeek().stream().map(PolicyWriter::capitalized).collect(Collectors.joining("/"));
        if (!weeks.isEmpty() && !days.isEmpty()) {
            parts.add("on the " + weeks + " " + days + " of the month");
        } else if (!weeks.isEmpty()) {
            parts.add("in the " + weeks + " week of the month");
        } else if (!days.isEmpty()) {
            parts.add("on " + days);
        }
        if (!c.daysOfMonth().isEmpty()) {
            parts.add("on day " + c.daysOfMonth().stream().map(PolicySummary::day).collect(Collectors.joining("/")) + " of the month");
        }
        if (!c.monthsOfYear().isEmpty()) {
            parts.add("in " + c.monthsOfYear().stream().map(PolicyWriter::capitalized).collect(Collectors.joining("/")));
        }
        if (!c.scheduleTimes().isEmpty()) {
            parts.add("at " + String.join("/", c.scheduleTimes()));
        }
        return String.join(", ", parts);
    }

    private static String day(DayOfMonth d) {
        return d.isLast() ? "last" : String.valueOf(d.date());
    }

    /** {@code P7D} → {@code 7 days}, {@code PT4H} → {@code 4 hours}, {@code P1DT12H} → {@code 1 day 12 hours}. */
    static String words(IsoDuration d) {
        List<String> parts = new ArrayList<>();
        unit(parts, d.period().getYears(), "year");
        unit(parts, d.period().getMonths(), "month");
        unit(parts, d.period().getDays(), "day");
        unit(parts, d.time().toHours(), "hour");
        unit(parts, d.time().toMinutesPart(), "minute");
        unit(parts, d.time().toSecondsPart(), "second");
        return parts.isEmpty() ? "0 seconds" : String.join(" ", parts);
    }

    private static void unit(List<String> parts, long n, String unit) {
        if (n != 0) {
            parts.add(n + " " + unit + (n == 1 ? "" : "s"));
        }
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }
}
