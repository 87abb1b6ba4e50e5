package io.github.aksbackup.cli;

import static org.junit.jupiter.api.Assertions.fail;

import io.github.aksbackup.spi.KubeObject;
import io.github.aksbackup.spi.ResourceType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** The API server the integration tests of this module run against (scripts/kube-test-env.sh), and objects for it. */
final class TestServer {
    static final Set<String> VERBS = Set.of("list", "get", "create", "patch", "delete");
    static final ResourceType NAMESPACES = new ResourceType("", "v1", "Namespace", "namespaces", false, VERBS);
    static final ResourceType CONFIG_MAPS = new ResourceType("", "v1", "ConfigMap", "configmaps", true, VERBS);

    private TestServer() {
    }

    /** The server's kubeconfig; fails the test when no server runs. */
    static String kubeconfig() {
        String kubeconfig = System.getenv("AKSB_KUBECONFIG");
        if (kubeconfig == null || !Files.isReadable(Path.of(kubeconfig))) {
            fail("the integration tests need a running kube-apiserver: run 'scripts/kube-test-env.sh start --rbac' and source"
                    + " its env file, or use scripts/test-all.sh (AKSB_KUBECONFIG is " + kubeconfig + ")");
        }
        return kubeconfig;
    }

    /** An object with metadata only. */
    static KubeObject object(String apiVersion, String kind, String namespace, String name, Map<String, String> labels) {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("name", name);
        if (namespace != null) {
            meta.put("namespace", namespace);
        }
        meta.put("labels", new LinkedHashMap<>(labels));
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("apiVersion", apiVersion);
        o.put("kind", kind);
        o.put("metadata", meta);
        return new KubeObject(o);
    }
}
