package io.github.aksbackup.testkit;

import io.github.aksbackup.spi.ClusterClient;

/** The in-memory cluster held to the contract the real API server passes too. */
class InMemoryClusterContractTest extends ClusterClientContract {
    private final InMemoryCluster cluster = new InMemoryCluster();

    @Override
    protected ClusterClient client() {
        return cluster;
    }
}
