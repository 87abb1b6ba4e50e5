package io.github.aksbackup.api.instance;

import io.github.aksbackup.api.AksBackupException;
import io.github.aksbackup.api.ErrorCode;
import io.github.aksbackup.spi.ClusterClient;
import io.github.aksbackup.spi.KubeObject;
import io.github.aksbackup.spi.ResourceType;
import java.util.Objects;
import java.util.Set;

/**
 * Which cluster a backup instance protects, so that a protection service connected to a cluster
 * serves that cluster's instances and no other's. A cluster is identified, as Velero and most
 * Kubernetes tools do, by the uid of its {@code kube-system} namespace: it is set by the API server
 * when the cluster is created, never changes, and is the same whichever address or credentials reach
 * the cluster (a kubeconfig from a laptop, or the in-cluster service address of a pod).
 *
 * @param uid the {@code kube-system} namespace's uid: what makes two identities the same cluster
 * @param server how the cluster was reached when the identity was taken (for people; not compared)
 */
public record ClusterIdentity(String uid, String server) {
    private static final ResourceType NAMESPACES = new ResourceType("", "v1", "Namespace", "namespaces", false,
            Set.of("get", "list"));

    public ClusterIdentity {
        if (uid == null || uid.isBlank()) {
            throw new IllegalArgumentException("uid must be the kube-system namespace's uid, was '" + uid + "'");
        }
        server = server == null ? "" : server;
    }

    /**
     * The identity of the cluster {@code cluster} is connected to.
     *
     * @throws AksBackupException with code {@code ClusterIdentityUnknown} when the cluster has no
     *     {@code kube-system} namespace or it carries no uid; cluster errors (no permission to get
     *     namespaces, unreachable) as the client reports them
     */
    public static ClusterIdentity of(ClusterClient cluster) {
        Objects.requireNonNull(cluster, "cluster");
        KubeObject ns = cluster.get(NAMESPACES, null, "kube-system").orElseThrow(() -> new AksBackupException(
                ErrorCode.CLUSTER_IDENTITY_UNKNOWN, cluster.describe() + " has no kube-system namespace, whose uid identifies a cluster",
                "connect to a Kubernetes cluster (the identity needs 'get' on namespaces)", null));
        Object uid = ns.at("metadata", "uid");
        if (!(uid instanceof String s) || s.isBlank()) {
            throw new AksBackupException(ErrorCode.CLUSTER_IDENTITY_UNKNOWN, "the kube-system namespace of " + cluster.describe()
                    + " carries no uid", "connect to a Kubernetes API server", null);
        }
        return new ClusterIdentity(s, cluster.describe());
    }

    /** True when both identities name the same cluster (the same {@code kube-system} uid). */
    public boolean sameCluster(ClusterIdentity other) {
        return other != null && uid.equals(other.uid);
    }
}
