package io.github.aksbackup.k8s;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.github.aksbackup.api.AksBackupException;
import io.github.aksbackup.spi.ResourceType;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds every resource type the cluster serves that a backup can list and a restore can create, each
 * in its group's preferred version, or, for a type the preferred version does not serve, in the first
 * other version that does (as kubectl does: Kubernetes 1.20 serves CronJobs only in {@code
 * batch/v1beta1} while {@code batch}'s preferred version is {@code v1}; a CRD group may have kinds
 * only an older version serves). Subresources ({@code pods/log}) are left out, and so are
 * types served under a second, legacy name for the same stored objects ({@code extensions}
 * Ingresses, {@code events.k8s.io} Events), which would otherwise be backed up twice.
 */
final class Discovery {
    private static final Logger LOG = LoggerFactory.getLogger(Discovery.class);

    /** Groups that serve, under another name, objects stored once and served by a newer group too. */
    private static final Set<String> LEGACY_ALIAS_GROUPS = Set.of("extensions");

    private final RawApi api;
    private final CallPolicy policy;
    private final Executor executor;

    Discovery(RawApi api, CallPolicy policy, Executor executor) {
        this.api = api;
        this.policy = policy;
        this.executor = executor;
    }

    List<ResourceType> discover() {
        List<String> coreVersions = strings(get("/api").get("versions"));
        String coreVersion = coreVersions.contains("v1") ? "v1" : coreVersions.get(0);
        List<CompletableFuture<List<ResourceType>>> parts = new ArrayList<>();
        parts.add(CompletableFuture.supplyAsync(() -> resources("", coreVersion, "/api/" + coreVersion), executor));
        for (Object g : list(get("/apis").get("groups"))) {
            Map<String, Object> group = map(g);
            String name = (String) group.get("name");
            Map<String, Object> preferred = map(group.get("preferredVersion"));
            String version = (String) preferred.get("version");
            if (name == null || version == null) {
                continue;
            }
            List<String> versions = new ArrayList<>(List.of(version));
            for (Object v : list(group.get("versions"))) {
                if (map(v).get("version") instanceof String other && !versions.contains(other)) {
                    versions.add(other);
                }
            }
            parts.add(CompletableFuture.supplyAsync(() -> group(name, versions), executor));
        }
        List<ResourceType> all = new ArrayList<>();
        for (CompletableFuture<List<ResourceType>> part : parts) {
            try {
                all.addAll(part.join());
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : e;
            }
        }
        return withoutAliases(all);
    }

    /** The types of a group: the preferred version's, then those only other versions serve. */
    private List<ResourceType> group(String name, List<String> versions) {
        List<ResourceType> types = new ArrayList<>();
        Set<String> plurals = new HashSet<>();
        for (String version : versions) {
            try {
                for (ResourceType t : resources(name, version, "/apis/" + name + "/" + version)) {
                    if (plurals.add(t.plural())) {
                        types.add(t);
                    }
                }
            } catch (AksBackupException e) {
                // An aggregated API whose backend is down (metrics.k8s.io is the usual one) must
                // not stop a backup of everything else; kubectl behaves the same way.
                LOG.warn("skipping API group {}/{}: {}", name, version, e.getMessage());
            }
        }
        return types;
    }

    private List<ResourceType> resources(String group, String version, String path) {
        List<ResourceType> types = new ArrayList<>();
        for (Object r : list(get(path).get("resources"))) {
            Map<String, Object> res = map(r);
            String plural = (String) res.get("name");
            String kind = (String) res.get("kind");
            if (plural == null || kind == null || plural.contains("/")) {
                continue;
            }
            Set<String> verbs = new HashSet<>(strings(res.get("verbs")));
            if (!verbs.contains("list") || !verbs.contains("create")) {
                continue;
            }
            types.add(new ResourceType(group, version, kind, plural, Boolean.TRUE.equals(res.get("namespaced")), verbs));
        }
        return types;
    }

    private static List<ResourceType> withoutAliases(List<ResourceType> all) {
        Set<String> pluralsOutsideLegacy = new HashSet<>();
        for (ResourceType t : all) {
            if (!LEGACY_ALIAS_GROUPS.contains(t.group())) {
                pluralsOutsideLegacy.add(t.plural());
            }
        }
        boolean coreEvents = all.stream().anyMatch(t -> t.group().isEmpty() && t.plural().equals("events"));
        List<ResourceType> kept = new ArrayList<>(all.size());
        for (ResourceType t : all) {
            boolean legacyAlias = LEGACY_ALIAS_GROUPS.contains(t.group()) && pluralsOutsideLegacy.contains(t.plural());
            boolean eventsAlias = coreEvents && t.group().equals("events.k8s.io") && t.plural().equals("events");
            if (!legacyAlias && !eventsAlias) {
                kept.add(t);
            }
        }
        return List.copyOf(kept);
    }

    private Map<String, Object> get(String path) {
        String what = "discover " + path;
        return policy.run(what, () -> api.get(what, path, List.of(), Discovery::parse));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> parse(InputStream body) throws IOException {
        try (JsonParser p = JsonTrees.FACTORY.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("discovery response is not a JSON object");
            }
            return JsonTrees.readObject(p, new LinkedHashMap<>());
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return o instanceof Map ? (Map<String, Object>) o : Map.of();
    }

    private static List<Object> list(Object o) {
        return o instanceof List<?> l ? new ArrayList<>(l) : List.of();
    }

    private static List<String> strings(Object o) {
        List<String> out = new ArrayList<>();
        for (Object x : list(o)) {
            if (x instanceof String s) {
                out.add(s);
            }
        }
        return out;
    }
}
