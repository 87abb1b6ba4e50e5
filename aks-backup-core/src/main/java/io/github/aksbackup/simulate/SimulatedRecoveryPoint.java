package io.github.aksbackup.simulate;

import io.github.aksbackup.api.DataStoreType;
import io.github.aksbackup.retention.PlannedCopy;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One recovery point of a simulation: its time (the slot), its tag and its copies (operational
 * first, then vault), each with its creation and expiry.
 */
public record SimulatedRecoveryPoint(Instant time, String tag, List<PlannedCopy> copies) {
    public SimulatedRecoveryPoint {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(tag, "tag");
        copies = List.copyOf(Objects.requireNonNull(copies, "copies"));
    }

    /** The copy in one store, if the RP has one. */
    public Optional<PlannedCopy> copy(DataStoreType store) {
        for (PlannedCopy c : copies) {
            if (c.store() == store) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    /** When the recovery point is deleted: when its last copy expires. */
    public Instant deletedAt() {
        Instant last = time;
        for (PlannedCopy c : copies) {
            if (c.expiry().isAfter(last)) {
                last = c.expiry();
            }
        }
        return last;
    }
}
