package io.github.aksbackup.schedule;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What one {@link ProtectionEngine#runDue()} pass did, in order per instance (instances in the order
 * the {@link ProtectionSource} listed them).
 */
public record RunReport(Instant at, List<EngineEvent> events) {
    public RunReport {
        Objects.requireNonNull(at, "at");
        events = List.copyOf(Objects.requireNonNull(events, "events"));
    }

    /** The events of one kind. */
    public List<EngineEvent> events(EngineEvent.Kind kind) {
        return events.stream().filter(e -> e.kind() == kind).toList();
    }

    /** The events of one instance. */
    public List<EngineEvent> events(String instanceName) {
        return events.stream().filter(e -> e.instanceName().equals(instanceName)).toList();
    }
}
