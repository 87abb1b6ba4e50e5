package io.github.aksbackup.k8s;

import static org.junit.jupiter.api.Assertions.fail;

import io.github.aksbackup.spi.KubeObject;
import io.github.aksbackup.spi.ResourceType;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Installs CustomResourceDefinitions from raw JSON (typed CRD models are rejected by the server) and waits until they are served. */
final class Crds {
    private Crds() {
    }

    /** Creates the CRD and waits (by watch) until the server reports it Established. */
    static void install(KubernetesClusterClient client, Map<String, Object> crd, Duration timeout) {
        KubeObject created = client.create(TestCluster.CRDS, new KubeObject(crd));
        awaitEstablished(client, created.name(), timeout);
    }

    /** Widgets: a namespaced test CRD with a fresh plural so that every test run has its own type. */
    static ResourceType installWidgets(KubernetesClusterClient client, String plural) {
        String kind = Character.toUpperCase(plural.charAt(0)) + plural.substring(1, plural.length() - 1);
        String json = JsonTrees.write(TestCluster.resource("widgets-crd.json"))
                .replace("PLURAL", plural)
                .replace("SINGULAR", plural.substring(0, plural.length() - 1))
                .replace("KIND", kind);
        install(client, JsonTrees.parseObject(json), Duration.ofSeconds(60));
        return new ResourceType("example.aksbackup.io", "v1", kind, plural, true,
                Set.of("list", "get", "create", "patch", "delete"));
    }

    static void awaitEstablished(KubernetesClusterClient client, String name, Duration timeout) {
        if (client.awaitObject(TestCluster.CRDS, null, name, Crds::established, timeout).isEmpty()) {
            fail("CRD " + name + " was not Established within " + timeout);
        }
    }

    static boolean established(KubeObject crd) {
        if (crd.at("status", "conditions") instanceof List<?> conditions) {
            for (Object c : conditions) {
                if (c instanceof Map<?, ?> m && "Established".equals(m.get("type")) && "True".equals(m.get("status"))) {
                    return true;
                }
            }
        }
        return false;
    }
}
