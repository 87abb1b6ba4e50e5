package io.github.aksbackup.k8s;

import io.github.aksbackup.azure.internal.ArmId;
import io.github.aksbackup.backup.BackupEngine;
import io.github.aksbackup.kube.KindTable;
import io.kubernetes.client.openapi.ApiClient;

/**
 * Breaks the internals, module-graph and engine-construction rules on purpose, for
 * {@code ArchitectureRulesCanFailTest}: the Kubernetes adapter using Azure's internals, the engine's
 * kind table, and building a backup engine.
 */
public final class ArchitectureFixtureAdapterReachingIntoOthers {
    ApiClient client;

    Object reach() {
        return ArmId.parse("/subscriptions/s/resourceGroups/g", "fixture") + " " + KindTable.builtInGroup("apps")
                + new BackupEngine(null, null, null, null, null, null, null);
    }
}
