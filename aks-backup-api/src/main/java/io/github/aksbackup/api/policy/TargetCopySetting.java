package io.github.aksbackup.api.policy;

import io.github.aksbackup.api.DataStoreType;
import java.util.Objects;

/** Azure's {@code TargetCopySetting}: copy to {@code dataStore} when {@code copyAfter} says. */
public record TargetCopySetting(DataStoreType dataStore, CopyOption copyAfter) {
    public TargetCopySetting {
        Objects.requireNonNull(dataStore, "dataStore");
        Objects.requireNonNull(copyAfter, "copyAfter");
    }
}
