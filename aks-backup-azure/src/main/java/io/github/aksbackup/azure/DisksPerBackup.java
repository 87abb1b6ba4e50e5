package io.github.aksbackup.azure;

import io.github.aksbackup.api.AksBackupException;
import io.github.aksbackup.api.ErrorCode;
import io.github.aksbackup.spi.SnapshotRequest;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Azure Backup for AKS's limit of disks per backup: counts the disks each backup (the set of snapshot
 * requests with the same tags) snapshots and refuses the one past the limit. Remembers the most recent
 * 256 backups only. Thread-safe.
 */
final class DisksPerBackup {
    private final int limit;
    private final Map<Map<String, String>, Set<String>> seen = Collections.synchronizedMap(
            new LinkedHashMap<>(16, 0.75f, true) {
                private static final long serialVersionUID = 1L;

                @Override
                protected boolean removeEldestEntry(Map.Entry<Map<String, String>, Set<String>> eldest) {
                    return size() > 256;
                }
            });

    DisksPerBackup(int limit) {
        this.limit = limit;
    }

    /** Counts the request's disk in its backup; a disk counted before counts once. */
    void count(SnapshotRequest request) {
        Set<String> disks = seen.computeIfAbsent(Map.copyOf(request.tags()), k -> Collections.synchronizedSet(new HashSet<>()));
        synchronized (disks) {
            if (!disks.contains(request.volumeHandle()) && disks.size() >= limit) {
                throw new AksBackupException(ErrorCode.TOO_MANY_DISKS, "PVC " + request.pvcNamespace() + "/" + request.pvcName()
                        + " would be disk number " + (disks.size() + 1) + " of this backup; Azure Backup for AKS"
                        + " protects at most " + limit + " disks per backup instance",
                        "Split the namespaces over several backup instances, or exclude PVCs with a label selector.",
                        null);
            }
            disks.add(request.volumeHandle());
        }
    }
}
