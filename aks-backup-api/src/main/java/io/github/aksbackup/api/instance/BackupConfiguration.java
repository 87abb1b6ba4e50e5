package io.github.aksbackup.api.instance;

import io.github.aksbackup.api.selector.LabelSelector;
import io.github.aksbackup.spi.CsiDrivers;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What a backup instance captures: Azure's {@code KubernetesClusterBackupDatasourceParameters}.
 *
 * <p>Empty {@code includedNamespaces} means all namespaces; empty {@code includedResourceTypes} means
 * all types. An object passes {@code labelSelectors} when it matches any one of them (each selector
 * is itself an AND of its requirements); an empty list selects everything. {@code kube-system},
 * {@code kube-public} and {@code kube-node-lease} are never backed up whatever is listed here.
 * {@code secretData} is this SDK's addition to Azure's parameters ({@link SecretData#Include} when
 * missing). {@code includedVolumeTypes} may list {@link VolumeType#AzureDisk} only (or nothing, for
 * no volume snapshots): Azure File shares are not snapshotted, and a type listed but never
 * snapshotted would be a backup without the data its user asked for.
 */
public record BackupConfiguration(
        List<String> includedNamespaces,
        List<String> excludedNamespaces,
        List<String> includedResourceTypes,
        List<String> excludedResourceTypes,
        List<LabelSelector> labelSelectors,
        boolean includeClusterScopeResources,
        boolean snapshotVolumes,
        Set<VolumeType> includedVolumeTypes,
        List<NamespacedName> backupHookReferences,
        SecretData secretData) {

    /** Namespaces that are never backed up. */
    public static final Set<String> SYSTEM_NAMESPACES = Set.of("kube-system", "kube-public", "kube-node-lease");

    /** The volume types whose volumes a backup snapshots; {@code includedVolumeTypes} may list only these. */
    public static final Set<VolumeType> SNAPSHOTTED_VOLUME_TYPES = Set.of(VolumeType.AzureDisk);

    public BackupConfiguration {
        includedNamespaces = List.copyOf(Objects.requireNonNull(includedNamespaces, "includedNamespaces"));
        excludedNamespaces = List.copyOf(Objects.requireNonNull(excludedNamespaces, "excludedNamespaces"));
        includedResourceTypes = List.copyOf(Objects.requireNonNull(includedResourceTypes, "includedResourceTypes"));
        excludedResourceTypes = List.copyOf(Objects.requireNonNull(excludedResourceTypes, "excludedResourceTypes"));
        labelSelectors = List.copyOf(Objects.requireNonNull(labelSelectors, "labelSelectors"));
        includedVolumeTypes = Set.copyOf(Objects.requireNonNull(includedVolumeTypes, "includedVolumeTypes"));
        for (VolumeType t : includedVolumeTypes) {
            if (!SNAPSHOTTED_VOLUME_TYPES.contains(t)) {
                throw new IllegalArgumentException("includedVolumeTypes: " + unsupportedVolumeType(t));
            }
        }
        backupHookReferences = List.copyOf(Objects.requireNonNull(backupHookReferences, "backupHookReferences"));
        secretData = secretData == null ? SecretData.Include : secretData;
    }

    /** Why {@code type} cannot be listed in {@code includedVolumeTypes}, for messages. */
    public static String unsupportedVolumeType(VolumeType type) {
        return type + " is not supported: aks-backup snapshots Azure Disk volumes (" + CsiDrivers.AZURE_DISK + ") only, so the data"
                + " of " + type + " volumes would not be in the backup; list AzureDisk, or no type to snapshot no volumes";
    }

    /** Azure's parameters alone: Secrets are backed up whole. */
    public BackupConfiguration(List<String> includedNamespaces, List<String> excludedNamespaces, List<String> includedResourceTypes,
            List<String> excludedResourceTypes, List<LabelSelector> labelSelectors, boolean includeClusterScopeResources,
            boolean snapshotVolumes, Set<VolumeType> includedVolumeTypes, List<NamespacedName> backupHookReferences) {
        this(includedNamespaces, excludedNamespaces, includedResourceTypes, excludedResourceTypes, labelSelectors,
                includeClusterScopeResources, snapshotVolumes, includedVolumeTypes, backupHookReferences, SecretData.Include);
    }

    /** This configuration with another {@code secretData}, everything else the same. */
    public BackupConfiguration withSecretData(SecretData secretData) {
        return new BackupConfiguration(includedNamespaces, excludedNamespaces, includedResourceTypes, excludedResourceTypes,
                labelSelectors, includeClusterScopeResources, snapshotVolumes, includedVolumeTypes, backupHookReferences, secretData);
    }

    /** A builder starting from Azure's defaults: everything, cluster-scoped resources and volume snapshots on. */
    public static Builder builder() {
        return new Builder();
    }

    /** Everything the cluster holds outside the system namespaces, with volume snapshots. */
    public static BackupConfiguration everything() {
        return builder().build();
    }

    /** A builder for {@link BackupConfiguration}. */
    public static final class Builder {
        private List<String> includedNamespaces = List.of();
        private List<String> excludedNamespaces = List.of();
        private List<String> includedResourceTypes = List.of();
        private List<String> excludedResourceTypes = List.of();
        private List<LabelSelector> labelSelectors = List.of();
        private boolean includeClusterScopeResources = true;
        private boolean snapshotVolumes = true;
        private Set<VolumeType> includedVolumeTypes = Set.of(VolumeType.AzureDisk);
        private List<NamespacedName> backupHookReferences = List.of();
        private SecretData secretData = SecretData.Include;

        private Builder() {
        }

        public Builder includedNamespaces(List<String> v) { this.includedNamespaces = v; return this; }
        public Builder includedNamespaces(String... v) { return includedNamespaces(List.of(v)); }
        public Builder excludedNamespaces(List<String> v) { this.excludedNamespaces = v; return this; }
        public Builder excludedNamespaces(String... v) { return excludedNamespaces(List.of(v)); }
        public Builder includedResourceTypes(List<String> v) { this.includedResourceTypes = v; return this; }
        public Builder includedResourceTypes(String... v) { return includedResourceTypes(List.of(v)); }
        public Builder excludedResourceTypes(List<String> v) { this.excludedResourceTypes = v; return this; }
        public Builder excludedResourceTypes(String... v) { return excludedResourceTypes(List.of(v)); }
        public Builder labelSelectors(List<LabelSelector> v) { this.labelSelectors = v; return this; }
        public Builder labelSelectors(String... v) { return labelSelectors(java.util.Arrays.stream(v).map(LabelSelector::parse).toList()); }
        public Builder includeClusterScopeResources(boolean v) { this.includeClusterScopeResources = v; return this; }
        public Builder snapshotVolumes(boolean v) { this.snapshotVolumes = v; return this; }
        public Builder includedVolumeTypes(Set<VolumeType> v) { this.includedVolumeTypes = v; return this; }
        public Builder backupHookReferences(List<NamespacedName> v) { this.backupHookReferences = v; return this; }
        public Builder secretData(SecretData v) { this.secretData = v; return this; }

        public BackupConfiguration build() {
            return new BackupConfiguration(includedNamespaces, excludedNamespaces, includedResourceTypes,
                    excludedResourceTypes, labelSelectors, includeClusterScopeResources, snapshotVolumes,
                    includedVolumeTypes, backupHookReferences, secretData);
        }
    }
}
