package io.github.aksbackup.cli.serve;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The HTTP endpoints of {@code serve} on the JDK's HTTP server: {@code GET /healthz} (200 while the
 * process runs), {@code GET /readyz} (200 when the cluster and the vault answered the last check,
 * 503 with the reason otherwise, and while shutting down) and {@code GET /metrics} (Prometheus text).
 */
public final class ServeHttp implements AutoCloseable {
    /** The content type of the Prometheus text format 0.0.4. */
    static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final HttpServer server;

    /** {@code readiness} returns {@code null} when ready, or why not. */
    public ServeHttp(String address, int port, Supplier<String> readiness, Supplier<String> metrics) {
        try {
            server = HttpServer.create(new InetSocketAddress(address, port), 16);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + address + ":" + port + ": " + e.getMessage(), e);
        }
        server.setExecutor(Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "aks-backup-http");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/healthz", ex -> answer(ex, 200, "text/plain; charset=utf-8", "ok\n"));
        server.createContext("/readyz", ex -> {
            String why = readiness.get();
            answer(ex, why == null ? 200 : 503, "text/plain; charset=utf-8", why == null ? "ready\n" : "not ready: " + why + "\n");
        });
        server.createContext("/metrics", ex -> answer(ex, 200, PROMETHEUS_TEXT, metrics.get()));
        server.start();
    }

    /** The port listened on (the one chosen when 0 was asked for). */
    public int port() {
        return server.getAddress().getPort();
    }

    private static void answer(HttpExchange ex, int status, String type, String body) throws IOException {
        try {
            if (!"GET".equals(ex.getRequestMethod()) && !"HEAD".equals(ex.getRequestMethod())) {
                ex.sendResponseHeaders(405, -1);
                return;
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", type);
            boolean head = "HEAD".equals(ex.getRequestMethod());
            ex.sendResponseHeaders(status, head ? -1 : bytes.length);
            if (!head) {
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(bytes);
                }
            }
        } finally {
            ex.close();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
