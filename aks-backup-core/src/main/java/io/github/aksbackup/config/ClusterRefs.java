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

    /** The reference without surrounding blanks, or {@code null} when it is {@code null} or blank. */
    public static String orNull(String clusterRef) {
        return clusterRef == null || clusterRef.isBlank() ? null : clusterRef.strip();
    }

    /**
     * True when both references name the same cluster: AKS resource ids compared ignoring letter case
     * and a trailing {@code /}, as Azure Resource Manager compares them; any other reference (a context,
     * a server) exactly, without surrounding blanks.
     */
    public static boolean sameCluster(String a, String b) {
        if (a == null || b == null) {
            return false;
        }
        String x = a.strip();
        String y = b.strip();
        if (AKS_ID.matcher(x).matches() && AKS_ID.matcher(y).matches()) {
            return trimSlash(x).equalsIgnoreCase(trimSlash(y));
        }
        return x.equals(y);
    }

    private static String trimSlash(String id) {
        return id.endsWith("/") ? id.substring(0, id.length() - 1) : id;
    }
}
