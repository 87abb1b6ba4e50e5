package io.github.aksbackup.api.recovery;

import io.github.aksbackup.api.DataStoreType;
import java.time.Instant;
import java.util.Objects;

/**
 * One copy of a recovery point in one data store: when it was (or will be) created, when it expires,
 * and its state. {@code expiry} is {@code null} when the copy never expires.
 */
public record DataStoreDetail(DataStoreType type, Instant created, Instant expiry, DataStoreState state) {
    public DataStoreDetail {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(created, "created");
        Objects.requireNonNull(state, "state");
        if (expiry != null && !expiry.isAfter(created)) {
            throw new IllegalArgumentException("expiry " + expiry + " must be after created " + created + " for " + type);
        }
    }

    /** True when the copy exists at {@code t}: created ≤ t &lt; expiry. */
    public boolean isLiveAt(Instant t) {
        return !t.isBefore(created) && (expiry == null || t.isBefore(expiry));
    }
}
