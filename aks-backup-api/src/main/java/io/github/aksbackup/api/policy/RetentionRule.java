package io.github.aksbackup.api.policy;

import io.github.aksbackup.api.DataStoreType;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Azure's {@code AzureRetentionRule}: how long recovery points with the tag of the same name (or,
 * for the default rule, the default tag) live in each data store.
 */
public record RetentionRule(String name, boolean isDefault, List<SourceLifeCycle> lifecycles) {
    public RetentionRule {
        Objects.requireNonNull(name, "name");
        lifecycles = List.copyOf(Objects.requireNonNull(lifecycles, "lifecycles"));
    }

    /** The lifecycle whose source is the given store, if any. */
    public Optional<SourceLifeCycle> lifecycle(DataStoreType store) {
        return lifecycles.stream().filter(l -> l.sourceDataStore() == store).findFirst();
    }
}
