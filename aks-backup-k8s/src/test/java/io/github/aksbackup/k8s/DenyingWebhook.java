package io.github.aksbackup.k8s;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A validating admission webhook for tests: an HTTPS server on loopback (a self-signed certificate for
 * 127.0.0.1 made with the JDK's keytool) that denies every AdmissionReview with a reason. The real API
 * server calls it at {@link #url()}, trusting {@link #caBundle()}.
 */
final class DenyingWebhook implements AutoCloseable {
    private static final char[] PASSWORD = "changeit".toCharArray();

    private final HttpsServer server;
    private final String caBundle;
    private final AtomicInteger reviews = new AtomicInteger();
    private final ExecutorService executor;

    DenyingWebhook(String reason) throws Exception {
        Path dir = Files.createTempDirectory("aksb-webhook");
        Path keystore = dir.resolve("webhook.p12");
        keytool("-genkeypair", "-alias", "webhook", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
                "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1", "-storetype", "PKCS12",
                "-keystore", keystore.toString(), "-storepass", new String(PASSWORD));
        Path pem = dir.resolve("webhook.pem");
        keytool("-exportcert", "-rfc", "-alias", "webhook", "-keystore", keystore.toString(),
                "-storepass", new String(PASSWORD), "-file", pem.toString());
        caBundle = Base64.getEncoder().encodeToString(Files.readAllBytes(pem));

        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            ks.load(in, PASSWORD);
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, PASSWORD);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(kmf.getKeyManagers(), null, null);

        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        server.createContext("/validate", exchange -> {
            try (exchange) {
                Map<String, Object> review = JsonTrees.parseObject(
                        new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                reviews.incrementAndGet();
                Object uid = review.get("request") instanceof Map<?, ?> request ? request.get("uid") : null;
                Map<String, Object> response = new LinkedHashMap<>();
                response.put("uid", uid);
                response.put("allowed", false);
                response.put("status", Map.of("code", 403, "message", reason));
                byte[] body = JsonTrees.write(Map.of("apiVersion", "admission.k8s.io/v1", "kind", "AdmissionReview",
                        "response", response)).getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        });
        // The API server sends reviews for parallel creates over several connections at once; with the
        // default executor every TLS handshake and review would queue behind one thread and, on a loaded
        // machine, outlast the webhook's timeout.
        executor = Executors.newCachedThreadPool();
        server.setExecutor(executor);
        server.start();
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("keytool " + String.join(" ", args) + " failed: " + output);
        }
    }

    /** Where the API server sends AdmissionReviews. */
    String url() {
        return "https://127.0.0.1:" + server.getAddress().getPort() + "/validate";
    }

    /** The certificate to trust, base64 PEM, as a webhook's {@code caBundle} takes it. */
    String caBundle() {
        return caBundle;
    }

    /** How many reviews the API server sent. */
    int reviews() {
        return reviews.get();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
