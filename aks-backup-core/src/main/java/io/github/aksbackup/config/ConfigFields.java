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
        c.refuseUnknownFields(what, known);
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

    /** Azure's {@code Datasource} and {@code DatasourceSet}: the protected (or target) cluster, by resource id. */
    private static final List<String> DATASOURCE = List.of("objectType", "datasourceType", "resourceID", "resourceLocation",
            "resourceName", "resourceType", "resourceUri", "resourceProperties");
    private static final List<String> IDENTITY = List.of("useSystemAssignedIdentity", "userAssignedIdentityArmUrl");

    /**
     * Reads a {@code Datasource} ({@code dataSourceInfo}, {@code datasourceInfo}) or {@code DatasourceSet}
     * naming an AKS cluster and returns its {@code resourceID}, or {@code null}. The id is taken as
     * written: an AKS cluster's resource id, or for clusters outside Azure any name the caller's cluster
     * resolver knows. The other fields restate the cluster's name, type and region.
     */
    static String datasource(JsonCursor parent, String field) {
        JsonCursor d = parent.object(field, false);
        if (d == null) {
            return null;
        }
        d.refuseUnknownFields("Datasource", DATASOURCE);
        String type = d.string("datasourceType", false);
        if (type != null && !type.strip().equalsIgnoreCase(io.github.aksbackup.api.policy.BackupPolicy.AKS_DATASOURCE_TYPE)) {
            d.problem("datasourceType", "'" + type + "' is not supported; aks-backup protects "
                    + io.github.aksbackup.api.policy.BackupPolicy.AKS_DATASOURCE_TYPE);
        }
        String id = d.string("resourceID", true);
        return id == null || id.isBlank() ? null : id.strip();
    }

    /**
     * Records a problem for {@code datasourceAuthCredentials}: aks-backup reaches the cluster through
     * the kubeconfig or the given ClusterClient, never with credentials from a document. Azure prints
     * the field empty for an AKS instance or restore, which is accepted.
     */
    static void refuseCredentials(JsonCursor c) {
        if (c.has("datasourceAuthCredentials")) {
            c.problem("datasourceAuthCredentials", "is not supported: aks-backup reaches the cluster through the kubeconfig (command"
                    + " line) or the ClusterClient given to AksBackupClient, never with credentials from this document; remove it");
        }
    }

    /**
     * Records problems for the fields of a backup instance or restore request that ask Azure Backup to
     * act as another identity or under a Resource Guard: aks-backup has neither, so each would be a
     * request silently not carried out. Azure prints them empty ({@code null}) for an ordinary AKS
     * instance or restore, and so they are accepted.
     */
    static void refuseIdentityAndGuard(JsonCursor c) {
        JsonCursor identity = c.object("identityDetails", false);
        if (identity != null) {
            identity.refuseUnknownFields("IdentityDetails", IDENTITY);
            Boolean system = identity.bool("useSystemAssignedIdentity", false, true);
            String url = identity.string("userAssignedIdentityArmUrl", false);
            if ((url != null && !url.isBlank()) || Boolean.FALSE.equals(system)) {
                identity.problem("is not supported: aks-backup acts with the Azure identity of its own process"
                        + " (DefaultAzureCredential; for a user-assigned managed identity set AZURE_CLIENT_ID to its client id);"
                        + " remove identityDetails");
            }
        }
        List<JsonCursor> guards = c.array("resourceGuardOperationRequests", false);
        if (guards != null && !guards.isEmpty()) {
            c.problem("resourceGuardOperationRequests", "is not supported: aks-backup has no Resource Guard (multi-user"
                    + " authorization) to check these requests against; remove them (access to the vault and to the cluster"
                    + " is what guards aks-backup's operations)");
        }
    }

    private static final Pattern RESOURCE_GROUP_ID = Pattern.compile("/subscriptions/[^/]+/resourceGroups/[^/]+/?",
            Pattern.CASE_INSENSITIVE);

    /** True when the text is a resource group's id, {@code /subscriptions/<subscription>/resourceGroups/<group>}. */
    static boolean isResourceGroupId(String text) {
        return RESOURCE_GROUP_ID.matcher(text).matches();
    }

    /** The message for a field that should hold a resource group's id and does not. */
    static String notAResourceGroupId(String text) {
        return "'" + text + "' is not a resource group id such as /subscriptions/<subscription>/resourceGroups/<group>";
    }

    /**
     * Checks an optional string field whose one value aks-backup takes is {@code value} (any letter case):
     * Azure fills it so, and any other value asks for what aks-backup does not do, which {@code why} says.
     */
    static void onlyValue(JsonCursor c, String field, String value, String why) {
        String text = c.string(field, false);
        if (text != null && !text.strip().equalsIgnoreCase(value)) {
            c.problem(field, "'" + text + "' is not supported: " + why);
        }
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
