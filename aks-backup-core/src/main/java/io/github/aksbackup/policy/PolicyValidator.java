package io.github.aksbackup.policy;

import io.github.aksbackup.api.DataStoreType;
import io.github.aksbackup.api.IsoDuration;
import io.github.aksbackup.api.ValidationProblem;
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
import io.github.aksbackup.retention.RetentionChecks;
import io.github.aksbackup.schedule.RepeatingInterval;
import io.github.aksbackup.schedule.ScheduleZones;
import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks that a {@link BackupPolicy} is one Azure Backup for AKS accepts and the engine can run, and
 * returns <em>every</em> problem, each located as in the JSON document ({@code
 * $.policyRules[0].trigger.schedule.repeatingTimeIntervals[0]}).
 *
 * <p>Checked: the datasource type; exactly one backup rule, scheduled, {@code Incremental}, into {@code
 * OperationalStore} (no {@code AdhocBasedTriggerContext} rules: nothing would read their tag); repeating-interval syntax and a frequency of PT4H, PT6H, PT8H, PT12H or P1D (any
 * interval of at least PT1H with {@link Options#allowAnyInterval()}); a known time zone; exactly one
 * default tagging criterion and one default retention rule; distinct tag names and priorities;
 * criteria that say something; a retention rule of the same name for every non-default tag and a tag
 * for every non-default retention rule; operational {@code deleteAfter} at most P360D; positive
 * durations; copies only from {@code OperationalStore} to {@code VaultStore}, with a vault lifecycle
 * that outlives the copy (the engine's {@link RetentionChecks}).
 *
 * <p>{@code PolicyValidator.validate(policy)} is the short form; {@link Policies#read} reads and
 * validates in one step and throws with all problems.
 */
public final class PolicyValidator {

    /**
     * Validation options.
     *
     * @param allowAnyInterval accept any backup frequency of at least {@code shortestInterval}, not only
     *        the ones Azure offers (PT4H, PT6H, PT8H, PT12H, P1D), for use outside Azure
     * @param shortestInterval the shortest frequency {@code allowAnyInterval} accepts: PT1H, or less for
     *        tests that watch a schedule run on the wall clock (at least PT1S)
     */
    public record Options(boolean allowAnyInterval, IsoDuration shortestInterval) {
        /** Azure's rules. */
        public static final Options AZURE = new Options(false);

        public Options {
            shortestInterval = shortestInterval == null ? MIN_INTERVAL : shortestInterval;
            if (!shortestInterval.isExact() || shortestInterval.compareTo(IsoDuration.parse("PT1S")) < 0) {
                throw new IllegalArgumentException("shortestInterval must be a time of at least PT1S, was " + shortestInterval);
            }
        }

        /** Options with or without any interval of at least PT1H. */
        public Options(boolean allowAnyInterval) {
            this(allowAnyInterval, MIN_INTERVAL);
        }

        /** Options with any interval of at least PT1H allowed. */
        public static Options anyInterval() {
            return new Options(true);
        }

        /** Options with any interval of at least {@code shortest} allowed (PT1S or more; for tests on the wall clock). */
        public static Options anyIntervalDownTo(IsoDuration shortest) {
            return new Options(true, shortest);
        }
    }

    /** Frequencies Azure Backup for AKS offers. */
    public static final List<IsoDuration> AZURE_FREQUENCIES = List.of(IsoDuration.parse("PT4H"),
            IsoDuration.parse("PT6H"), IsoDuration.parse("PT8H"), IsoDuration.parse("PT12H"), IsoDuration.parse("P1D"));

    /** The longest operational retention Azure allows. */
    public static final IsoDuration MAX_OPERATIONAL_RETENTION = IsoDuration.parse("P360D");

    /**
     * The longest retention or copy delay accepted. Azure's own limits are far lower; this one keeps
     * expiry arithmetic on any recovery-point time well inside the range of {@link java.time.Instant}.
     */
    public static final IsoDuration MAX_DURATION = IsoDuration.parse("P100Y");

    private static final IsoDuration MIN_INTERVAL = IsoDuration.parse("PT1H");
    private static final Pattern RULE_REF = Pattern.compile("retentionRules\\['(.*?)'\\](.*)");
    private static final Pattern TAG_REF = Pattern.compile("taggingCriteria\\['(.*?)'\\](.*)");
    private static final Pattern RULE_INDEX = Pattern.compile("policyRules\\[(\\d+)\\]");

    private final Options options;

    /** A validator with the given options. */
    public PolicyValidator(Options options) {
        this.options = Objects.requireNonNull(options, "options");
    }

    /** Every problem of the policy under Azure's rules, located as {@link PolicyJson#write} lays it out. */
    public static List<ValidationProblem> validate(BackupPolicy policy) {
        return new PolicyValidator(Options.AZURE).check(PolicyDocument.of(policy));
    }

    /** Every problem of the policy, located as {@link PolicyJson#write} lays it out. */
    public static List<ValidationProblem> validate(BackupPolicy policy, Options options) {
        return new PolicyValidator(options).check(PolicyDocument.of(policy));
    }

    /** Every problem of the policy, located as in the document it was read from. */
    public static List<ValidationProblem> validate(PolicyDocument document, Options options) {
        return new PolicyValidator(options).check(document);
    }

    /** Every problem of the document's policy, in document order; empty when the policy is valid. */
    public List<ValidationProblem> check(PolicyDocument doc) {
        Run run = new Run(doc);
        run.datasourceTypes();
        run.backupRules();
        run.retentionRules();
        run.retentionChecks();
        return run.sorted();
    }

    /** One validation: the document, the problems found so far. */
    private final class Run {
        private final PolicyDocument doc;
        private final BackupPolicy policy;
        private final List<ValidationProblem> problems = new ArrayList<>();
        /** Path of the scheduled rule's trigger, or {@code null} when there is none. */
        private String triggerPath;
        private ScheduleTrigger trigger;

        Run(PolicyDocument doc) {
            this.doc = doc;
            this.policy = doc.policy();
        }

        private void add(String path, String message) {
            problems.add(new ValidationProblem(path, message));
        }

        void datasourceTypes() {
            List<String> types = policy.datasourceTypes();
            if (types.isEmpty()) {
                add(doc.path("datasourceTypes"), "is empty; expected [\"" + BackupPolicy.AKS_DATASOURCE_TYPE + "\"]");
            }
            for (int i = 0; i < types.size(); i++) {
                if (!types.get(i).equalsIgnoreCase(BackupPolicy.AKS_DATASOURCE_TYPE)) {
                    add(doc.path("datasourceTypes[" + i + "]"), "'" + types.get(i) + "' is not supported; aks-backup"
                            + " protects " + BackupPolicy.AKS_DATASOURCE_TYPE + " (any letter case)");
                }
            }
        }

        void backupRules() {
            List<BackupRule> rules = policy.backupRules();
            for (int i = 0; i < rules.size(); i++) {
                BackupRule rule = rules.get(i);
                String path = doc.backupRulePaths().get(i);
                if (!rule.backupType().strip().equalsIgnoreCase("Incremental")) {
                    add(path + ".backupParameters.backupType", "'" + rule.backupType()
                            + "' is not supported for AKS; expected Incremental");
                }
                if (rule.dataStore() != DataStoreType.OperationalStore) {
                    add(path + ".dataStore.dataStoreType", "AKS backups are taken to OperationalStore and reach the"
                            + " vault through copy settings of the retention rules; found " + rule.dataStore());
                }
                if (rule.trigger() instanceof ScheduleTrigger s) {
                    if (trigger != null) {
                        add(path + ".trigger", "a second scheduled backup rule; an AKS policy has exactly one");
                        continue;
                    }
                    trigger = s;
                    triggerPath = path + ".trigger";
                    schedule(s.schedule(), triggerPath + ".schedule");
                    tags(s.taggingCriteria());
                }
            }
            if (trigger == null) {
                add(doc.path("policyRules"), "has no AzureBackupRule with a ScheduleBasedTriggerContext; an AKS policy"
                        + " needs exactly one scheduled backup rule");
            }
            for (int i = 0; i < rules.size(); i++) {
                if (rules.get(i).trigger() instanceof AdhocTrigger) {
                    // Nothing would read it: on-demand backups take the default tag or the tag given with the backup.
                    add(doc.backupRulePaths().get(i) + ".trigger.objectType", "AdhocBasedTriggerContext is not supported for"
                            + " AKS: a policy has one backup rule, scheduled, and an on-demand backup takes the policy's default"
                            + " tag or the retention tag given with it (aks-backup backup --tag, BackupJobOptions.withRetentionTag);"
                            + " remove this rule");
                }
            }
        }

        private void schedule(Schedule schedule, String path) {
            List<String> intervals = schedule.repeatingTimeIntervals();
            if (intervals.isEmpty()) {
                add(path + ".repeatingTimeIntervals", "must hold at least one repeating interval such as"
                        + " R/2023-01-04T09:00:00+00:00/PT4H");
            }
            for (int i = 0; i < intervals.size(); i++) {
                String at = path + ".repeatingTimeIntervals[" + i + "]";
                RepeatingInterval interval;
                try {
                    interval = RepeatingInterval.parse(intervals.get(i));
                } catch (IllegalArgumentException e) {
                    add(at, e.getMessage());
                    continue;
                }
                frequency(interval.period(), at);
            }
            if (schedule.timeZone() != null) {
                try {
                    ScheduleZones.resolve(schedule.timeZone());
                } catch (IllegalArgumentException e) {
                    add(path + ".timeZone", e.getMessage());
                }
            }
        }

        private void frequency(IsoDuration period, String at) {
            if (options.allowAnyInterval()) {
                if (period.compareTo(options.shortestInterval()) < 0) {
                    add(at, "frequency " + period + " is shorter than " + options.shortestInterval()
                            + ", the shortest interval allowed");
                }
            } else if (!AZURE_FREQUENCIES.contains(period)) {
                add(at, "frequency " + period + " is not one Azure offers for AKS: PT4H, PT6H, PT8H, PT12H or P1D"
                        + " (allowAnyInterval accepts any interval of at least PT1H)");
            }
        }

        private void tags(List<TaggingCriteria> tags) {
            String base = triggerPath + ".taggingCriteria";
            TaggingCriteria firstDefault = null;
            Map<String, TaggingCriteria> byName = new HashMap<>();
            Map<Integer, TaggingCriteria> byPriority = new HashMap<>();
            for (int k = 0; k < tags.size(); k++) {
                TaggingCriteria tag = tags.get(k);
                String at = base + "[" + k + "]";
                if (tag.isDefault()) {
                    if (firstDefault != null) {
                        add(at + ".isDefault", "'" + tag.tagName() + "' is a second default tag; '"
                                + firstDefault.tagName() + "' is the default already, and there must be exactly one");
                    } else {
                        firstDefault = tag;
                    }
                    if (!tag.criteria().isEmpty()) {
                        add(at + ".criteria", "the default tag applies to every backup and takes no criteria");
                    }
                } else if (tag.criteria().isEmpty()) {
                    add(at + ".criteria", "tag '" + tag.tagName() + "' is not the default, so it needs at least one"
                            + " criterion saying which backups get it, such as absoluteCriteria [\"FirstOfDay\"]");
                }
                TaggingCriteria sameName = byName.putIfAbsent(tag.tagName().toLowerCase(Locale.ROOT), tag);
                if (sameName != null) {
                    add(at + ".tagInfo.tagName", "tag name '" + tag.tagName() + "' is used twice; tag names must differ");
                }
                TaggingCriteria samePriority = byPriority.putIfAbsent(tag.priority(), tag);
                if (samePriority != null) {
                    add(at + ".taggingPriority", "priority " + tag.priority() + " is also used by tag '"
                            + samePriority.tagName() + "'; priorities decide which tag wins, so they must differ");
                }
                for (int m = 0; m < tag.criteria().size(); m++) {
                    criterion(tag.criteria().get(m), at + ".criteria[" + m + "]");
                }
            }
            if (firstDefault == null) {
                add(base, "no tagging criterion has isDefault true; exactly one must be the default"
                        + " (Azure's is tagName Default, taggingPriority 99)");
            }
        }

        private void criterion(BackupCriteria c, String at) {
            if (c.absoluteCriteria().isEmpty() && c.daysOfTheWeek().isEmpty() && c.weeksOfTheMonth().isEmpty()
                    && c.monthsOfYear().isEmpty() && c.daysOfMonth().isEmpty() && c.scheduleTimes().isEmpty()) {
                add(at, "the criterion has no condition; give absoluteCriteria, daysOfTheWeek, weeksOfTheMonth,"
                        + " monthsOfYear, daysOfMonth or scheduleTimes");
            }
            if (!c.weeksOfTheMonth().isEmpty() && c.daysOfTheWeek().isEmpty()) {
                add(at + ".weeksOfTheMonth", "needs daysOfTheWeek as well, as in the First Sunday of the month");
            }
            for (int n = 0; n < c.daysOfMonth().size(); n++) {
                DayOfMonth d = c.daysOfMonth().get(n);
                if (!d.isLast() && d.date() > 28) {
                    add(at + ".daysOfMonth[" + n + "].date", "must be 1..28, or isLast true: day " + d.date()
                            + " does not occur in every month");
                }
            }
            for (int n = 0; n < c.scheduleTimes().size(); n++) {
                String t = c.scheduleTimes().get(n);
                if (!isDateTime(t)) {
                    add(at + ".scheduleTimes[" + n + "]", "'" + t + "' is not an ISO 8601 date-time such as"
                            + " 2023-01-04T09:00:00+00:00");
                }
            }
        }

        void retentionRules() {
            List<RetentionRule> rules = policy.retentionRules();
            RetentionRule firstDefault = null;
            Map<String, RetentionRule> byName = new HashMap<>();
            for (int j = 0; j < rules.size(); j++) {
                RetentionRule rule = rules.get(j);
                String path = doc.retentionRulePaths().get(j);
                if (rule.isDefault()) {
                    if (firstDefault != null) {
                        add(path + ".isDefault", "'" + rule.name() + "' is a second default retention rule; '"
                                + firstDefault.name() + "' is the default already, and there must be exactly one");
                    } else {
                        firstDefault = rule;
                    }
                } else if (trigger != null && !hasTag(rule.name())) {
                    add(path + ".name", "no tagging criterion is named '" + rule.name()
                            + "', so no recovery point ever gets this retention rule");
                }
                if (byName.putIfAbsent(rule.name().toLowerCase(Locale.ROOT), rule) != null) {
                    add(path + ".name", "retention rule name '" + rule.name() + "' is used twice; names must differ");
                }
                Map<DataStoreType, Integer> seen = new EnumMap<>(DataStoreType.class);
                for (int n = 0; n < rule.lifecycles().size(); n++) {
                    lifecycle(rule.lifecycles().get(n), path + ".lifecycles[" + n + "]", seen, n);
                }
            }
        }

        private boolean hasTag(String name) {
            // An ad-hoc rule's tag is refused on its own; the retention rule it names is not a second problem.
            boolean scheduled = trigger.taggingCriteria().stream().anyMatch(t -> t.tagName().equalsIgnoreCase(name));
            boolean adhoc = policy.backupRules().stream().anyMatch(r -> r.trigger() instanceof AdhocTrigger a
                    && a.tagName() != null && a.tagName().equalsIgnoreCase(name));
            return scheduled || adhoc;
        }

        private void lifecycle(SourceLifeCycle l, String at, Map<DataStoreType, Integer> seen, int index) {
            Integer earlier = seen.putIfAbsent(l.sourceDataStore(), index);
            if (earlier != null) {
                add(at + ".sourceDataStore.dataStoreType", "a second lifecycle for " + l.sourceDataStore()
                        + " (the first is lifecycles[" + earlier + "]); each data store has at most one");
            }
            tooLong(l.deleteAfter(), at + ".deleteAfter.duration");
            if (l.sourceDataStore() == DataStoreType.OperationalStore
                    && l.deleteAfter().compareTo(MAX_OPERATIONAL_RETENTION) > 0) {
                String days = l.deleteAfter().period().getMonths() == 0 && l.deleteAfter().period().getYears() == 0
                        ? "" : " (" + Math.round(l.deleteAfter().approximateDays()) + " days)";
                add(at + ".deleteAfter.duration", l.deleteAfter() + days + " is longer than " + MAX_OPERATIONAL_RETENTION
                        + ", the longest the operational tier keeps recovery points; copy them to VaultStore"
                        + " to keep them longer");
            }
            List<TargetCopySetting> copies = l.targetDataStoreCopySettings();
            for (int m = 0; m < copies.size(); m++) {
                TargetCopySetting copy = copies.get(m);
                String c = at + ".targetDataStoreCopySettings[" + m + "]";
                if (l.sourceDataStore() != DataStoreType.OperationalStore) {
                    add(c, "copies go from OperationalStore to VaultStore only; a " + l.sourceDataStore()
                            + " lifecycle cannot copy");
                } else if (copy.dataStore() != DataStoreType.VaultStore) {
                    add(c + ".dataStore.dataStoreType", "copies go from OperationalStore to VaultStore only; found "
                            + copy.dataStore());
                } else if (m > 0) {
                    add(c, "a second copy to VaultStore; a lifecycle copies to the vault once");
                }
                if (copy.copyAfter() instanceof CopyOption.Custom custom) {
                    if (custom.duration().isZero()) {
                        add(c + ".copyAfter.duration", "must be longer than zero; use ImmediateCopyOption to copy at once");
                    }
                    tooLong(custom.duration(), c + ".copyAfter.duration");
                }
            }
        }

        private void tooLong(IsoDuration d, String at) {
            if (d.compareTo(MAX_DURATION) > 0) {
                add(at, d + " is longer than " + MAX_DURATION + ", the longest duration aks-backup accepts");
            }
        }

        /** The engine's retention checks, with their paths moved onto the document. */
        void retentionChecks() {
            for (ValidationProblem p : RetentionChecks.check(policy)) {
                add(locate(p.path()), p.message());
            }
        }

        private String locate(String path) {
            Matcher rule = RULE_REF.matcher(path);
            if (rule.matches()) {
                for (int j = 0; j < policy.retentionRules().size(); j++) {
                    if (policy.retentionRules().get(j).name().equals(rule.group(1))) {
                        return doc.retentionRulePaths().get(j) + rule.group(2);
                    }
                }
            }
            Matcher tag = TAG_REF.matcher(path);
            if (tag.matches() && trigger != null) {
                for (int k = 0; k < trigger.taggingCriteria().size(); k++) {
                    if (trigger.taggingCriteria().get(k).tagName().equals(tag.group(1))) {
                        return triggerPath + ".taggingCriteria[" + k + "]" + tag.group(2);
                    }
                }
            }
            return path.equals("retentionRules") ? doc.path("policyRules") : doc.path(path);
        }

        /** The problems in the order of the policy rules they are about; within a rule, in the order found. */
        List<ValidationProblem> sorted() {
            List<ValidationProblem> out = new ArrayList<>(problems);
            out.sort(Comparator.comparingInt(p -> ruleIndex(p.path())));
            return List.copyOf(out);
        }
    }

    private static boolean isDateTime(String text) {
        try {
            OffsetDateTime.parse(text);
            return true;
        } catch (DateTimeException e) {
            try {
                LocalDateTime.parse(text);
                return true;
            } catch (DateTimeException e2) {
                return false;
            }
        }
    }

    /** The index of the policy rule a path points into, or -1 for paths above the rules. */
    static int ruleIndex(String path) {
        Matcher m = RULE_INDEX.matcher(path);
        return m.find() ? Integer.parseInt(m.group(1)) : -1;
    }
}
