package io.github.aksbackup.testkit;

import io.github.aksbackup.api.NotFoundException;
import io.github.aksbackup.spi.KubeObject;
import io.github.aksbackup.spi.ResourceType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * Discovery of {@link InMemoryCluster}: the types it serves (the built-in ones of an AKS cluster,
 * plus one per CustomResourceDefinition created in it, gone when the definition is deleted), each
 * with its objects. Thread-safe.
 */
final class ServedTypes {
    static final ResourceType NAMESPACES = new ResourceType("", "v1", "Namespace", "namespaces", false, BuiltInTypes.VERBS);
    static final ResourceType PODS = new ResourceType("", "v1", "Pod", "pods", true, BuiltInTypes.VERBS);
    private static final String CRD_GROUP = "apiextensions.k8s.io";

    /** One served type and its objects, stored encoded, keyed {@code namespace/name} or {@code name}. */
    static final class TypeStore {
        final ResourceType type;
        final boolean custom;
        final boolean statusSubresource;
        final ConcurrentSkipListMap<String, byte[]> objects = new ConcurrentSkipListMap<>();

        TypeStore(ResourceType type, boolean custom, boolean statusSubresource) {
            this.type = type;
            this.custom = custom;
            this.statusSubresource = statusSubresource;
        }
    }

    private final Map<String, TypeStore> types = new ConcurrentHashMap<>();

    ServedTypes() {
        for (ResourceType t : BuiltInTypes.all()) {
            types.put(key(t.group(), t.plural()), new TypeStore(t, false, true));
        }
    }

    private static String key(String group, String plural) {
        return group + "/" + plural;
    }

    /** True for the type whose objects define other types. */
    static boolean isDefinitionType(ResourceType type) {
        return type.group().equals(CRD_GROUP) && type.kind().equals("CustomResourceDefinition");
    }

    /** Every served type, in display name order. */
    List<ResourceType> discover() {
        List<ResourceType> out = new ArrayList<>();
        for (TypeStore s : types.values()) {
            out.add(s.type);
        }
        out.sort((a, b) -> a.displayName().compareTo(b.displayName()));
        return out;
    }

    /**
     * The store of a served type.
     *
     * @throws NotFoundException as the API server answers for a type it does not serve
     */
    TypeStore store(ResourceType type) {
        TypeStore s = types.get(key(type.group(), type.plural()));
        if (s == null) {
            throw new NotFoundException("the server could not find the requested resource " + type.groupResource());
        }
        return s;
    }

    /** See {@link InMemoryCluster#type}. */
    ResourceType type(String apiVersion, String kind) {
        String group = apiVersion == null || !apiVersion.contains("/") ? "" : apiVersion.substring(0, apiVersion.indexOf('/'));
        for (TypeStore s : types.values()) {
            if (s.type.group().equals(group) && s.type.kind().equals(kind)) {
                return s.type;
            }
        }
        throw new NotFoundException("the cluster serves no type " + apiVersion + "/" + kind);
    }

    /** Serves the type a created CustomResourceDefinition defines (its storage version, or the first one served). */
    @SuppressWarnings("unchecked")
    void define(Map<String, Object> crd) {
        String group = str(crd, "spec", "group");
        String plural = str(crd, "spec", "names", "plural");
        String kind = str(crd, "spec", "names", "kind");
        String scope = str(crd, "spec", "scope");
        String version = null;
        boolean status = false;
        Object versions = ((Map<String, Object>) crd.getOrDefault("spec", Map.of())).get("versions");
        if (versions instanceof List<?> vs) {
            for (Object o : vs) {
                Map<String, Object> v = (Map<String, Object>) o;
                if (version == null && !Boolean.FALSE.equals(v.get("served")) || Boolean.TRUE.equals(v.get("storage"))) {
                    version = (String) v.get("name");
                    status = v.get("subresources") instanceof Map<?, ?> sub && sub.containsKey("status");
                }
            }
        }
        if (group == null || plural == null || kind == null || version == null) {
            return;
        }
        ResourceType t = new ResourceType(group, version, kind, plural, !"Cluster".equals(scope), BuiltInTypes.VERBS);
        types.putIfAbsent(key(group, plural), new TypeStore(t, true, status));
    }

    /** Stops serving the type of a deleted CustomResourceDefinition, and forgets its objects. */
    void undefine(Map<String, Object> crd) {
        types.remove(key(str(crd, "spec", "group"), str(crd, "spec", "names", "plural")));
    }

    /** Deletes every namespaced object of a deleted namespace. */
    void deleteNamespaceContent(String namespace) {
        for (TypeStore s : types.values()) {
            if (s.type.namespaced()) {
                s.objects.subMap(namespace + "/", true, namespace + "0", false).clear();
            }
        }
    }

    /** Number of objects of every type. */
    long size() {
        long n = 0;
        for (TypeStore s : types.values()) {
            n += s.objects.size();
        }
        return n;
    }

    /** See {@link InMemoryCluster#keys()}. */
    Set<String> keys() {
        Set<String> out = new HashSet<>();
        for (TypeStore s : types.values()) {
            for (String k : s.objects.keySet()) {
                out.add(s.type.displayName() + " " + k);
            }
        }
        return out;
    }

    private static String str(Map<String, Object> m, String... path) {
        Object v = new KubeObject(m).at(path);
        return v instanceof String s ? s : null;
    }
}
