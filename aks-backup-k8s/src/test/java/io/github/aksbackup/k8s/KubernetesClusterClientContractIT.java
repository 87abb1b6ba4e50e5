package io.github.aksbackup.k8s;

import io.github.aksbackup.spi.ClusterClient;
import io.github.aksbackup.testkit.ClusterClientContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** {@link KubernetesClusterClient} on a real kube-apiserver held to the contract the in-memory cluster passes too. */
class KubernetesClusterClientContractIT extends ClusterClientContract {
    private static KubernetesClusterClient client;

    @BeforeAll
    static void connect() {
        client = TestCluster.client();
    }

    @AfterAll
    static void close() {
        if (client != null) {
            client.close();
        }
    }

    @Override
    protected ClusterClient client() {
        return client;
    }
}
