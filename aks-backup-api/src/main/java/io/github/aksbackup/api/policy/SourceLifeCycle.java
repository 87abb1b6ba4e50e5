package io.github.aksbackup.api.policy;

import io.github.aksbackup.api.DataStoreType;
import io.github.aksbackup.api.IsoDuration;
import java.util.List;
import java.util.Objects;

/**
 * Azure's {@code SourceLifeCycle}: a copy in {@code sourceDataStore} is deleted {@code deleteAfter}
 * after the recovery point's time ({@code AbsoluteDeleteOption}), and may be copied to other stores
 * as {@code targetDataStoreCopySettings} say.
 */
public record SourceLifeCycle(IsoDuration deleteAfter, DataStoreType sourceDataStore,
        List<TargetCopySetting> targetDataStoreCopySettings) {
    public SourceLifeCycle {
        Objects.requireNonNull(deleteAfter, "deleteAfter");
        Objects.requireNonNull(sourceDataStore, "sourceDataStore");
        targetDataStoreCopySettings = List.copyOf(Objects.requireNonNull(targetDataStoreCopySettings, "targetDataStoreCopySettings"));
    }
}
