package io.github.aksbackup.repository;

import io.github.aksbackup.internal.Json;
import io.github.aksbackup.spi.ObjectInfo;
import io.github.aksbackup.spi.ObjectStore;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The markers by which backups (sessions) and garbage collections see each other (see
 * {@link Repository}'s class comment): one object per running session or collection, holding when it
 * started; live while younger than {@link RepositoryOptions#staleAfter()} and not ended. Where a
 * retention policy keeps a marker that should be deleted, an end marker beside it says the run ended.
 * Thread-safe.
 */
final class RunMarkers {
    /** Suffix of the object that records the end of a run whose marker a retention policy keeps. */
    private static final String ENDED = ".ended";

    private final ObjectStore store;
    private final Clock clock;
    private final RepositoryOptions options;

    RunMarkers(ObjectStore store, Clock clock, RepositoryOptions options) {
        this.store = store;
        this.clock = clock;
        this.options = options;
    }

    /** Writes a marker recording that a session or collection started now; returns its key. */
    String start(String prefix, String id, Map<String, Object> details) {
        Map<String, Object> m = new LinkedHashMap<>(details);
        m.put("started", clock.instant().toString());
        String key = prefix + id + ".json";
        store.putIfAbsent(key, CanonicalJson.write(m));
        return key;
    }

    /**
     * Ends a session or collection marker: deletes it, or, where a retention policy forbids that yet,
     * writes an end marker beside it so that nobody waits for the run.
     */
    void end(String key) {
        try {
            store.delete(key);
        } catch (io.github.aksbackup.api.AksBackupException e) {
            if (!Repository.isLocked(e)) {
                throw e;
            }
            store.putIfAbsent(endedKey(key), CanonicalJson.write(Map.of("ended", clock.instant().toString())));
        }
    }

    /** Keys of live (not stale) markers under a prefix, with their start time; stale ones are added to {@code stale}. */
    Map<String, Instant> live(String prefix, List<String> stale) {
        Map<String, Instant> live = new LinkedHashMap<>();
        Instant now = clock.instant();
        List<ObjectInfo> markers = new ArrayList<>();
        Set<String> ended = new HashSet<>();
        for (ObjectInfo o : store.list(prefix)) {
            if (o.key().endsWith(ENDED)) {
                ended.add(o.key());
            } else {
                markers.add(o);
            }
        }
        for (ObjectInfo o : markers) {
            Instant started = markerStart(o);
            boolean young = started.plus(options.staleAfter()).isAfter(now);
            String end = endedKey(o.key());
            if (ended.remove(end)) {
                // Ended, but a retention policy kept it: not live, and removable once old.
                if (!young) {
                    stale.add(o.key());
                    stale.add(end);
                }
            } else if (young) {
                live.put(o.key(), started);
            } else {
                stale.add(o.key());
            }
        }
        for (String orphan : ended) {
            stale.add(orphan);
        }
        return live;
    }

    static String endedKey(String markerKey) {
        return (markerKey.endsWith(".json") ? markerKey.substring(0, markerKey.length() - ".json".length()) : markerKey) + ENDED;
    }

    private Instant markerStart(ObjectInfo o) {
        try {
            Object s = Json.parseTree(store.getBytes(o.key())).get("started");
            return s instanceof String str ? Instant.parse(str) : o.lastModified();
        } catch (RuntimeException e) {
            // An unreadable marker counts from its modification time, so it still expires.
            return o.lastModified();
        }
    }
}
