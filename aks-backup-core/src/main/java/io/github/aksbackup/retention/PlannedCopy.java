package io.github.aksbackup.retention;

import io.github.aksbackup.api.DataStoreType;
import java.time.Instant;
import java.util.Objects;

/**
 * One copy of a recovery point that the policy calls for: in which data store, when it is made and
 * when it expires. It is live at {@code t} iff {@code created ≤ t &lt; expiry}.
 */
public record PlannedCopy(DataStoreType store, Instant created, Instant expiry) {
    public PlannedCopy {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(created, "created");
        Objects.requireNonNull(expiry, "expiry");
        if (!expiry.isAfter(created)) {
            throw new IllegalArgumentException(store + " copy: expiry " + expiry + " must be after created " + created);
        }
    }

    /** True when the copy exists at {@code t}: created ≤ t &lt; expiry. */
    public boolean isLiveAt(Instant t) {
        return !t.isBefore(created) && t.isBefore(expiry);
    }
}
