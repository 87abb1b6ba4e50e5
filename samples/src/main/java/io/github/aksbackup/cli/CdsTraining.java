package io.github.aksbackup.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * The training run behind the command line's class-data-sharing archive: runs {@code aks-backup
 * backup} exactly as a user does (picocli, kubeconfig, client-java over TLS, discovery, paged lists,
 * the engine, a directory vault), against a small stand-in API server on loopback that it starts
 * itself, so that the archive holds the classes a real backup loads and the build needs no cluster.
 *
 * <p>The build runs it through the launcher with {@code AKSB_CDS=dump}; it is not a user command.
 * The stand-in serves HTTPS with a key pair made for this run by the JDK's {@code keytool} (RSA, as
 * API servers use) and answers discovery and LIST requests with a few objects of each common kind,
 * one type in two pages; every other request gets a Kubernetes 404 Status.
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
        Path keystore = dir.resolve("server.p12");
        String password = Long.toHexString(Double.doubleToLongBits(Math.random()));
        keytool("-genkeypair", "-alias", "server", "-keyalg", "RSA", "-keysize", "2048", "-validity", "1", "-dname",
                "CN=127.0.0.1", "-ext", "san=ip:127.0.0.1", "-keystore", keystore.toString(), "-storetype", "PKCS12",
                "-storepass", password);
        String caPem = keytool("-exportcert", "-rfc", "-alias", "server", "-keystore", keystore.toString(), "-storetype", "PKCS12",
                "-storepass", password);
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = new FileInputStream(keystore.toFile())) {
            ks.load(in, password.toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, password.toCharArray());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(kmf.getKeyManagers(), null, null);

        HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        server.setExecutor(Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "cds-training-server");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/", CdsTraining::answer);
        server.start();
        try {
            Path kubeconfig = dir.resolve("kubeconfig");
            Files.writeString(kubeconfig, "apiVersion: v1\nkind: Config\nclusters:\n- name: training\n  cluster:\n"
                    + "    server: https://127.0.0.1:" + server.getAddress().getPort() + "\n"
                    + "    certificate-authority-data: " + Base64.getEncoder().encodeToString(caPem.getBytes(StandardCharsets.US_ASCII))
                    + "\nusers:\n- name: training\n  user:\n    token: training-token\ncontexts:\n- name: training\n  context:\n"
                    + "    cluster: training\n    user: training\ncurrent-context: training\n");
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
        } finally {
            server.stop(0);
        }
    }

    private static String keytool(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException("keytool " + args[0] + " failed: " + out);
        }
        return out;
    }

    // ---- the stand-in API server ----

    /** Discovery documents and lists the stand-in serves, by path. */
    private static final Map<String, String> DISCOVERY = Map.of(
            "/api", "{\"kind\":\"APIVersions\",\"versions\":[\"v1\"]}",
            "/apis", "{\"kind\":\"APIGroupList\",\"apiVersion\":\"v1\",\"groups\":[{\"name\":\"apps\",\"versions\":[{\"groupVersion\":"
                    + "\"apps/v1\",\"version\":\"v1\"}],\"preferredVersion\":{\"groupVersion\":\"apps/v1\",\"version\":\"v1\"}}]}",
            "/api/v1", "{\"kind\":\"APIResourceList\",\"groupVersion\":\"v1\",\"resources\":[" + resource("namespaces", "Namespace", false)
                    + "," + resource("configmaps", "ConfigMap", true) + "," + resource("secrets", "Secret", true) + ","
                    + resource("services", "Service", true) + "," + resource("pods", "Pod", true) + ","
                    + resource("persistentvolumeclaims", "PersistentVolumeClaim", true) + ","
                    + "{\"name\":\"pods/log\",\"namespaced\":true,\"kind\":\"Pod\",\"verbs\":[\"get\"]}]}",
            "/apis/apps/v1", "{\"kind\":\"APIResourceList\",\"groupVersion\":\"apps/v1\",\"resources\":["
                    + resource("deployments", "Deployment", true) + "]}");

    private static String resource(String plural, String kind, boolean namespaced) {
        return "{\"name\":\"" + plural + "\",\"singularName\":\"\",\"namespaced\":" + namespaced + ",\"kind\":\"" + kind
                + "\",\"verbs\":[\"create\",\"delete\",\"get\",\"list\",\"patch\",\"update\",\"watch\"]}";
    }

    private static void answer(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        String query = ex.getRequestURI().getRawQuery() == null ? "" : ex.getRequestURI().getRawQuery();
        String body = DISCOVERY.get(path);
        if (body == null) {
            body = list(path, query.contains("continue="));
        }
        byte[] bytes = (body == null ? "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"message\":\"" + path
                + " not found\",\"reason\":\"NotFound\",\"code\":404}" : body).getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(body == null ? 404 : 200, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
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
