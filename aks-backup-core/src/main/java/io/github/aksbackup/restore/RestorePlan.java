package io.github.aksbackup.restore;

import io.github.aksbackup.api.recovery.VolumeSnapshotRecord;
import io.github.aksbackup.spi.GroupKind;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What {@link RestorePlanner} found before anything is restored; read-only from then on.
 *
 * @param sections the sections to restore, in restore order (tier, then type)
 * @param sourceNamespaces the source namespaces of the selected objects
 * @param needed cluster-scoped objects the selected objects need, by kind (names)
 * @param claims the selected claims ({@code namespace/name} in the source) and their storage classes
 *     (a {@code null} class: none named)
 * @param damagedClaims selected claims the vault holds damaged: their volumes are reported, not silently left out
 * @param snapshots the recovery point's volume snapshots by source claim ({@code namespace/name})
 */
record RestorePlan(List<Section> sections, Set<String> sourceNamespaces, Map<GroupKind, Set<String>> needed,
        Map<String, String> claims, Set<String> damagedClaims, Map<String, VolumeSnapshotRecord> snapshots) {

    RestorePlan {
        sections = List.copyOf(sections);
        sourceNamespaces = Collections.unmodifiableSet(sourceNamespaces);
        needed = Map.copyOf(needed);
        claims = Collections.unmodifiableMap(new HashMap<>(claims));
        damagedClaims = Set.copyOf(damagedClaims);
        snapshots = Map.copyOf(snapshots);
    }

    /** True when a selected object needs the cluster-scoped object {@code kind} {@code name}. */
    boolean neededBySelected(GroupKind kind, String name) {
        return needed.getOrDefault(kind, Set.of()).contains(name);
    }
}
