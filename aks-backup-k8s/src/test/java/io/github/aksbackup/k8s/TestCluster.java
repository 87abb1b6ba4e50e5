package io.github.aksbackup.k8s;

import static org.junit.jupiter.api.Assertions.fail;

import io.github.aksbackup.spi.KubeObject;
import io.github.aksbackup.spi.ResourceType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The real kube-apiserver the integration tests run against, as {@code scripts/kube-test-env.sh}
 * describes it in the environment ({@code AKSB_KUBECONFIG}, {@code AKSB_ETCD_URL}). Without it
 * the tests fail: an integration run that silently tests nothing is worse than a red one.
 */
final class TestCluster {
    private static final SecureRandom RANDOM = new SecureRandom();

    static final ResourceType NAMESPACES = type("", "v1", "Namespace", "namespaces", false);
    static final ResourceType CONFIG_MAPS = type("", "v1", "ConfigMap", "configmaps", true);
    static final ResourceType PODS = type("", "v1", "Pod", "pods", true);
    static final ResourceType CRDS = type("apiextensions.k8s.io", "v1", "CustomResourceDefinition",
            "customresourcedefinitions", false);

    private TestCluster() {
    }

    /** The kubeconfig of the test server; fails the test when the environment does not name one. */
    static Path kubeconfig() {
        String k = System.getenv("AKSB_KUBECONFIG");
        if (k == null || k.isBlank() || !Files.isReadable(Path.of(k))) {
            fail("the integration tests need a running kube-apiserver: run 'scripts/kube-test-env.sh start' and "
                    + "'. /tmp/aksb-kube/env' (AKSB_KUBECONFIG is " + (k == null ? "unset" : "'" + k + "'")
                    + "), or use scripts/test-all.sh which does both");
        }
        return Path.of(k);
    }

    /** etcd's client URL, for tests that compact its history. */
    static String etcdUrl() {
        String u = System.getenv("AKSB_ETCD_URL");
        if (u == null || u.isBlank()) {
            fail("AKSB_ETCD_URL is unset; source the env file scripts/kube-test-env.sh writes");
        }
        return u;
    }

    static KubernetesClusterClient.Builder builder() {
        return KubernetesClusterClient.builder().kubeconfig(kubeconfig());
    }

    static KubernetesClusterClient client() {
        return builder().build();
    }

    /** A fresh name: namespaces cannot be deleted on this server (no controller finalizes them), so every test gets its own. */
    static String unique(String prefix) {
        return prefix + "-" + Long.toString(RANDOM.nextLong() & Long.MAX_VALUE, 36);
    }

    static ResourceType type(String group, String version, String kind, String plural, boolean namespaced) {
        return new ResourceType(group, version, kind, plural, namespaced,
                Set.of("list", "get", "create", "patch", "delete", "update", "watch"));
    }

    /** Creates a namespace with a fresh name and returns the name. */
    static String newNamespace(KubernetesClusterClient c, String prefix) {
        String ns = unique(prefix);
        c.create(NAMESPACES, object("v1", "Namespace", null, ns, Map.of()));
        return ns;
    }

    static KubeObject object(String apiVersion, String kind, String namespace, String name, Map<String, String> labels) {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("name", name);
        if (namespace != null) {
            meta.put("namespace", namespace);
        }
        if (!labels.isEmpty()) {
            meta.put("labels", new LinkedHashMap<>(labels));
        }
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("apiVersion", apiVersion);
        o.put("kind", kind);
        o.put("metadata", meta);
        return new KubeObject(o);
    }

    static KubeObject configMap(String namespace, String name, Map<String, String> labels, Map<String, String> data) {
        KubeObject o = object("v1", "ConfigMap", namespace, name, labels);
        o.content().put("data", new LinkedHashMap<>(data));
        return o;
    }

    /** A JSON test resource as a tree. */
    static Map<String, Object> resource(String name) {
        try (InputStream in = TestCluster.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("no test resource " + name);
            }
            return JsonTrees.parseObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every document of a YAML test resource as a tree, numbers as {@code Long}/{@code Double} like the client's. */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> yamlDocuments(String name) {
        try (InputStream in = TestCluster.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("no test resource " + name);
            }
            List<Map<String, Object>> docs = new ArrayList<>();
            for (Object doc : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(in)) {
                if (doc != null) {
                    // A JSON round trip gives YAML's Integers and nested types the client's number rules.
                    docs.add(JsonTrees.parseObject(JsonTrees.write(normalize(doc))));
                }
            }
            return docs;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Object normalize(Object yaml) {
        if (yaml instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put(String.valueOf(k), normalize(v)));
            return out;
        }
        if (yaml instanceof List<?> l) {
            return l.stream().map(TestCluster::normalize).toList();
        }
        if (yaml instanceof java.util.Date d) {
            return d.toInstant().toString();
        }
        if (yaml instanceof java.math.BigInteger b) {
            return new java.math.BigDecimal(b);
        }
        return yaml;
    }

    static List<String> names(List<KubeObject> objects) {
        return objects.stream().map(KubeObject::name).sorted().toList();
    }
}
