package io.github.aksbackup.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The training run behind the command line's class-data-sharing archive: runs {@code aks-backup
 * backup} exactly as a user does (picocli, kubeconfig, client-java over TLS, discovery, paged lists,
 * the engine, a directory vault), against a small stand-in API server on loopback that it starts
 * itself, so that the archive holds the classes a real backup loads and the build needs no cluster.
 *
 * <p>The build runs it through the launcher with {@code AKSB_CDS=dump}; it is not a user command.
 * The {@link StandInApiServer} answers discovery and LIST requests with a few objects of each common
 * kind, one type in two pages; every other request gets a Kubernetes 404 Status.
 */
public final class CdsTraining {
    private static final String NS = "training";

    private CdsTraining() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("aks-backup-cds-training");
        int code;
        try {
            code = train(dir);
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
        if (code != AksBackupCli.OK) {
            System.err.println("cds-training: the training backup exited with " + code);
        }
        System.exit(code);
    }

    private static int train(Path dir) throws Exception {
        try (StandInApiServer server = StandInApiServer.start(dir, CdsTraining::answer)) {
            Path kubeconfig = server.writeKubeconfig(dir.resolve("kubeconfig"));
            Path config = dir.resolve("config.json");
            Files.writeString(config, "{\"objectType\":\"KubernetesClusterBackupDatasourceParameters\",\"includedNamespaces\":[\""
                    + NS + "\"],\"snapshotVolumes\":true,\"includeClusterScopeResources\":false}");
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int code = AksBackupCli.run(new PrintWriter(out, true), new PrintWriter(err, true), "backup", "--kubeconfig",
                    kubeconfig.toString(), "--vault", dir.resolve("vault").toString(), "--config", config.toString());
            if (code != AksBackupCli.OK) {
                System.err.print(out);
                System.err.print(err);
            }
            return code;
        }
    }

    // ---- the stand-in API server ----

    /** Discovery documents and lists the stand-in serves, by path. */
    private static final Map<String, String> DISCOVERY = Map.of(
            "/api", "{\"kind\":\"APIVersions\",\"versions\":[\"v1\"]}",
            "/apis", "{\"kind\":\"APIGroupList\",\"apiVersion\":\"v1\",\"groups\":[{\"name\":\"apps\",\"versions\":[{\"groupVersion\":"
                    + "\"apps/v1\",\"version\":\"v1\"}],\"preferredVersion\":{\"groupVersion\":\"apps/v1\",\"version\":\"v1\"}}]}",
            "/api/v1", StandInApiServer.resourceList("v1", "namespaces", "Namespace", "false", "configmaps", "ConfigMap", "true",
                    "secrets", "Secret", "true", "services", "Service", "true", "pods", "Pod", "true", "persistentvolumeclaims",
                    "PersistentVolumeClaim", "true", "pods/log", "Pod", "true"),
            "/apis/apps/v1", StandInApiServer.resourceList("apps/v1", "deployments", "Deployment", "true"));

    private static String answer(String path, String query) {
        String body = DISCOVERY.get(path);
        return body != null ? body : list(path, query.contains("continue="));
    }

