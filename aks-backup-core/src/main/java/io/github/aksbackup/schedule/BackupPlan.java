package io.github.aksbackup.schedule;

import io.github.aksbackup.api.DataStoreType;
import io.github.aksbackup.api.recovery.DataStoreDetail;
import io.github.aksbackup.api.recovery.DataStoreState;
import io.github.aksbackup.retention.PlannedCopy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What a backup will produce if it succeeds: its time, its tag and its copies (operational first).
 */
public record BackupPlan(Instant time, String tag, List<PlannedCopy> copies) {
    public BackupPlan {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(tag, "tag");
        copies = List.copyOf(Objects.requireNonNull(copies, "copies"));
    }

    /** True when one of the copies is in the vault. */
    public boolean hasVaultCopy() {
        for (PlannedCopy c : copies) {
            if (c.store() == DataStoreType.VaultStore) {
                return true;
            }
        }
        return false;
    }

    /**
     * The copies as a new recovery point records them: the operational copy (made by the backup itself)
     * {@code Available}, the vault copy {@code Pending} until the engine makes it.
     */
    public List<DataStoreDetail> initialStores() {
        List<DataStoreDetail> out = new ArrayList<>(copies.size());
        for (PlannedCopy c : copies) {
            out.add(new DataStoreDetail(c.store(), c.created(), c.expiry(),
                    c.store() == DataStoreType.OperationalStore ? DataStoreState.Available : DataStoreState.Pending));
        }
        return out;
    }
}
