package io.github.aksbackup.restore;

import io.github.aksbackup.spi.ClusterClient;
import io.github.aksbackup.spi.GroupKind;
import io.github.aksbackup.spi.ResourceType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The types the target cluster serves, as of the last discovery; and the wait for a custom type to
 * be served once this restore has created its CustomResourceDefinition (the API server serves it a
 * moment later).
 */
final class ServedTypes {
    private static final long PAUSE_MILLIS = 500;

    private final ClusterClient target;
    private final Clock clock;
    private final Duration typeWaitTimeout;
    private final Map<GroupKind, ResourceType> served = new ConcurrentHashMap<>();

    ServedTypes(ClusterClient target, Clock clock, Duration typeWaitTimeout) {
        this.target = target;
        this.clock = clock;
        this.typeWaitTimeout = typeWaitTimeout;
    }

    /** Discovers the served types again (types served before and no longer stay known). */
    void refresh() {
        for (ResourceType t : target.discover()) {
            served.put(t.groupKind(), t);
        }
    }

    /** The served type of a kind; {@code null} when the target does not serve it. */
    ResourceType get(GroupKind kind) {
        return served.get(kind);
    }

    /**
     * The type as the target serves it, with the backed-up version; empty when the target does not
     * serve it. A custom type whose CRD is in {@code crdsInPlace} is waited for; in a dry run, a custom
     * type (its CRD is planned) is taken as served.
     */
    Optional<ResourceType> targetType(Section s, boolean dryRun, Set<String> crdsInPlace) {
        ResourceType b = s.type();
        ResourceType t = served.get(s.kind());
        if (t == null && s.custom() && !dryRun && crdsInPlace.contains(s.definitionName())) {
            t = awaitServed(s.kind());
        }
        if (t == null) {
            return dryRun && s.custom() ? Optional.of(b) : Optional.empty();
        }
        return Optional.of(new ResourceType(t.group(), b.version(), t.kind(), t.plural(), t.namespaced(), t.verbs()));
    }

    /** Waits until the target serves a type whose CRD this restore created. */
    private ResourceType awaitServed(GroupKind kind) {
        Instant deadline = clock.instant().plus(typeWaitTimeout);
        long pauses = Math.max(1, typeWaitTimeout.toMillis() / PAUSE_MILLIS);
        for (long i = 0; ; i++) {
            refresh();
            ResourceType t = served.get(kind);
            if (t != null || i >= pauses || !clock.instant().isBefore(deadline)) {
                return t;
            }
            try {
                Thread.sleep(PAUSE_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
    }
}
