package io.github.aksbackup.k8s;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.github.aksbackup.api.AksBackupException;
import io.github.aksbackup.spi.ResourceType;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.Pair;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import okhttp3.Call;
import okhttp3.OkHttpClient;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * Plain GET requests through client-java's {@link ApiClient} (its authentication, TLS and HTTP
 * client) whose response body is streamed into a reader instead of being bound to a typed model:
 * the path a backup's LIST takes, where every avoided copy counts.
 */
final class RawApi {
    /** The authentication name client-java's generated APIs use; it applies kubeconfig and service-account credentials. */
    private static final String[] AUTH = {"BearerToken"};

    /** Reads a successful response body. */
    @FunctionalInterface
    interface BodyReader<T> {
        T read(InputStream body) throws IOException;
    }

    /** One event of a watch: ADDED, MODIFIED, DELETED, BOOKMARK or ERROR, and the object (a Status for ERROR). */
    record WatchEvent(String type, Map<String, Object> object) {
    }

    private final ApiClient client;
    private final Duration requestTimeout;
    private final boolean compression;
    /** Watches stay open for minutes; the caller's client may have a read timeout meant for short requests. */
    private final OkHttpClient watchHttp;

    RawApi(ApiClient client, Duration requestTimeout, boolean compression) {
        this.client = client;
        this.requestTimeout = requestTimeout;
        this.compression = compression;
        this.watchHttp = client.getHttpClient().newBuilder().readTimeout(Duration.ZERO).build();
    }

    ApiClient apiClient() {
        return client;
    }

    /**
     * GETs {@code path} once. Failures are thrown as {@link ApiErrors} translates them: broken
     * connections and bodies cut short as {@code NetworkFailure}, which the SDK's retry layer repeats.
     */
    <T> T get(String what, String path, List<Pair> query, BodyReader<T> reader) {
        Call call = newCall(what, "GET", path, query, null, client.getHttpClient());
        call.timeout().timeout(requestTimeout.toMillis(), TimeUnit.MILLISECONDS);
        return execute(what, call, reader, ApiErrors::of);
    }

    /**
     * POSTs {@code json} to the collection at {@code path} once: a create, without client-java's typed
     * or Gson round trips (a restore makes one per object). Failures as {@link #get} throws them, and a
     * 404 that names no object as the type not being served ({@link ApiErrors#ofCreate}).
     */
    Map<String, Object> create(String what, String path, byte[] json) {
        Call call = newCall(what, "POST", path, List.of(), json, client.getHttpClient());
        call.timeout().timeout(requestTimeout.toMillis(), TimeUnit.MILLISECONDS);
        return execute(what, call, body -> {
            try (JsonParser p = JsonTrees.FACTORY.createParser(body)) {
                if (p.nextToken() != JsonToken.START_OBJECT) {
                    throw new IOException("the created object is not a JSON object");
                }
                return JsonTrees.readObject(p, new LinkedHashMap<>());
            }
        }, ApiErrors::ofCreate);
    }

    /**
     * Watches a collection for at most {@code timeout} and hands each event to {@code handler}
     * until it returns true. Ends early, returning false, when the server closes the watch.
     */
    boolean watch(String what, String path, List<Pair> query, Duration timeout, Predicate<WatchEvent> handler) {
        List<Pair> q = new ArrayList<>(query);
        q.add(new Pair("watch", "true"));
        q.add(new Pair("timeoutSeconds", Long.toString(Math.max(1, (timeout.toMillis() + 999) / 1000))));
        Call call = newCall(what, "GET", path, q, null, watchHttp);
        // The server ends the watch after timeoutSeconds; this bounds a server that does not.
        call.timeout().timeout(timeout.toMillis() + requestTimeout.toMillis(), TimeUnit.MILLISECONDS);
        return execute(what, call, body -> {
            try (JsonParser p = JsonTrees.FACTORY.createParser(body)) {
                JsonToken t;
                while ((t = p.nextToken()) != null) {
                    if (t != JsonToken.START_OBJECT) {
                        throw new IOException("watch event is not a JSON object");
                    }
                    Map<String, Object> event = JsonTrees.readObject(p, new LinkedHashMap<>());
                    @SuppressWarnings("unchecked")
                    Map<String, Object> object = event.get("object") instanceof Map<?, ?> m
                            ? (Map<String, Object>) m : Map.of();
                    if (handler.test(new WatchEvent(String.valueOf(event.get("type")), object))) {
                        return true;
                    }
                }
                return false;
            }
        }, ApiErrors::of);
    }

    private Call newCall(String what, String method, String path, List<Pair> query, byte[] json, OkHttpClient http) {
        Map<String, String> headers = new HashMap<>();
        headers.put("Accept", "application/json");
        if (json != null) {
            headers.put("Content-Type", "application/json");
        }
        if (!compression) {
            // Without this OkHttp asks for gzip, and on a fast network compressing large lists costs
            // the API server more CPU than the bytes it saves.
            headers.put("Accept-Encoding", "identity");
        }
        try {
            return http.newCall(client.buildRequest(null, path, method, query, List.of(), json, headers, new HashMap<>(),
                    new HashMap<>(), AUTH, null));
        } catch (ApiException e) {
            // Building a request fails only when the client's authentication cannot be applied.
            throw ApiErrors.of(e, what);
        }
    }

    /** How a request's failure answer becomes an exception: {@link ApiErrors#of(int, String, ApiErrors.Status, Duration)} or a variant. */
    @FunctionalInterface
    private interface Failure {
        AksBackupException of(int status, String what, ApiErrors.Status s, Duration retryAfter);
    }

    private static <T> T execute(String what, Call call, BodyReader<T> reader, Failure failure) {
        try (Response r = call.execute()) {
            ResponseBody body = r.body();
            if (r.isSuccessful()) {
                return reader.read(body.byteStream());
            }
            throw failure.of(r.code(), what, ApiErrors.Status.parse(body.string()),
                    ApiErrors.parseRetryAfter(r.header("Retry-After")));
        } catch (IOException e) {
            throw ApiErrors.network(what, e);
        }
    }

    /** The URL path of a type's collection, in a namespace or across all of them. */
    static String collectionPath(ResourceType type, String namespace) {
        StringBuilder sb = new StringBuilder(64);
        if (type.group().isEmpty()) {
            sb.append("/api/").append(type.version());
        } else {
            sb.append("/apis/").append(type.group()).append('/').append(type.version());
        }
        if (type.namespaced() && namespace != null) {
            sb.append("/namespaces/").append(namespace);
        }
        return sb.append('/').append(type.plural()).toString();
    }

    /** Whether the server is on this machine, where compressing responses only costs CPU on both ends. */
    static boolean isLoopback(String basePath) {
        try {
            String host = URI.create(basePath).getHost();
            return host != null && (host.equals("localhost") || InetAddress.getByName(host).isLoopbackAddress());
        } catch (IllegalArgumentException | UnknownHostException e) {
            return false;
        }
    }

    /** Daemon threads named {@code prefix} and a number: background fetches never keep a JVM alive. */
    static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
