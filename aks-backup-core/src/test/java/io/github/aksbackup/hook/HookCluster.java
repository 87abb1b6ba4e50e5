package io.github.aksbackup.hook;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.github.aksbackup.api.instance.NamespacedName;
import io.github.aksbackup.spi.KubeObject;
import io.github.aksbackup.testkit.InMemoryCluster;
import io.github.aksbackup.testkit.ManualClock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** An in-memory cluster with the hook CRDs installed, and helpers to add hook resources and pods to it. */
final class HookCluster {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    final ManualClock clock = new ManualClock(Instant.parse("2026-11-26T10:00:00Z"));
    final InMemoryCluster cluster = new InMemoryCluster(clock);
    private final Set<String> namespaces = new HashSet<>(InMemoryCluster.INITIAL_NAMESPACES);

    HookCluster() {
        HookResources.customResourceDefinitions().forEach(cluster::add);
    }

    /** Adds a hook resource written in YAML and returns its reference. */
    @SuppressWarnings("unchecked")
    NamespacedName hook(String yaml) {
        try {
            Map<String, Object> tree = YAML.readValue(yaml, LinkedHashMap.class);
            KubeObject o = new KubeObject(tree);
            namespace(o.namespace() == null ? "default" : o.namespace());
            KubeObject created = cluster.add(tree);
            return new NamespacedName(created.name(), created.namespace());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Adds a pod with labels ({@code k=v} pairs) and containers, and returns it as the cluster stored it. */
    KubeObject pod(String namespace, String name, Map<String, String> labels, String... containers) {
        namespace(namespace);
        List<Object> cs = new ArrayList<>();
        for (String c : containers) {
            cs.add(Map.of("name", c, "image", "registry.local/" + c + ":1"));
        }
        return cluster.add(Map.of("apiVersion", "v1", "kind", "Pod",
                "metadata", Map.of("name", name, "namespace", namespace, "labels", labels),
                "spec", Map.of("containers", cs)));
    }

    private void namespace(String ns) {
        if (namespaces.add(ns)) {
            cluster.add(Map.of("apiVersion", "v1", "kind", "Namespace", "metadata", Map.of("name", ns)));
        }
    }
}
