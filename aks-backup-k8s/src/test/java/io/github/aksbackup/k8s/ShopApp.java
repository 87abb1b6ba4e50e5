package io.github.aksbackup.k8s;

import io.github.aksbackup.api.NotFoundException;
import io.github.aksbackup.spi.KubeObject;
import io.github.aksbackup.spi.ResourceType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The application the end-to-end tests back up and restore ({@code shop-app.yaml}), with fresh
 * names for its namespaces, volume and custom resource type so that runs on one server do not meet.
 */
final class ShopApp {
    final String shop;
    final String db;
    final String pv;
    final ResourceType widgets;
    final List<KubeObject> objects;
    private final KubernetesClusterClient client;
    private final Map<String, ResourceType> typesByKind = new HashMap<>();

    private ShopApp(KubernetesClusterClient client) {
        this.client = client;
        this.shop = TestCluster.unique("shop");
        this.db = TestCluster.unique("db");
        this.pv = TestCluster.unique("pv-db");
        this.widgets = Crds.installWidgets(client, TestCluster.unique("widgets").replace("-", "") + "s");
        List<KubeObject> docs = new ArrayList<>();
        for (Map<String, Object> doc : TestCluster.yamlDocuments("shop-app.yaml")) {
            String json = JsonTrees.write(doc)
                    .replaceAll("\\bSHOP\\b", shop)
                    .replaceAll("\\bDB\\b", db)
                    .replaceAll("\\bPVNAME\\b", pv)
                    .replaceAll("\"WIDGET\"", "\"" + widgets.kind() + "\"");
            docs.add(new KubeObject(JsonTrees.parseObject(json)));
        }
        this.objects = List.copyOf(docs);
        for (ResourceType t : client.discover()) {
            typesByKind.put(t.apiVersion() + "/" + t.kind(), t);
        }
    }

    /** Creates the application on the cluster. */
    static ShopApp deploy(KubernetesClusterClient client) {
        ShopApp app = new ShopApp(client);
        for (KubeObject o : app.objects) {
            client.create(app.type(o), o);
        }
        return app;
    }

    ResourceType type(KubeObject o) {
        return type(o.apiVersion(), o.kind());
    }

    ResourceType type(String apiVersion, String kind) {
        ResourceType t = typesByKind.get(apiVersion + "/" + kind);
        if (t == null) {
            throw new IllegalArgumentException("the server does not serve " + apiVersion + "/" + kind);
        }
        return t;
    }

    Optional<KubeObject> get(String apiVersion, String kind, String namespace, String name) {
        return client.get(type(apiVersion, kind), namespace, name);
    }

    /**
     * Deletes every object of the application except its namespaces (this server has no
     * controller that would finish deleting a namespace, or remove the protection finalizers of
     * claims and volumes, so the test removes those finalizers itself).
     */
    void deleteAllButNamespaces() {
        for (KubeObject o : objects) {
            if (o.kind().equals("Namespace")) {
                continue;
            }
            ResourceType t = type(o);
            client.delete(t, o.namespace(), o.name());
            try {
                client.mergePatch(t, o.namespace(), o.name(), Map.of("metadata", nullFinalizers()));
            } catch (NotFoundException gone) {
                // deleted at once: nothing held it
            }
        }
    }

    private static Map<String, Object> nullFinalizers() {
        Map<String, Object> m = new HashMap<>();
        m.put("finalizers", null);
        return m;
    }
}
