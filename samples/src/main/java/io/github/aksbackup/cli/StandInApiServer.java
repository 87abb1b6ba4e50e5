package io.github.aksbackup.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A stand-in Kubernetes API server on loopback over HTTPS, for runs of the command line that need
 * no real cluster: the class-data-sharing training ({@link CdsTraining}) and the memory benchmark
 * with more objects than a test API server can hold. It answers GETs through a {@link Responder}
 * (a JSON body, or a Kubernetes 404 Status when that gives {@code null}); its key pair is made for
 * the run by the JDK's {@code keytool} (RSA, as API servers use), and {@link #writeKubeconfig} gives
 * the command line a kubeconfig that trusts it.
 */
public final class StandInApiServer implements AutoCloseable {
    /** Answers a GET: the JSON body for a path and raw query, or {@code null} for 404. */
    @FunctionalInterface
    public interface Responder {
        String answer(String path, String query);
    }

    private final HttpsServer server;
    private final ExecutorService threads;
    private final String caPem;

    private StandInApiServer(HttpsServer server, ExecutorService threads, String caPem) {
        this.server = server;
        this.threads = threads;
        this.caPem = caPem;
    }

    /** Starts a server answering with {@code responder}; its key material is kept in {@code dir}. */
    public static StandInApiServer start(Path dir, Responder responder) throws IOException, InterruptedException {
        Path keystore = dir.resolve("stand-in-server.p12");
        Files.deleteIfExists(keystore);
        String password = Long.toHexString(Double.doubleToLongBits(Math.random()));
        keytool("-genkeypair", "-alias", "server", "-keyalg", "RSA", "-keysize", "2048", "-validity", "1", "-dname",
                "CN=127.0.0.1", "-ext", "san=ip:127.0.0.1", "-keystore", keystore.toString(), "-storetype", "PKCS12",
                "-storepass", password);
        String caPem = keytool("-exportcert", "-rfc", "-alias", "server", "-keystore", keystore.toString(), "-storetype", "PKCS12",
                "-storepass", password);
        SSLContext tls;
        try (InputStream in = new FileInputStream(keystore.toFile())) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, password.toCharArray());
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, password.toCharArray());
            tls = SSLContext.getInstance("TLS");
            tls.init(kmf.getKeyManagers(), null, null);
        } catch (java.security.GeneralSecurityException e) {
            throw new IOException("cannot set up the stand-in server's TLS: " + e, e);
        }
        HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        ExecutorService threads = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "stand-in-api-server");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(threads);
        server.createContext("/", ex -> answer(ex, responder));
        server.start();
        return new StandInApiServer(server, threads, caPem);
    }

    /** Writes a kubeconfig (one context, a token user) that connects to this server and trusts its certificate. */
    public Path writeKubeconfig(Path file) throws IOException {
        Files.writeString(file, "apiVersion: v1\nkind: Config\nclusters:\n- name: stand-in\n  cluster:\n"
                + "    server: https://127.0.0.1:" + server.getAddress().getPort() + "\n"
                + "    certificate-authority-data: " + Base64.getEncoder().encodeToString(caPem.getBytes(StandardCharsets.US_ASCII))
                + "\nusers:\n- name: stand-in\n  user:\n    token: stand-in-token\ncontexts:\n- name: stand-in\n  context:\n"
                + "    cluster: stand-in\n    user: stand-in\ncurrent-context: stand-in\n");
        return file;
    }

    /** Discovery's answer for {@code /api/v1} or a group version: these resources, each listable and creatable. */
    public static String resourceList(String groupVersion, String... pluralKindNamespaced) {
        StringBuilder sb = new StringBuilder("{\"kind\":\"APIResourceList\",\"groupVersion\":\"").append(groupVersion)
                .append("\",\"resources\":[");
        for (int i = 0; i < pluralKindNamespaced.length; i += 3) {
            sb.append(i == 0 ? "" : ",").append("{\"name\":\"").append(pluralKindNamespaced[i]).append("\",\"singularName\":\"\","
                    + "\"namespaced\":").append(pluralKindNamespaced[i + 2]).append(",\"kind\":\"").append(pluralKindNamespaced[i + 1])
                    .append("\",\"verbs\":[\"create\",\"delete\",\"get\",\"list\",\"patch\",\"update\",\"watch\"]}");
        }
        return sb.append("]}").toString();
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }

    private static void answer(HttpExchange ex, Responder responder) throws IOException {
        String path = ex.getRequestURI().getPath();
        String query = ex.getRequestURI().getRawQuery() == null ? "" : ex.getRequestURI().getRawQuery();
        String body = responder.answer(path, query);
        byte[] bytes = (body == null ? "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"message\":\"" + path
                + " not found\",\"reason\":\"NotFound\",\"code\":404}" : body).getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(body == null ? 404 : 200, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
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
}
