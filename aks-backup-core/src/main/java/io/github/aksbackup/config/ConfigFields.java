package io.github.aksbackup.config;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.aksbackup.api.InvalidInputException;
import io.github.aksbackup.api.instance.NamespacedName;
import io.github.aksbackup.api.selector.LabelSelector;
import io.github.aksbackup.api.selector.ResourceTypeMatcher;
import io.github.aksbackup.internal.json.JsonCursor;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The fields {@code KubernetesClusterBackupDatasourceParameters} and the restore criteria share:
 * namespaces, resource types, label selectors and namespaced references, read with the same checks.
 */
final class ConfigFields {

    private static final Pattern NAMESPACE = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern RESOURCE_NAME = Pattern.compile("[a-z0-9]([-a-z0-9.]*[a-z0-9])?");

    private ConfigFields() {
    }

    /**
     * Reads a file with {@code reader}; problems are located in the file, so that a command line
     * naming several files says which one is wrong.
     */
    static <T> T inFile(java.nio.file.Path file, java.util.function.Supplier<T> reader) {
        try {
            return reader.get();
        } catch (io.github.aksbackup.api.InvalidInputException e) {
            throw new io.github.aksbackup.api.InvalidInputException(e.problems().stream()
                    .map(p -> new io.github.aksbackup.api.ValidationProblem(file + " " + p.path(), p.message())).toList());
        }
    }

    /**
     * Records a problem for each field of {@code c} that is none of {@code known}: a misspelt or
     * foreign field would otherwise be ignored, and a filter ignored is a backup or restore of
     * everything.
     */
    static void unknownFields(JsonCursor c, String what, List<String> known) {
        for (String field : c.unknownFields(known)) {
            c.problem(field, "is not a field of " + what + "; expected " + String.join(", ", known));
        }
    }

    /** A list of namespace names, each checked as a Kubernetes namespace name. */
    static List<String> namespaces(JsonCursor c, String field) {
        return c.list(field, false, ConfigFields::namespace);
    }

    /** One namespace name; {@code null} with a problem when it is not a valid one. */
    static String namespace(JsonCursor item) {
        String ns = item.asString();
        if (ns == null) {
            return null;
        }
        String problem = namespaceProblem(ns);
        if (problem != null) {
            item.problem(problem);
            return null;
        }
        return ns;
    }

    /** Why the text is not a namespace name, or {@code null} when it is one. */
    static String namespaceProblem(String ns) {
        if (ns.length() > 63 || !NAMESPACE.matcher(ns).matches()) {
            return "'" + ns + "' is not a namespace name: use 1..63 lowercase letters, digits and '-',"
                    + " starting and ending with a letter or digit";
        }
        return null;
    }

    /** A list of resource-type patterns, each checked by {@link ResourceTypeMatcher}. */
    static List<String> resourceTypes(JsonCursor c, String field) {
        return c.list(field, false, item -> {
            String text = item.asString();
            if (text == null) {
                return null;
            }
            try {
                ResourceTypeMatcher.parse(text);
                return text;
            } catch (InvalidInputException e) {
                item.problem(e.problems().get(0).message());
                return null;
            }
        });
    }

    /** A list of label selectors in the Kubernetes string syntax. */
    static List<LabelSelector> labelSelectors(JsonCursor c) {
        return c.list("labelSelectors", false, item -> {
            String text = item.asString();
            if (text == null) {
                return null;
            }
            try {
                return LabelSelector.parse(text);
            } catch (InvalidInputException e) {
                item.problem(e.problems().get(0).message());
                return null;
            }
        });
    }

    /** A {@code NamespacedNameResource}: {@code {"name": ..., "namespace": ...}}. */
    static NamespacedName reference(JsonCursor item) {
        if (!item.node().isObject()) {
            item.problem("must be an object {\"name\": ..., \"namespace\": ...}, found " + JsonCursor.describe(item.node()));
            return null;
        }
        int before = item.problemCount();
        String name = item.string("name", true);
        String namespace = item.string("namespace", true);
        if (namespace != null && namespaceProblem(namespace) != null) {
            item.problem("namespace", namespaceProblem(namespace));
        }
        if (name != null && (name.length() > 253 || !RESOURCE_NAME.matcher(name).matches())) {
            item.problem("name", "'" + name + "' is not a Kubernetes resource name: use 1..253 lowercase letters, digits, '-'"
                    + " and '.', starting and ending with a letter or digit");
        }
        return item.problemCount() > before ? null : new NamespacedName(name, namespace);
    }

    /** The shared filter fields, written as Azure names them; empty lists are left out as Azure does. */
    static void writeFilters(ObjectNode n, List<String> includedNamespaces, List<String> excludedNamespaces,
            List<String> includedResourceTypes, List<String> excludedResourceTypes, List<LabelSelector> selectors) {
        strings(n, "excludedNamespaces", excludedNamespaces);
        strings(n, "excludedResourceTypes", excludedResourceTypes);
        strings(n, "includedNamespaces", includedNamespaces);
        strings(n, "includedResourceTypes", includedResourceTypes);
        strings(n, "labelSelectors", selectors.stream().map(LabelSelector::toString).toList());
    }

    static void strings(ObjectNode n, String field, List<String> values) {
        if (!values.isEmpty()) {
            ArrayNode a = n.putArray(field);
            values.forEach(a::add);
        }
    }

    static void references(ObjectNode n, String field, List<NamespacedName> refs) {
        if (!refs.isEmpty()) {
            ArrayNode a = n.putArray(field);
            refs.forEach(r -> a.add(reference(r)));
        }
    }

    static ObjectNode reference(NamespacedName ref) {
        ObjectNode o = n();
        o.put("name", ref.name());
        o.put("namespace", ref.namespace());
        return o;
    }

    private static ObjectNode n() {
        return io.github.aksbackup.internal.json.JsonDocuments.object();
    }
}
