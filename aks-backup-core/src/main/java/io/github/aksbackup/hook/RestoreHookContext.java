package io.github.aksbackup.hook;

import io.github.aksbackup.api.instance.NamespacedName;
import io.github.aksbackup.spi.ClusterClient;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a restore's hooks need to know: the target cluster (where the referenced {@code RestoreHook}
 * resources live and restored pods are exec'd), the references from the restore configuration, and
 * the namespace mappings in force.
 *
 * @param cluster the target cluster
 * @param references the restore's {@code restoreHookReferences}, possibly empty
 * @param namespaceMappings source namespace → target namespace
 * @param jobId the restore job
 * @param clock the engine's clock, for step durations and timeouts
 */
public record RestoreHookContext(ClusterClient cluster, List<NamespacedName> references, Map<String, String> namespaceMappings,
        String jobId, Clock clock) {
    public RestoreHookContext {
        Objects.requireNonNull(cluster, "cluster");
        references = List.copyOf(Objects.requireNonNull(references, "references"));
        namespaceMappings = Map.copyOf(Objects.requireNonNull(namespaceMappings, "namespaceMappings"));
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(clock, "clock");
    }
}
