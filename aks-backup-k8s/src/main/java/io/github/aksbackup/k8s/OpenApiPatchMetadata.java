package io.github.aksbackup.k8s;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.github.aksbackup.spi.PatchMetadata;
import io.github.aksbackup.spi.PatchMetadata.FieldStrategy;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The strategic merge patch metadata of a server's OpenAPI v2 document ({@code /openapi/v2}), read
 * once in one streaming pass that keeps only what a strategic merge patch needs: per definition, its
 * kinds ({@code x-kubernetes-group-version-kind}) and, per property, where it leads ({@code $ref},
 * {@code items.$ref}) and its {@code x-kubernetes-patch-strategy} / {@code x-kubernetes-patch-merge-key};
 * and which kinds' PATCH operations accept {@code application/strategic-merge-patch+json}. The document
 * is several megabytes (tens with many CRDs); what is kept is a few hundred kilobytes.
 *
 * <p>The server itself says which kinds take a strategic merge patch: the PATCH operations of built-in
 * types list that media type, those of custom resources do not (kubectl sends them a JSON merge patch).
 * A kind's metadata is computed on first request by walking its definition (properties, and the items
 * of lists, not the values of maps; a definition met again on the same path ends the walk, as
 * {@code JSONSchemaProps} refers to itself) and kept.
 */
final class OpenApiPatchMetadata {
    private static final String STRATEGIC = "application/strategic-merge-patch+json";
    private static final String REF_PREFIX = "#/definitions/";

    /** One property of a definition, as far as patching is concerned. */
    private record Property(String ref, String strategy, String mergeKey) {
    }

    /** Definition name → its properties. */
    private final Map<String, Map<String, Property>> definitions = new HashMap<>();
    /** {@code group/version/kind} → the definition describing it. */
    private final Map<String, String> kinds = new HashMap<>();
    /** {@code group/version/kind} of every kind whose PATCH accepts a strategic merge patch. */
    private final Set<String> strategic = new HashSet<>();
    private final Map<String, Optional<PatchMetadata>> computed = new ConcurrentHashMap<>();

    private OpenApiPatchMetadata() {
    }

