package io.github.aksbackup.hook;

import io.github.aksbackup.api.instance.NamespacedName;
import io.github.aksbackup.spi.ClusterClient;
import java.time.Clock;
import java.util.List;
import java.util.Objects;

/**
 * What a backup's hooks need to know: the cluster being backed up (where the referenced
 * {@code BackupHook} resources live and pods are exec'd), the references from the instance's
 * configuration, and who asks.
 *
 * @param cluster the protected cluster
 * @param references the instance's {@code backupHookReferences}, possibly empty
 * @param instanceName the backup instance
 * @param jobId the backup job
 * @param clock the engine's clock, for step durations and timeouts
 */
public record BackupHookContext(ClusterClient cluster, List<NamespacedName> references, String instanceName, String jobId,
        Clock clock) {
    public BackupHookContext {
        Objects.requireNonNull(cluster, "cluster");
        references = List.copyOf(Objects.requireNonNull(references, "references"));
        Objects.requireNonNull(instanceName, "instanceName");
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(clock, "clock");
    }
}
