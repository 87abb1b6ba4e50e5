package io.github.aksbackup.api.restore;

import io.github.aksbackup.api.DataStoreType;
import io.github.aksbackup.api.instance.NamespacedName;
import io.github.aksbackup.api.selector.LabelSelector;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What to restore and how: Azure's {@code KubernetesClusterRestoreCriteria} (and, with a staging
 * location, {@code KubernetesClusterVaultTierRestoreCriteria}) plus which recovery point, from which
 * tier, into which cluster.
 *
 * <p>Filters have the same meaning as in {@link io.github.aksbackup.api.instance.BackupConfiguration}
 * and apply to the source namespaces (before mapping). {@code namespaceMappings} maps source namespace
 * to target namespace; unmapped namespaces restore under their own name.
 *
 * <p>{@code recoveryPointId} is the id a backup job reports; where two instances of the vault hold
 * points of that id (vaults written before ids named their instance), {@code INSTANCE/ID} or the
 * recovery point's resource id ({@code …/backupInstances/INSTANCE/recoveryPoints/ID}) names one.
 * {@code sourceClusterRef} (a restore request's {@code sourceResourceId}), when set, must name the
 * cluster of the instance the recovery point belongs to; the restore is refused otherwise.
 */
public record RestoreConfig(
        String recoveryPointId,
        DataStoreType sourceDataStore,
        String targetClusterRef,
        List<String> includedNamespaces,
        List<String> excludedNamespaces,
        List<String> includedResourceTypes,
        List<String> excludedResourceTypes,
        List<LabelSelector> labelSelectors,
        boolean includeClusterScopeResources,
        PersistentVolumeRestoreMode persistentVolumeRestoreMode,
        ConflictPolicy conflictPolicy,
        Map<String, String> namespaceMappings,
        List<NamespacedName> restoreHookReferences,
        NamespacedName resourceModifierReference,
        StagingLocation stagingLocation,
        String sourceClusterRef) {

    public RestoreConfig {
        sourceDataStore = sourceDataStore == null ? DataStoreType.OperationalStore : sourceDataStore;
        includedNamespaces = List.copyOf(Objects.requireNonNull(includedNamespaces, "includedNamespaces"));
        excludedNamespaces = List.copyOf(Objects.requireNonNull(excludedNamespaces, "excludedNamespaces"));
        includedResourceTypes = List.copyOf(Objects.requireNonNull(includedResourceTypes, "includedResourceTypes"));
        excludedResourceTypes = List.copyOf(Objects.requireNonNull(excludedResourceTypes, "excludedResourceTypes"));
        labelSelectors = List.copyOf(Objects.requireNonNull(labelSelectors, "labelSelectors"));
        persistentVolumeRestoreMode = persistentVolumeRestoreMode == null
                ? PersistentVolumeRestoreMode.RestoreWithVolumeData : persistentVolumeRestoreMode;
        conflictPolicy = conflictPolicy == null ? ConflictPolicy.Skip : conflictPolicy;
        namespaceMappings = Map.copyOf(Objects.requireNonNull(namespaceMappings, "namespaceMappings"));
        restoreHookReferences = List.copyOf(Objects.requireNonNull(restoreHookReferences, "restoreHookReferences"));
        for (Map.Entry<String, String> e : namespaceMappings.entrySet()) {
            if (e.getKey().isBlank() || e.getValue().isBlank()) {
                throw new IllegalArgumentException("namespaceMappings must map non-empty names, found '"
                        + e.getKey() + "' -> '" + e.getValue() + "'");
            }
        }
    }

    /** A configuration that does not name its source cluster (as before {@code sourceClusterRef} existed). */
    public RestoreConfig(String recoveryPointId, DataStoreType sourceDataStore, String targetClusterRef,
            List<String> includedNamespaces, List<String> excludedNamespaces, List<String> includedResourceTypes,
            List<String> excludedResourceTypes, List<LabelSelector> labelSelectors, boolean includeClusterScopeResources,
            PersistentVolumeRestoreMode persistentVolumeRestoreMode, ConflictPolicy conflictPolicy,
            Map<String, String> namespaceMappings, List<NamespacedName> restoreHookReferences,
            NamespacedName resourceModifierReference, StagingLocation stagingLocation) {
        this(recoveryPointId, sourceDataStore, targetClusterRef, includedNamespaces, excludedNamespaces, includedResourceTypes,
                excludedResourceTypes, labelSelectors, includeClusterScopeResources, persistentVolumeRestoreMode, conflictPolicy,
                namespaceMappings, restoreHookReferences, resourceModifierReference, stagingLocation, null);
    }

    /** The namespace a source namespace restores into. */
    public String targetNamespace(String sourceNamespace) {
        return namespaceMappings.getOrDefault(sourceNamespace, sourceNamespace);
    }

    /** A builder with Azure's defaults: everything, with volume data, conflict policy Skip. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder pre-filled with this configuration. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.recoveryPointId = recoveryPointId;
        b.sourceDataStore = sourceDataStore;
        b.targetClusterRef = targetClusterRef;
        b.includedNamespaces = includedNamespaces;
        b.excludedNamespaces = excludedNamespaces;
        b.includedResourceTypes = includedResourceTypes;
        b.excludedResourceTypes = excludedResourceTypes;
        b.labelSelectors = labelSelectors;
        b.includeClusterScopeResources = includeClusterScopeResources;
        b.persistentVolumeRestoreMode = persistentVolumeRestoreMode;
        b.conflictPolicy = conflictPolicy;
        b.namespaceMappings = new LinkedHashMap<>(namespaceMappings);
        b.restoreHookReferences = restoreHookReferences;
        b.resourceModifierReference = resourceModifierReference;
        b.stagingLocation = stagingLocation;
        b.sourceClusterRef = sourceClusterRef;
        return b;
    }

    /** A builder for {@link RestoreConfig}. */
    public static final class Builder {
        private String recoveryPointId;
        private DataStoreType sourceDataStore = DataStoreType.OperationalStore;
        private String targetClusterRef;
        private List<String> includedNamespaces = List.of();
        private List<String> excludedNamespaces = List.of();
        private List<String> includedResourceTypes = List.of();
        private List<String> excludedResourceTypes = List.of();
        private List<LabelSelector> labelSelectors = List.of();
        private boolean includeClusterScopeResources = true;
        private PersistentVolumeRestoreMode persistentVolumeRestoreMode = PersistentVolumeRestoreMode.RestoreWithVolumeData;
        private ConflictPolicy conflictPolicy = ConflictPolicy.Skip;
        private Map<String, String> namespaceMappings = new LinkedHashMap<>();
        private List<NamespacedName> restoreHookReferences = List.of();
        private NamespacedName resourceModifierReference;
        private StagingLocation stagingLocation;
        private String sourceClusterRef;

        private Builder() {
        }

        public Builder recoveryPointId(String v) { this.recoveryPointId = v; return this; }
        public Builder sourceDataStore(DataStoreType v) { this.sourceDataStore = v; return this; }
        public Builder targetClusterRef(String v) { this.targetClusterRef = v; return this; }
        public Builder includedNamespaces(List<String> v) { this.includedNamespaces = v; return this; }
        public Builder includedNamespaces(String... v) { return includedNamespaces(List.of(v)); }
        public Builder excludedNamespaces(List<String> v) { this.excludedNamespaces = v; return this; }
        public Builder excludedNamespaces(String... v) { return excludedNamespaces(List.of(v)); }
        public Builder includedResourceTypes(List<String> v) { this.includedResourceTypes = v; return this; }
        public Builder includedResourceTypes(String... v) { return includedResourceTypes(List.of(v)); }
        public Builder excludedResourceTypes(List<String> v) { this.excludedResourceTypes = v; return this; }
        public Builder excludedResourceTypes(String... v) { return excludedResourceTypes(List.of(v)); }
        public Builder labelSelectors(List<LabelSelector> v) { this.labelSelectors = v; return this; }
        public Builder labelSelectors(String... v) { return labelSelectors(Arrays.stream(v).map(LabelSelector::parse).toList()); }
        public Builder includeClusterScopeResources(boolean v) { this.includeClusterScopeResources = v; return this; }
        public Builder persistentVolumeRestoreMode(PersistentVolumeRestoreMode v) { this.persistentVolumeRestoreMode = v; return this; }
        public Builder conflictPolicy(ConflictPolicy v) { this.conflictPolicy = v; return this; }
        public Builder namespaceMappings(Map<String, String> v) { this.namespaceMappings = new LinkedHashMap<>(v); return this; }
        public Builder mapNamespace(String from, String to) { this.namespaceMappings.put(from, to); return this; }
        public Builder restoreHookReferences(List<NamespacedName> v) { this.restoreHookReferences = v; return this; }
        public Builder resourceModifierReference(NamespacedName v) { this.resourceModifierReference = v; return this; }
        public Builder stagingLocation(StagingLocation v) { this.stagingLocation = v; return this; }
        public Builder sourceClusterRef(String v) { this.sourceClusterRef = v; return this; }

        public RestoreConfig build() {
            return new RestoreConfig(recoveryPointId, sourceDataStore, targetClusterRef, includedNamespaces,
                    excludedNamespaces, includedResourceTypes, excludedResourceTypes, labelSelectors,
                    includeClusterScopeResources, persistentVolumeRestoreMode, conflictPolicy, namespaceMappings,
                    restoreHookReferences, resourceModifierReference, stagingLocation, sourceClusterRef);
        }
    }
}
