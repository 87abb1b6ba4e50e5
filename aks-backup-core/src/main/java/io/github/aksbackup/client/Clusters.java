package io.github.aksbackup.client;

import io.github.aksbackup.api.InvalidInputException;
import io.github.aksbackup.resilience.RetryOptions;
import io.github.aksbackup.resilience.RetryingClusterClient;
import io.github.aksbackup.spi.ClusterClient;
import java.util.function.Function;

/**
 * The cluster clients of a client: the default cluster and the resolver of {@code clusterRef}s
 * ({@link AksBackupClientBuilder#cluster}, {@link AksBackupClientBuilder#clusterResolver}), each
 * answer retried as the client's retry options say.
 */
final class Clusters {
    private final ClusterClient defaultCluster;
    private final Function<String, ClusterClient> resolver;
    private final RetryOptions retryOptions;

    Clusters(ClusterClient defaultCluster, Function<String, ClusterClient> resolver, RetryOptions retryOptions) {
        this.defaultCluster = defaultCluster;
        this.resolver = resolver;
        this.retryOptions = retryOptions;
    }

    /** The client of an instance's cluster: the resolver's, else the default cluster. */
    ClusterClient of(String clusterRef) {
        return of(clusterRef, null);
    }

    /**
     * The client of a cluster. An instance's cluster the resolver does not know is the default
     * cluster's (as {@link AksBackupClientBuilder#clusterResolver} says); a cluster a restore names
     * ({@code namedBy}, the field naming it) must be one the resolver knows when there is a resolver,
     * since restoring into the default cluster instead would write into a cluster nobody asked for.
     * Without a resolver the one cluster serves every reference.
     */
    ClusterClient of(String clusterRef, String namedBy) {
        ClusterClient c = resolver == null || clusterRef == null ? null : resolver.apply(clusterRef);
        if (c == null && namedBy != null && resolver != null && clusterRef != null) {
            throw new InvalidInputException(namedBy, "the cluster resolver knows no cluster '" + clusterRef + "'; name a cluster"
                    + " it serves, or leave " + namedBy + " out to restore into the cluster of the recovery point's instance");
        }
        if (c == null) {
            c = defaultCluster;
        }
        if (c == null) {
            throw new InvalidInputException(namedBy != null ? namedBy : "clusterRef", "no cluster client is configured for cluster '"
                    + clusterRef + "'; give the client builder a cluster or a cluster resolver");
        }
        return RetryingClusterClient.wrap(c, retryOptions);
    }
}
