package io.github.aksbackup.bench;

import io.kubernetes.client.util.KubeConfig;
import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@link KubeBenchmark}'s raw HTTP to the API server of a kubeconfig with a token user: the bulk
 * creates that load a data set, the checks whether one is there, the server's version; and what the
 * byte-only floor script needs (server, CA, token).
 */
final class RawKubeApi {
    final HttpClient http;
    final String server;
    final String token;
    final byte[] caPem;

    RawKubeApi(Path kubeconfig) throws Exception {
        KubeConfig config;
        try (Reader r = Files.newBufferedReader(kubeconfig)) {
            config = KubeConfig.loadKubeConfig(r);
        }
        config.setFile(kubeconfig.toFile());
        this.server = config.getServer();
        this.token = (String) config.getCredentials().get(KubeConfig.CRED_TOKEN_KEY);
        if (token == null) {
            throw new IllegalArgumentException("the benchmark's raw HTTP baseline needs a token user in " + kubeconfig);
        }
        this.caPem = config.getDataOrFileRelative(config.getCertificateAuthorityData(), config.getCertificateAuthorityFile());
        this.http = HttpClient.newBuilder().sslContext(BenchFigures.trusting(caPem)).build();
    }

    /** Loads the data set with raw creates; the seconds they took, or null when an earlier run's data was reused. */
    Double load(BenchData d, KubeBenchmarkOptions opt) throws Exception {
        if (opt.reuse && get("/api/v1/namespaces/" + d.namespace) == 200) {
            System.err.printf(Locale.ROOT, "reusing the objects in namespace %s%n", d.namespace);
            return null;
        }
        post("/api/v1/namespaces", "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"" + d.namespace + "\"}}");
        if (d == BenchData.REALISTIC) {
            post("/apis/apiextensions.k8s.io/v1/customresourcedefinitions", BenchData.crd());
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (get("/apis/" + BenchData.CR_GROUP + "/v1/widgets") != 200) {
                if (System.nanoTime() > deadline) {
                    throw new IOException("the Widget CRD was not served within 60 s");
                }
                Thread.sleep(200);
            }
        }
        System.err.printf(Locale.ROOT, "%s: creating %,d objects in namespace %s, %d at a time (raw HTTP)...%n", d.id, opt.objects,
                d.namespace, opt.concurrency);
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(opt.concurrency);
        long t0 = System.nanoTime();
        List<Future<?>> workers = new ArrayList<>();
        for (int w = 0; w < opt.concurrency; w++) {
            workers.add(pool.submit(() -> {
                for (int i = next.getAndIncrement(); i < opt.objects; i = next.getAndIncrement()) {
                    BenchData.Create c = d.object(i, d.namespace);
                    post(c.path(), c.json());
                }
                return null;
            }));
        }
        try {
            for (Future<?> f : workers) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    void post(String path, String json) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(request(server + path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 201 && r.statusCode() != 409) {
            throw new IOException("POST " + path + " answered " + r.statusCode() + ": " + r.body());
        }
    }

    int get(String path) throws IOException, InterruptedException {
        return http.send(request(server + path).GET().build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private HttpRequest.Builder request(String url) {
        return HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
                .header("Accept", "application/json").timeout(Duration.ofMinutes(5));
    }

    String version() {
        try {
            String body = http.send(request(server + "/version").GET().build(), HttpResponse.BodyHandlers.ofString()).body();
            Matcher m = Pattern.compile("\"gitVersion\":\\s*\"([^\"]+)\"").matcher(body);
            return m.find() ? m.group(1) : "?";
        } catch (IOException | InterruptedException e) {
            return "?";
        }
    }
}