    /** A LIST answer for the collections the stand-in holds objects in; ConfigMaps come in two pages. */
    private static String list(String path, boolean secondPage) {
        String plural = path.substring(path.lastIndexOf('/') + 1);
        String kind;
        switch (path) {
            case "/api/v1/namespaces" -> {
                return "{\"kind\":\"NamespaceList\",\"apiVersion\":\"v1\",\"metadata\":{\"resourceVersion\":\"7\"},\"items\":["
                        + "{\"metadata\":{\"name\":\"" + NS + "\",\"uid\":\"0b7c9f5e-1d7e-4a36-9a57-7c1f0f1e2d10\","
                        + "\"resourceVersion\":\"7\",\"creationTimestamp\":\"2026-01-01T00:00:00Z\"},\"spec\":{\"finalizers\":"
                        + "[\"kubernetes\"]},\"status\":{\"phase\":\"Active\"}}]}";
            }
            case "/api/v1/namespaces/" + NS + "/configmaps" -> kind = "ConfigMap";
            case "/api/v1/namespaces/" + NS + "/secrets" -> kind = "Secret";
            case "/api/v1/namespaces/" + NS + "/services" -> kind = "Service";
            case "/api/v1/namespaces/" + NS + "/pods" -> kind = "Pod";
            case "/apis/apps/v1/namespaces/" + NS + "/deployments" -> kind = "Deployment";
            case "/api/v1/namespaces/" + NS + "/persistentvolumeclaims" -> {
                return "{\"kind\":\"PersistentVolumeClaimList\",\"apiVersion\":\"v1\",\"metadata\":{\"resourceVersion\":\"9\"},"
                        + "\"items\":[]}";
            }
            default -> {
                return null;
            }
        }
        boolean paged = kind.equals("ConfigMap") && !secondPage;
        StringBuilder sb = new StringBuilder("{\"kind\":\"").append(kind).append("List\",\"apiVersion\":\"v1\",\"metadata\":{")
                .append("\"resourceVersion\":\"9\"").append(paged ? ",\"continue\":\"eyJ2IjoibWV0YS5rOHMuaW8vdjEifQ\",\"remainingItemCount\":3"
                        : "").append("},\"items\":[");
        for (int i = 0; i < 3; i++) {
            sb.append(i == 0 ? "" : ",").append(item(kind, plural + "-" + (secondPage ? 3 + i : i)));
        }
        return sb.append("]}").toString();
    }

    private static String item(String kind, String name) {
        String meta = "\"metadata\":{\"name\":\"" + name + "\",\"namespace\":\"" + NS + "\",\"uid\":\"6f1d2c3b-" + Math.abs(name.hashCode())
                + "\",\"resourceVersion\":\"" + (100 + name.length()) + "\",\"creationTimestamp\":\"2026-01-01T00:00:00Z\","
                + "\"labels\":{\"app\":\"shop\",\"tier\":\"web\"},\"annotations\":{\"note\":\"x\"},\"managedFields\":[{\"manager\":"
                + "\"kubectl\",\"operation\":\"Update\",\"apiVersion\":\"v1\",\"time\":\"2026-01-01T00:00:00Z\",\"fieldsType\":\"FieldsV1\","
                + "\"fieldsV1\":{\"f:metadata\":{\"f:labels\":{\".\":{},\"f:app\":{}}}}}]}";
        String podSpec = "{\"containers\":[{\"name\":\"main\",\"image\":\"shop/web:1.2.3\",\"ports\":[{\"containerPort\":8080,"
                + "\"protocol\":\"TCP\"}],\"resources\":{\"requests\":{\"cpu\":\"100m\",\"memory\":\"128Mi\"}},\"env\":[{\"name\":\"A\","
                + "\"value\":\"1.5\"}]}],\"restartPolicy\":\"Always\",\"terminationGracePeriodSeconds\":30}";
        return switch (kind) {
            case "ConfigMap" -> "{" + meta + ",\"data\":{\"app.properties\":\"a=1\\nb=2\\n\",\"ratio\":\"0.25\"}}";
            case "Secret" -> "{" + meta + ",\"type\":\"Opaque\",\"data\":{\"password\":\"c2VjcmV0\"}}";
            case "Service" -> "{" + meta + ",\"spec\":{\"clusterIP\":\"None\",\"ports\":[{\"port\":80,\"targetPort\":8080}],"
                    + "\"selector\":{\"app\":\"shop\"}},\"status\":{\"loadBalancer\":{}}}";
            case "Pod" -> "{" + meta + ",\"spec\":" + podSpec + ",\"status\":{\"phase\":\"Running\",\"podIP\":\"10.0.0.5\","
                    + "\"conditions\":[{\"type\":\"Ready\",\"status\":\"True\"}]}}";
            default -> "{" + meta + ",\"spec\":{\"replicas\":2,\"selector\":{\"matchLabels\":{\"app\":\"shop\"}},\"template\":{"
                    + "\"metadata\":{\"labels\":{\"app\":\"shop\"}},\"spec\":" + podSpec + "}},\"status\":{\"replicas\":2,"
                    + "\"readyReplicas\":2}}";
        };
    }
}
