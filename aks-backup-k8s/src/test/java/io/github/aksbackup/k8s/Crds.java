package io.github.aksbackup.k8s;

import static org.junit.jupiter.api.Assertions.fail;

import com.google.gson.reflect.TypeToken;
import io.github.aksbackup.spi.KubeObject;
import io.github.aksbackup.spi.ResourceType;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.ApiextensionsV1Api;
import io.kubernetes.client.openapi.models.V1CustomResourceDefinition;
import io.kubernetes.client.openapi.models.V1CustomResourceDefinitionCondition;
import io.kubernetes.client.util.Watch;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;

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
                java.util.Set.of("list", "get", "create", "patch", "delete"));
    }

    static void awaitEstablished(KubernetesClusterClient client, String name, Duration timeout) {
        ApiextensionsV1Api api = new ApiextensionsV1Api(client.apiClient());
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                Call call = api.listCustomResourceDefinition()
                        .fieldSelector("metadata.name=" + name)
                        .watch(true)
                        .timeoutSeconds((int) Math.max(1, timeout.toSeconds()))
                        .buildCall(null);
                Call unbounded = client.apiClient().getHttpClient().newBuilder().readTimeout(Duration.ZERO).build()
                        .newCall(call.request());
                unbounded.timeout().timeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
                try (Watch<V1CustomResourceDefinition> w = Watch.createWatch(client.apiClient(), unbounded,
                        new TypeToken<Watch.Response<V1CustomResourceDefinition>>() { }.getType())) {
                    for (Watch.Response<V1CustomResourceDefinition> e : w) {
                        if (e.object != null && established(e.object)) {
                            return;
                        }
                    }
                }
            } catch (ApiException | IOException | RuntimeException e) {
                // the watch ended; watch again until the deadline
            }
        }
        fail("CRD " + name + " was not Established within " + timeout);
    }

    private static boolean established(V1CustomResourceDefinition crd) {
        if (crd.getStatus() == null || crd.getStatus().getConditions() == null) {
            return false;
        }
        for (V1CustomResourceDefinitionCondition c : crd.getStatus().getConditions()) {
            if ("Established".equals(c.getType()) && "True".equals(c.getStatus())) {
                return true;
            }
        }
        return false;
    }
}
