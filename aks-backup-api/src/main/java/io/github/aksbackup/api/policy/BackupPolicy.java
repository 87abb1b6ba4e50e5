package io.github.aksbackup.api.policy;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A backup policy as Azure Data Protection defines it for AKS: when backups run and how they are
 * tagged ({@link BackupRule}), and how long each tag's recovery points are kept in which tier
 * ({@link RetentionRule}).
 *
 * <p>The record checks structure only; semantic checks (interval syntax, allowed frequencies, one
 * default tag, retention limits) belong to the policy validator, which reports every problem at once.
 *
 * @param name policy name
 * @param datasourceTypes protected datasource types, normally {@code Microsoft.ContainerService/managedClusters}
 * @param backupRules the backup rules (AKS policies have exactly one)
 * @param retentionRules the retention rules, one per tag, one of them the default
 */
public record BackupPolicy(String name, List<String> datasourceTypes, List<BackupRule> backupRules,
        List<RetentionRule> retentionRules) {

    /** Azure's datasource type for AKS clusters. */
    public static final String AKS_DATASOURCE_TYPE = "Microsoft.ContainerService/managedClusters";

    public BackupPolicy {
        Objects.requireNonNull(name, "name");
        datasourceTypes = List.copyOf(Objects.requireNonNull(datasourceTypes, "datasourceTypes"));
        backupRules = List.copyOf(Objects.requireNonNull(backupRules, "backupRules"));
        retentionRules = List.copyOf(Objects.requireNonNull(retentionRules, "retentionRules"));
    }

    /** The first backup rule with a schedule trigger, if any. */
    public Optional<BackupRule> scheduledRule() {
        return backupRules.stream().filter(r -> r.trigger() instanceof ScheduleTrigger).findFirst();
    }

    /** The retention rule marked default, if any. */
    public Optional<RetentionRule> defaultRetentionRule() {
        return retentionRules.stream().filter(RetentionRule::isDefault).findFirst();
    }

    /** The retention rule with this name (case-insensitive), if any. */
    public Optional<RetentionRule> retentionRule(String ruleName) {
        return retentionRules.stream().filter(r -> r.name().equalsIgnoreCase(ruleName)).findFirst();
    }
}
