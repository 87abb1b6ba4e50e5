package io.github.aksbackup.config;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The cluster a document names ({@code dataSourceInfo.resourceID} of a backup instance, {@code
 * restoreTargetInfo.datasourceInfo.resourceID} of a restore request), read as the command line uses it
 * to choose a kubeconfig context: {@code az aks get-credentials} names the context after the cluster.
 */
public final class ClusterRefs {

    private static final Pattern AKS_ID = Pattern.compile(
            "/subscriptions/[^/]+/resourceGroups/[^/]+/providers/Microsoft\\.ContainerService/managedClusters/([^/]+)/?",
            Pattern.CASE_INSENSITIVE);

    private ClusterRefs() {
    }

    /**
     * The cluster's name: the last segment of an AKS cluster's resource id, else the reference itself
     * (a cluster outside Azure named by its context); empty for {@code null} or blank.
     */
    public static Optional<String> clusterName(String clusterRef) {
        if (clusterRef == null || clusterRef.isBlank()) {
            return Optional.empty();
        }
        Matcher m = AKS_ID.matcher(clusterRef.strip());
        return Optional.of(m.matches() ? m.group(1) : clusterRef.strip());
    }
}
