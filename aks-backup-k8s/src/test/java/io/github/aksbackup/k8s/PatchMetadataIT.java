package io.github.aksbackup.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.aksbackup.spi.PatchMetadata;
import io.github.aksbackup.spi.PatchMetadata.FieldStrategy;
import io.github.aksbackup.spi.ResourceType;
import io.github.aksbackup.testkit.InMemoryCluster;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The strategic merge patch metadata {@link KubernetesClusterClient} reads from the real server's /openapi/v2. */
class PatchMetadataIT {

    @Test
    void readsListMergeKeysAndStrategiesOfBuiltInKinds() {
        try (KubernetesClusterClient client = TestCluster.client()) {
            readsBuiltInKinds(client);
        }
    }

    private static void readsBuiltInKinds(KubernetesClusterClient client) {
        PatchMetadata deployment = client.patchMetadata("apps/v1", "Deployment").orElseThrow();
        assertEquals(new FieldStrategy("merge", "name"), deployment.field("spec.template.spec.containers"));
        assertEquals(new FieldStrategy("merge", "name"), deployment.field("spec.template.spec.containers.env"));
        assertEquals(new FieldStrategy("merge", "containerPort"), deployment.field("spec.template.spec.containers.ports"));
        assertEquals(new FieldStrategy("merge,retainKeys", "name"), deployment.field("spec.template.spec.volumes"));
        assertEquals(new FieldStrategy("retainKeys", null), deployment.field("spec.strategy"));
        assertNull(deployment.field("spec.template.spec.tolerations"), "a list without a strategy is replaced");
        PatchMetadata service = client.patchMetadata("v1", "Service").orElseThrow();
        assertEquals(new FieldStrategy("merge", "port"), service.field("spec.ports"));
    }

    @Test
    void customResourcesTakeNoStrategicMergePatch() {
        try (KubernetesClusterClient client = TestCluster.client()) {
            customResources(client);
        }
    }

    private static void customResources(KubernetesClusterClient client) {
        String plural = TestCluster.unique("patchables").replace("-", "") + "s";
        ResourceType widgets = Crds.installWidgets(client, plural);
        assertEquals(Optional.empty(), client.patchMetadata(widgets.apiVersion(), widgets.kind()));
        try (KubernetesClusterClient fresh = TestCluster.client()) {
            // read after the CRD exists: the server's document lists the custom resource without strategic merge
            assertEquals(Optional.empty(), fresh.patchMetadata(widgets.apiVersion(), widgets.kind()));
            assertTrue(fresh.patchMetadata("v1", "Pod").isPresent());
        }
        assertEquals(Optional.empty(), client.patchMetadata("v1", "NoSuchKind"));
    }

    /**
     * The in-memory cluster of the testkit writes the metadata down instead of reading it; it must say
     * what the server says for every kind both serve in the same version.
     */
    @Test
    void theInMemoryClusterAgreesWithTheRealServer() {
        try (KubernetesClusterClient client = TestCluster.client()) {
            agrees(client);
        }
    }

    private static void agrees(KubernetesClusterClient client) {
        InMemoryCluster memory = new InMemoryCluster();
        List<String> compared = new ArrayList<>();
        for (ResourceType t : memory.discover()) {
            Optional<PatchMetadata> real = client.patchMetadata(t.apiVersion(), t.kind());
            if (real.isEmpty()) {
                continue;
            }
            Optional<PatchMetadata> inMemory = memory.patchMetadata(t.apiVersion(), t.kind());
            assertEquals(new TreeMap<>(real.get().fields()), new TreeMap<>(inMemory.orElseThrow().fields()),
                    t.displayName() + ": the in-memory metadata differs from the server's");
            compared.add(t.displayName());
        }
        assertTrue(compared.size() >= 30, "compared only " + compared);
        assertTrue(compared.contains("apps/v1/Deployment") && compared.contains("v1/Pod"), compared.toString());
    }
}