    /** Reads the document from a response body. */
    static OpenApiPatchMetadata read(InputStream body) throws IOException {
        OpenApiPatchMetadata m = new OpenApiPatchMetadata();
        try (JsonParser p = JsonTrees.FACTORY.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("the OpenAPI document is not a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if (field.equals("definitions") && value == JsonToken.START_OBJECT) {
                    m.readDefinitions(p);
                } else if (field.equals("paths") && value == JsonToken.START_OBJECT) {
                    m.readPaths(p);
                } else {
                    p.skipChildren();
                }
            }
        }
        return m;
    }

    /** The metadata of a kind, or empty when the server takes no strategic merge patch for it. */
    Optional<PatchMetadata> forKind(String apiVersion, String kind) {
        String key = key(apiVersion, kind);
        return computed.computeIfAbsent(key, k -> {
            String definition = kinds.get(k);
            if (definition == null || !strategic.contains(k)) {
                return Optional.empty();
            }
            Map<String, FieldStrategy> fields = new LinkedHashMap<>();
            walk(definition, "", new HashSet<>(), fields);
            return Optional.of(new PatchMetadata(fields));
        });
    }

    /** Kinds whose metadata this document holds ({@code group/version/Kind}), for diagnostics and tests. */
    Set<String> strategicKinds() {
        return Set.copyOf(strategic);
    }

    private void walk(String definition, String prefix, Set<String> onPath, Map<String, FieldStrategy> out) {
        Map<String, Property> props = definitions.get(definition);
        if (props == null || !onPath.add(definition)) {
            return;
        }
        for (Map.Entry<String, Property> e : props.entrySet()) {
            String path = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
            Property p = e.getValue();
            if (p.strategy() != null) {
                out.put(path, new FieldStrategy(p.strategy(), p.mergeKey()));
            }
            if (p.ref() != null) {
                walk(p.ref(), path, onPath, out);
            }
        }
        onPath.remove(definition);
    }

    private static String key(String apiVersion, String kind) {
        int slash = apiVersion.indexOf('/');
        String group = slash < 0 ? "" : apiVersion.substring(0, slash);
        String version = slash < 0 ? apiVersion : apiVersion.substring(slash + 1);
        return group + "/" + version + "/" + kind;
    }

    private void readDefinitions(JsonParser p) throws IOException {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            if (p.nextToken() != JsonToken.START_OBJECT) {
                p.skipChildren();
                continue;
            }
            Map<String, Property> props = new LinkedHashMap<>();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if (field.equals("properties") && value == JsonToken.START_OBJECT) {
                    readProperties(p, props);
                } else if (field.equals("x-kubernetes-group-version-kind") && value == JsonToken.START_ARRAY) {
                    for (String gvk : readKinds(p)) {
                        kinds.putIfAbsent(gvk, name);
                    }
                } else {
                    p.skipChildren();
                }
            }
            if (!props.isEmpty()) {
                definitions.put(name, props);
            }
        }
    }

    private static void readProperties(JsonParser p, Map<String, Property> props) throws IOException {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            if (p.nextToken() != JsonToken.START_OBJECT) {
                p.skipChildren();
                continue;
            }
            String ref = null;
            String strategy = null;
            String mergeKey = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                switch (field) {
                    case "$ref" -> ref = value == JsonToken.VALUE_STRING ? p.getText() : ref;
                    case "items" -> {
                        if (value == JsonToken.START_OBJECT) {
                            String itemRef = readRef(p);
                            ref = itemRef != null ? itemRef : ref;
                        } else {
                            p.skipChildren();
                        }
                    }
                    case "x-kubernetes-patch-strategy" -> strategy = value == JsonToken.VALUE_STRING ? p.getText() : null;
                    case "x-kubernetes-patch-merge-key" -> mergeKey = value == JsonToken.VALUE_STRING ? p.getText() : null;
                    default -> p.skipChildren();
                }
            }
            String target = ref != null && ref.startsWith(REF_PREFIX) ? ref.substring(REF_PREFIX.length()) : null;
            if (target != null || strategy != null) {
                props.put(name, new Property(target, strategy, mergeKey));
            }
        }
    }

    /** The {@code $ref} of the object the parser is in (a list's {@code items}), skipping the rest. */
    private static String readRef(JsonParser p) throws IOException {
        String ref = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            if (field.equals("$ref") && value == JsonToken.VALUE_STRING) {
                ref = p.getText();
            } else {
                p.skipChildren();
            }
        }
        return ref;
    }

    /** {@code group/version/kind} of each entry of an {@code x-kubernetes-group-version-kind} list. */
    private static List<String> readKinds(JsonParser p) throws IOException {
        List<String> out = new ArrayList<>();
        while (p.nextToken() == JsonToken.START_OBJECT) {
            String group = "";
            String version = null;
            String kind = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                String text = value == JsonToken.VALUE_STRING ? p.getText() : null;
                switch (field) {
                    case "group" -> group = text == null ? "" : text;
                    case "version" -> version = text;
                    case "kind" -> kind = text;
                    default -> p.skipChildren();
                }
            }
            if (version != null && kind != null) {
                out.add(group + "/" + version + "/" + kind);
            }
        }
        return out;
    }

    private void readPaths(JsonParser p) throws IOException {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                p.skipChildren();
                continue;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String method = p.currentName();
                JsonToken value = p.nextToken();
                if (method.equals("patch") && value == JsonToken.START_OBJECT) {
                    readPatchOperation(p);
                } else {
                    p.skipChildren();
                }
            }
        }
    }

    private void readPatchOperation(JsonParser p) throws IOException {
        boolean takesStrategic = false;
        List<String> gvks = List.of();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            if (field.equals("consumes") && value == JsonToken.START_ARRAY) {
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    takesStrategic |= STRATEGIC.equals(p.getText());
                }
            } else if (field.equals("x-kubernetes-group-version-kind") && value == JsonToken.START_OBJECT) {
                // A single object here, where definitions have a list.
                gvks = readKindObject(p);
            } else {
                p.skipChildren();
            }
        }
        if (takesStrategic) {
            strategic.addAll(gvks);
        }
    }

    private static List<String> readKindObject(JsonParser p) throws IOException {
        Map<String, String> f = new HashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            if (value == JsonToken.VALUE_STRING) {
                f.put(field, p.getText());
            } else {
                p.skipChildren();
            }
        }
        return f.containsKey("version") && f.containsKey("kind")
                ? List.of(f.getOrDefault("group", "") + "/" + f.get("version") + "/" + f.get("kind")) : List.of();
    }
}
