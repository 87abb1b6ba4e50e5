package io.github.aksbackup.repository;

import io.github.aksbackup.api.recovery.RecoveryPoint;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The record of one recovery point, written last and never rewritten: its existence is what makes the
 * recovery point exist. It stays small whatever the cluster size because the object entries live in
 * content-addressed chunks that the type sections reference.
 *
 * @param recoveryPoint what the recovery point is, with the data-store details computed when it was
 *     taken (later lifecycle events are separate marker objects)
 * @param jobId the backup job that made it
 * @param clusterRef the cluster it was taken from
 * @param policyName the policy in force
 * @param configuration the backup configuration used, as a JSON tree
 * @param types the objects, by resource type
 */
public record Manifest(RecoveryPoint recoveryPoint, String jobId, String clusterRef, String policyName,
        Map<String, Object> configuration, List<TypeSection> types) {
    public Manifest {
        Objects.requireNonNull(recoveryPoint, "recoveryPoint");
        configuration = configuration == null ? Map.of() : configuration;
        types = List.copyOf(Objects.requireNonNull(types, "types"));
    }

    /** The recovery point id. */
    public String id() {
        return recoveryPoint.id();
    }

    /** The section of a type given by group and kind, if the recovery point has objects of it. */
    public Optional<TypeSection> section(String group, String kind) {
        return types.stream().filter(t -> t.type().group().equals(group) && t.type().kind().equals(kind)).findFirst();
    }

    /** Key of a manifest in the store. */
    public static String key(String instanceName, String recoveryPointId) {
        return RepositoryFormat.manifestKey(instanceName, recoveryPointId);
    }
}
