package io.github.aksbackup.config;

import io.github.aksbackup.api.instance.BackupConfiguration;
import java.util.Objects;

/**
 * What a backup instance document asks for: its backup parameters and, when the document is a whole
 * backup instance ({@code az dataprotection backup-instance show} or {@code initialize}), the cluster,
 * the policy and the snapshot resource group it names. A document holding only the parameters leaves
 * the other three {@code null}.
 *
 * @param configuration the backup parameters ({@code KubernetesClusterBackupDatasourceParameters})
 * @param clusterResourceId {@code dataSourceInfo.resourceID}: the AKS cluster protected
 * @param policyId {@code policyInfo.policyId}: the backup policy's resource id
 * @param snapshotResourceGroupId {@code dataStoreParametersList[].resourceGroupId} of the
 *        {@code OperationalStore}: where disk snapshots are kept
 */
public record InstanceDocument(BackupConfiguration configuration, String clusterResourceId, String policyId,
        String snapshotResourceGroupId) {

    public InstanceDocument {
        Objects.requireNonNull(configuration, "configuration");
    }

    /** The policy's name: the last segment of {@link #policyId()}, or {@code null} when the document names none. */
    public String policyName() {
        if (policyId == null) {
            return null;
        }
        String id = policyId.endsWith("/") ? policyId.substring(0, policyId.length() - 1) : policyId;
        return id.substring(id.lastIndexOf('/') + 1);
    }

    /**
     * The cluster's name: the last segment of an AKS cluster's {@link #clusterResourceId()}, the whole
     * id when it is not an Azure resource id, or {@code null} when the document names no cluster.
     */
    public String clusterName() {
        return ClusterRefs.clusterName(clusterResourceId).orElse(null);
    }
}
