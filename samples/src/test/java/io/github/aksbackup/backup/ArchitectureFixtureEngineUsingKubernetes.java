package io.github.aksbackup.backup;

import io.github.aksbackup.spi.ClusterClient;
import io.kubernetes.client.openapi.ApiClient;

/** Breaks the engine rule on purpose, for {@code ArchitectureRulesCanFailTest}: an engine class holding a Kubernetes client. */
public final class ArchitectureFixtureEngineUsingKubernetes {
    ApiClient client;
    ClusterClient cluster;

    BackupEngine engine() {
        return new BackupEngine(null, cluster, null, null, null, null, null);
    }
}
