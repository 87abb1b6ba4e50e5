package io.github.aksbackup.api.policy;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Azure's {@code ScheduleBasedTriggerContext}: a schedule and the tagging criteria that give each
 * scheduled recovery point its tag.
 */
public record ScheduleTrigger(Schedule schedule, List<TaggingCriteria> taggingCriteria) implements Trigger {
    public ScheduleTrigger {
        Objects.requireNonNull(schedule, "schedule");
        taggingCriteria = List.copyOf(Objects.requireNonNull(taggingCriteria, "taggingCriteria"));
    }

    /** The tagging criterion marked default, if any. */
    public Optional<TaggingCriteria> defaultTag() {
        return taggingCriteria.stream().filter(TaggingCriteria::isDefault).findFirst();
    }

    /** The tagging criteria ordered by priority, lowest number (strongest) first. */
    public List<TaggingCriteria> byPriority() {
        return taggingCriteria.stream().sorted(Comparator.comparingInt(TaggingCriteria::priority)).toList();
    }
}
