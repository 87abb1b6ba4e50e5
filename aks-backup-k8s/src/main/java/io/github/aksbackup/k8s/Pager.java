package io.github.aksbackup.k8s;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.github.aksbackup.api.AksBackupException;
import io.github.aksbackup.api.ErrorCode;
import io.github.aksbackup.spi.KubeObject;
import io.github.aksbackup.spi.ListOptions;
import io.github.aksbackup.spi.Page;
import io.github.aksbackup.spi.ResourceType;
import io.kubernetes.client.openapi.Pair;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A lazy, paged LIST of one resource type ({@code limit} + {@code continue}). While the consumer
 * works on one page the next one is already being fetched (when prefetching is on), so the
 * consumer's work and the server's hide each other. When the server has expired the continue
 * token (HTTP 410) the listing starts over and the next page says so.
 */
final class Pager implements Iterable<Page> {
    private static final Logger LOG = LoggerFactory.getLogger(Pager.class);

    private final RawApi api;
    private final CallPolicy policy;
    private final ResourceType type;
    private final ListOptions options;
    private final Executor prefetcher;
    private final AtomicBoolean iterated = new AtomicBoolean();

    /** @param prefetcher runs the fetch of the next page, or {@code null} to fetch on demand */
    Pager(RawApi api, CallPolicy policy, ResourceType type, ListOptions options, Executor prefetcher) {
        this.api = api;
        this.policy = policy;
        this.type = type;
        this.options = options;
        this.prefetcher = prefetcher;
    }

    @Override
    public Iterator<Page> iterator() {
        if (!iterated.compareAndSet(false, true)) {
            throw new IllegalStateException("a listing of " + type + " may be iterated only once");
        }
        return new PageIterator();
    }

    /** One fetched page and where the listing goes on from it. */
    private record Fetched(Page page, String continueToken) {
    }

    private final class PageIterator implements Iterator<Page> {
        /** The page being fetched in the background, or {@code null}. */
        private CompletableFuture<Fetched> ahead;
        /** Where the listing goes on when fetching on demand. */
        private String pendingToken;
        private boolean started;
        private boolean done;

        @Override
        public boolean hasNext() {
            return !done;
        }

        @Override
        public Page next() {
            if (done) {
                throw new NoSuchElementException();
            }
            Fetched f;
            if (ahead != null) {
                CompletableFuture<Fetched> pending = ahead;
                // Cleared before waiting: after a failure the next call fetches that page again.
                ahead = null;
                f = await(pending);
            } else {
                f = fetch(started ? pendingToken : null);
            }
            started = true;
            pendingToken = f.continueToken();
            if (pendingToken == null) {
                done = true;
            } else if (prefetcher != null) {
                String token = pendingToken;
                ahead = CompletableFuture.supplyAsync(() -> fetch(token), prefetcher);
            }
            return f.page();
        }
    }

    private static Fetched await(CompletableFuture<Fetched> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AksBackupException(ErrorCode.CANCELLED, "interrupted while listing", null, e);
        } catch (ExecutionException | CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new AksBackupException(ErrorCode.INTERNAL, "listing failed: " + e.getCause(), null, e.getCause());
        }
    }

    /** Fetches the page after {@code token} (the first page for {@code null}), restarting on 410. */
    private Fetched fetch(String token) {
        try {
            return fetchOnce(token, false);
        } catch (AksBackupException e) {
            if (token == null || !"Expired".equals(e.code())) {
                throw e;
            }
            LOG.warn("listing {} had to start over: {}", type, e.getMessage());
            return fetchOnce(null, true);
        }
    }

    private Fetched fetchOnce(String token, boolean restarted) {
        String path = RawApi.collectionPath(type, options.namespace());
        List<Pair> query = new ArrayList<>(3);
        query.add(new Pair("limit", Integer.toString(options.pageSize())));
        if (token != null) {
            query.add(new Pair("continue", token));
        }
        if (options.labelSelector() != null && !options.labelSelector().isBlank()) {
            query.add(new Pair("labelSelector", options.labelSelector()));
        }
        String what = "list " + type + (options.namespace() == null ? "" : " in " + options.namespace());
        return policy.run(what, () -> api.get(what, path, query, body -> read(body, restarted)));
    }

    /** Reads a List response, giving every item the type's apiVersion and kind (the server leaves them out). */
    private Fetched read(InputStream body, boolean restarted) throws IOException {
        List<KubeObject> items = new ArrayList<>(options.pageSize());
        String continueToken = null;
        String apiVersion = type.apiVersion();
        String kind = type.kind();
        try (JsonParser p = JsonTrees.FACTORY.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("list response is not a JSON object");
            }
            String field;
            while ((field = p.nextFieldName()) != null) {
                JsonToken t = p.nextToken();
                if ("items".equals(field) && t == JsonToken.START_ARRAY) {
                    while (p.nextToken() == JsonToken.START_OBJECT) {
                        Map<String, Object> item = new LinkedHashMap<>();
                        item.put("apiVersion", apiVersion);
                        item.put("kind", kind);
                        items.add(new KubeObject(readItem(p, item)));
                    }
                } else if ("metadata".equals(field) && t == JsonToken.START_OBJECT) {
                    Object c = JsonTrees.readObject(p, new LinkedHashMap<>()).get("continue");
                    if (c instanceof String s && !s.isEmpty()) {
                        continueToken = s;
                    }
                } else {
                    p.skipChildren();
                }
            }
        }
        return new Fetched(new Page(items, restarted), continueToken);
    }

    /**
     * Reads one listed object, leaving out {@code metadata.managedFields}: the server's bookkeeping of
     * which client set which field, often a third of a small object's bytes, which no backup or
     * restore uses (see {@link io.github.aksbackup.spi.ClusterClient#list}).
     */
    private static Map<String, Object> readItem(JsonParser p, Map<String, Object> into) throws IOException {
        String field;
        while ((field = p.nextFieldName()) != null) {
            JsonToken t = p.nextToken();
            if ("metadata".equals(field) && t == JsonToken.START_OBJECT) {
                Map<String, Object> meta = new LinkedHashMap<>();
                String m;
                while ((m = p.nextFieldName()) != null) {
                    p.nextToken();
                    if ("managedFields".equals(m)) {
                        p.skipChildren();
                    } else {
                        meta.put(m, JsonTrees.readValue(p));
                    }
                }
                into.put(field, meta);
            } else {
                into.put(field, JsonTrees.readValue(p));
            }
        }
        return into;
    }
}
