package io.github.aksbackup.bench;

import io.github.aksbackup.testkit.InMemoryCluster;
import io.github.aksbackup.testkit.SampleWorkload;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Generates large, realistic clusters for the benchmarks: namespaces of applications, each a
 * Deployment, its ReplicaSet, three Pods, a Service, a ConfigMap, a Secret and a ServiceAccount (nine
 * objects of typical size, every one distinct), or namespaces of Secrets only.
 */
final class BenchCluster {
    static final int OBJECTS_PER_APP = 9;
    static final int APPS_PER_NAMESPACE = 100;

    private BenchCluster() {
    }

    /** A compact in-memory cluster with about {@code objects} application objects. */
    static InMemoryCluster apps(int objects, Clock clock) {
        InMemoryCluster c = InMemoryCluster.compact(clock);
        int apps = Math.max(1, objects / OBJECTS_PER_APP);
        for (int a = 0; a < apps; a++) {
            String ns = "team-" + (a / APPS_PER_NAMESPACE);
            if (a % APPS_PER_NAMESPACE == 0) {
                c.add(Map.of("apiVersion", "v1", "kind", "Namespace", "metadata", Map.of("name", ns, "labels", Map.of("team", ns))));
            }
            app(c, ns, "svc-" + a, a);
        }
        return c;
    }

    /** A compact in-memory cluster with {@code count} Secrets spread over namespaces of 1,000. */
    static InMemoryCluster secrets(int count, Clock clock) {
        InMemoryCluster c = InMemoryCluster.compact(clock);
        for (int i = 0; i < count; i++) {
            String ns = "secrets-" + (i / 1000);
            if (i % 1000 == 0) {
                c.add(Map.of("apiVersion", "v1", "kind", "Namespace", "metadata", Map.of("name", ns)));
            }
            c.add(SampleWorkload.object("v1", "Secret", ns, "credentials-" + i, Map.of("app", "app-" + (i % 97), "rotation", "r" + (i % 5)), Map.of(
                    "type", "Opaque", "data", Map.of("username", b64("user-" + i), "password", b64("p@ss-" + Long.toHexString(i * 2654435761L)),
                            "endpoint", b64("https://db-" + (i % 31) + ".internal.example.com:5432")))));
        }
        return c;
    }

    private static void app(InMemoryCluster c, String ns, String name, int seed) {
        Map<String, String> labels = Map.of("app", name, "app.kubernetes.io/part-of", ns, "tier", seed % 3 == 0 ? "frontend" : "backend");
        Map<String, Object> container = new LinkedHashMap<>();
        container.put("name", name);
        container.put("image", "registry.example.com/" + ns + "/" + name + ":1." + (seed % 20) + "." + (seed % 7));
        container.put("ports", List.of(Map.of("containerPort", 8080, "protocol", "TCP")));
        container.put("env", List.of(Map.of("name", "LOG_LEVEL", "value", "info"),
                Map.of("name", "DB_PASSWORD", "valueFrom", Map.of("secretKeyRef", Map.of("name", name + "-secret", "key", "password")))));
        container.put("resources", Map.of("requests", Map.of("cpu", "100m", "memory", "128Mi"), "limits", Map.of("memory", "256Mi")));
        container.put("readinessProbe", Map.of("httpGet", Map.of("path", "/healthz", "port", 8080), "periodSeconds", 10));
        Map<String, Object> template = Map.of("metadata", Map.of("labels", Map.of("app", name)),
                "spec", Map.of("serviceAccountName", name, "containers", List.of(container)));
        c.add(SampleWorkload.object("v1", "ServiceAccount", ns, name, labels, Map.of()));
        c.add(SampleWorkload.object("v1", "ConfigMap", ns, name + "-config", labels, Map.of("data", Map.of("application.yaml",
                "server:\n  port: 8080\nfeatures:\n  cache: " + (seed % 2 == 0) + "\n  shard: " + seed + "\n"))));
        c.add(SampleWorkload.object("v1", "Secret", ns, name + "-secret", labels, Map.of("type", "Opaque",
                "data", Map.of("password", b64("secret-" + Long.toHexString(seed * 2654435761L))))));
        c.add(SampleWorkload.object("v1", "Service", ns, name, labels, Map.of("spec", Map.of("selector", Map.of("app", name),
                "ports", List.of(Map.of("name", "http", "port", 80, "targetPort", 8080, "protocol", "TCP"))))));
        c.add(SampleWorkload.object("apps/v1", "Deployment", ns, name, labels, Map.of("spec", Map.of("replicas", 3,
                "selector", Map.of("matchLabels", Map.of("app", name)), "template", template))));
        String hash = Integer.toHexString((name.hashCode() & 0xfffffff) | 0x1000000);
        c.add(SampleWorkload.object("apps/v1", "ReplicaSet", ns, name + "-" + hash, Map.of("app", name, "pod-template-hash", hash),
                Map.of("spec", Map.of("replicas", 3, "selector", Map.of("matchLabels", Map.of("app", name, "pod-template-hash", hash)),
                        "template", template))));
        for (int p = 0; p < 3; p++) {
            Map<String, Object> spec = new LinkedHashMap<>((Map<String, Object>) template.get("spec"));
            spec.put("nodeName", "aks-nodepool1-" + (seed % 40) + "-vmss00000" + p);
            c.add(SampleWorkload.object("v1", "Pod", ns, name + "-" + hash + "-" + Integer.toString(46656 + seed * 3 + p, 36),
                    Map.of("app", name, "pod-template-hash", hash), Map.of("spec", spec)));
        }
    }

    private static String b64(String s) {
        return java.util.Base64.getEncoder().encodeToString(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
