package io.github.aksbackup.testkit;

import io.github.aksbackup.api.selector.LabelSelector;
import io.github.aksbackup.spi.KubeObject;
import io.github.aksbackup.spi.ListOptions;
import io.github.aksbackup.spi.Page;
import io.github.aksbackup.spi.ResourceType;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NoSuchElementException;
import java.util.function.Function;

/**
 * The pages of one listing of {@link InMemoryCluster}, read from the live store page by page as the
 * API server does with continue tokens (so objects changed meanwhile show as they are then), and,
 * when a test expired the token, started over after the first page with {@link Page#restarted()} set.
 */
final class PagedListing implements Iterator<Page> {
    private final NavigableMap<String, byte[]> objects;
    private final ResourceType type;
    private final ListOptions options;
    private final LabelSelector selector;
    private final Function<byte[], Map<String, Object>> decode;
    private String lastKey;
    private boolean done;
    private boolean restartPending;
    private boolean restarted;
    private int pages;

    PagedListing(NavigableMap<String, byte[]> objects, ResourceType type, ListOptions options, LabelSelector selector, boolean expire,
            Function<byte[], Map<String, Object>> decode) {
        this.objects = objects;
        this.type = type;
        this.options = options;
        this.selector = selector;
        this.restartPending = expire;
        this.decode = decode;
    }

    @Override
    public boolean hasNext() {
        return !done;
    }

    @Override
    public Page next() {
        if (done) {
            throw new NoSuchElementException();
        }
        if (restartPending && pages == 1) {
            // The continue token "expired": start over, as a client does after HTTP 410.
            restartPending = false;
            restarted = true;
            lastKey = null;
        }
        NavigableMap<String, byte[]> view = objects;
        if (options.namespace() != null && type.namespaced()) {
            view = view.subMap(options.namespace() + "/", true, options.namespace() + "0", false);
        }
        if (lastKey != null) {
            view = view.tailMap(lastKey, false);
        }
        List<KubeObject> items = new ArrayList<>();
        Iterator<Map.Entry<String, byte[]>> it = view.entrySet().iterator();
        while (items.size() < options.pageSize() && it.hasNext()) {
            Map.Entry<String, byte[]> e = it.next();
            lastKey = e.getKey();
            KubeObject o = new KubeObject(decode.apply(e.getValue()));
            if (selector.matches(o.labels())) {
                items.add(o);
            }
        }
        done = !it.hasNext() && !(restartPending && pages == 0);
        pages++;
        Page p = new Page(items, restarted);
        restarted = false;
        return p;
    }
}
