package io.github.aksbackup.policy;

import io.github.aksbackup.api.policy.BackupPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A policy together with where its parts stand in the JSON document it was read from, so that
 * problems found later (by {@link PolicyValidator}) point at the right place: Azure's {@code
 * policyRules} array mixes backup and retention rules in any order, while {@link BackupPolicy} keeps
 * them apart.
 *
 * @param policy the policy
 * @param resourceId the ARM resource id when the document was in resource form, else {@code null}
 * @param propertiesPath location of the policy properties: {@code $}, or {@code $.properties} in resource form
 * @param backupRulePaths location of each backup rule, in {@link BackupPolicy#backupRules()} order
 * @param retentionRulePaths location of each retention rule, in {@link BackupPolicy#retentionRules()} order
 */
public record PolicyDocument(BackupPolicy policy, String resourceId, String propertiesPath,
        List<String> backupRulePaths, List<String> retentionRulePaths) {

    public PolicyDocument {
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(propertiesPath, "propertiesPath");
        backupRulePaths = List.copyOf(backupRulePaths);
        retentionRulePaths = List.copyOf(retentionRulePaths);
        if (backupRulePaths.size() != policy.backupRules().size()
                || retentionRulePaths.size() != policy.retentionRules().size()) {
            throw new IllegalArgumentException("one location per rule is needed: " + policy.backupRules().size()
                    + " backup and " + policy.retentionRules().size() + " retention rules");
        }
    }

    /** The locations {@link PolicyJson#write} gives: properties at {@code $}, backup rules first. */
    public static PolicyDocument of(BackupPolicy policy) {
        List<String> backup = new ArrayList<>();
        List<String> retention = new ArrayList<>();
        int i = 0;
        for (int b = 0; b < policy.backupRules().size(); b++) {
            backup.add("$.policyRules[" + i++ + "]");
        }
        for (int r = 0; r < policy.retentionRules().size(); r++) {
            retention.add("$.policyRules[" + i++ + "]");
        }
        return new PolicyDocument(policy, null, "$", backup, retention);
    }

    /** A location below the policy properties, such as {@code datasourceTypes}. */
    public String path(String relative) {
        return propertiesPath + "." + relative;
    }
}
