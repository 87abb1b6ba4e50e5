package io.github.aksbackup.api;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The two storage tiers of a recovery point: operational (snapshots and blobs in the user's own
 * subscription) and vault (a copy outside the tenant for long retention and cross-region restore).
 * Constant names equal Azure's {@code dataStoreType} values.
 */
public enum DataStoreType {
    OperationalStore,
    VaultStore;

    /** Parses Azure's spelling in any letter case; the message lists the allowed values. */
    public static DataStoreType parse(String value) {
        for (DataStoreType t : values()) {
            if (t.name().equalsIgnoreCase(value)) {
                return t;
            }
        }
        throw new IllegalArgumentException("dataStoreType '" + value + "' is not one of "
                + Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", ")));
    }
}
