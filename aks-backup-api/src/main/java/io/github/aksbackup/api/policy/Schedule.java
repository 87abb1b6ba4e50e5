package io.github.aksbackup.api.policy;

import java.util.List;
import java.util.Objects;

/**
 * Azure's backup schedule: ISO 8601 repeating intervals such as {@code R/2023-01-04T09:00:00+00:00/PT4H}
 * and the time zone (IANA id or Windows name such as {@code India Standard Time}; {@code null} = UTC)
 * in which daily slots keep their local time and calendar periods for tags are taken.
 *
 * <p>Kept as text, exactly as written, so a validator can report every bad interval with its place.
 */
public record Schedule(List<String> repeatingTimeIntervals, String timeZone) {
    public Schedule {
        repeatingTimeIntervals = List.copyOf(Objects.requireNonNull(repeatingTimeIntervals, "repeatingTimeIntervals"));
    }
}
