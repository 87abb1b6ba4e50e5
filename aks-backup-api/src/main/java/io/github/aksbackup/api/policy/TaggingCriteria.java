package io.github.aksbackup.api.policy;

import java.util.List;
import java.util.Objects;

/**
 * One tag a scheduled recovery point can get: its name, its priority (lowest number wins when a
 * backup meets several), whether it is the default tag (met by every backup), and the criteria
 * (any one matching is enough) that a non-default tag requires.
 */
public record TaggingCriteria(String tagName, int priority, boolean isDefault, List<BackupCriteria> criteria) {
    public TaggingCriteria {
        Objects.requireNonNull(tagName, "tagName");
        criteria = List.copyOf(Objects.requireNonNull(criteria, "criteria"));
    }
}
