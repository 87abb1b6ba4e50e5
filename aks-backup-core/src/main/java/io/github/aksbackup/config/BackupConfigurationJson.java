package io.github.aksbackup.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.aksbackup.api.InvalidInputException;
import io.github.aksbackup.api.ValidationProblem;
import io.github.aksbackup.api.instance.BackupConfiguration;
import io.github.aksbackup.api.instance.NamespacedName;
import io.github.aksbackup.api.instance.SecretData;
import io.github.aksbackup.api.instance.VolumeType;
import io.github.aksbackup.api.selector.LabelSelector;
import io.github.aksbackup.internal.json.JsonCursor;
import io.github.aksbackup.internal.json.JsonDocuments;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Azure's {@code KubernetesClusterBackupDatasourceParameters} JSON, read into and written from
 * {@link BackupConfiguration}.
 *
 * <p>Reads the parameters object itself (also without {@code objectType} and in {@code snake_case},
 * as {@code az dataprotection backup-instance initialize-backupconfig} prints it), and a backup
 * instance that carries it under {@code policyInfo.policyParameters.backupDatasourceParametersList[]}
 * (as {@code az dataprotection backup-instance initialize} and {@code show} print it, with or without
 * the {@code properties} wrapper), also with the singular names Azure PowerShell gives list fields
 * ({@code Property.PolicyInfo.PolicyParameter...}, {@code IncludedNamespace}). A field that is not one of
 * the parameters' is a problem, not ignored: an ignored filter is a backup of everything. Every problem
 * is reported at once with its location. Missing
 * {@code snapshotVolumes} and {@code includeClusterScopeResources} default to {@code true}, as in the
 * CLI; missing {@code includedVolumeTypes} to {@code AzureDisk}. {@code secretData} ({@code Include} or
 * {@code MetadataOnly}, default {@code Include}) is this SDK's addition; it is written only when not
 * the default, so the output stays what Azure accepts.
 */
public final class BackupConfigurationJson {

    /** Azure's discriminator for AKS backup parameters. */
    public static final String OBJECT_TYPE = "KubernetesClusterBackupDatasourceParameters";

    private static final String WHAT = "AKS backup parameters (KubernetesClusterBackupDatasourceParameters JSON)";
    private static final List<String> FIELDS = List.of("includedNamespaces", "excludedNamespaces",
            "includedResourceTypes", "excludedResourceTypes", "labelSelectors", "snapshotVolumes",
            "includeClusterScopeResources", "backupHookReferences", "includedVolumeTypes", "secretData");
    private static final List<String> KNOWN = java.util.stream.Stream.concat(java.util.stream.Stream.of("objectType"),
            FIELDS.stream()).toList();

    private BackupConfigurationJson() {
    }

    /**
     * Reads the parameters from a document.
     *
     * @throws InvalidInputException with every problem found, each with its location
     */
    public static BackupConfiguration read(String json) {
        Objects.requireNonNull(json, "json");
        return read(JsonDocuments.parseObject(json, WHAT));
    }

    /** Reads the parameters from a file; see {@link #read(String)}. */
    public static BackupConfiguration read(Path file) {
        Objects.requireNonNull(file, "file");
        return ConfigFields.inFile(file, () -> read(JsonDocuments.readObject(file, WHAT)));
    }

    private static BackupConfiguration read(JsonNode root) {
        List<ValidationProblem> problems = new ArrayList<>();
        JsonCursor params = locate(JsonCursor.root(root, problems));
        BackupConfiguration config = params == null ? null : parameters(params);
        if (!problems.isEmpty() || config == null) {
            throw new InvalidInputException(problems);
        }
        return config;
    }

    /** The parameters object inside whatever wrapper the document has, or {@code null} with a problem. */
    private static JsonCursor locate(JsonCursor root) {
        JsonCursor instance = root.field("properties").node().isObject() ? root.field("properties") : root;
        if (instance.has("policyInfo")) {
            JsonCursor list = Wrappers.path(instance, "policyInfo", "policyParameters", "backupDatasourceParametersList");
            return list == null ? null : Wrappers.pick(list, OBJECT_TYPE);
        }
        if (root.has("objectType")) {
            return root.objectType(OBJECT_TYPE) == null ? null : root;
        }
        if (FIELDS.stream().anyMatch(root::has)) {
            return root;
        }
        root.problem("not AKS backup parameters: expected an object with objectType \"" + OBJECT_TYPE
                + "\" and fields such as includedNamespaces and snapshotVolumes, or a backup instance holding one"
                + " under policyInfo.policyParameters.backupDatasourceParametersList");
        return null;
    }

    private static BackupConfiguration parameters(JsonCursor c) {
        int before = c.problemCount();
        if (c.has("objectType")) {
            c.objectType(OBJECT_TYPE);
        }
        ConfigFields.unknownFields(c, OBJECT_TYPE, KNOWN);
        List<String> includedNamespaces = ConfigFields.namespaces(c, "includedNamespaces");
        List<String> excludedNamespaces = ConfigFields.namespaces(c, "excludedNamespaces");
        List<String> includedTypes = ConfigFields.resourceTypes(c, "includedResourceTypes");
        List<String> excludedTypes = ConfigFields.resourceTypes(c, "excludedResourceTypes");
        List<LabelSelector> selectors = ConfigFields.labelSelectors(c);
        Boolean clusterScope = c.bool("includeClusterScopeResources", false, true);
        Boolean snapshotVolumes = c.bool("snapshotVolumes", false, true);
        List<NamespacedName> hooks = c.list("backupHookReferences", false, ConfigFields::reference);
        List<VolumeType> volumeTypes = c.has("includedVolumeTypes")
                ? c.list("includedVolumeTypes", false, i -> i.asEnum(VolumeType.values()))
                : List.of(VolumeType.AzureDisk);
        SecretData secretData = c.has("secretData") ? c.field("secretData").asEnum(SecretData.values()) : SecretData.Include;
        if (c.problemCount() > before) {
            return null;
        }
        return new BackupConfiguration(includedNamespaces, excludedNamespaces, includedTypes, excludedTypes,
                selectors, clusterScope, snapshotVolumes, new LinkedHashSet<>(volumeTypes), hooks, secretData);
    }

    /** The parameters as Azure prints them inside {@code backupDatasourceParametersList}. */
    public static String write(BackupConfiguration config) {
        return JsonDocuments.write(tree(config));
    }

    static ObjectNode tree(BackupConfiguration config) {
        ObjectNode n = JsonDocuments.object();
        ConfigFields.references(n, "backupHookReferences", config.backupHookReferences());
        ConfigFields.writeFilters(n, config.includedNamespaces(), config.excludedNamespaces(),
                config.includedResourceTypes(), config.excludedResourceTypes(), config.labelSelectors());
        n.put("includeClusterScopeResources", config.includeClusterScopeResources());
        ArrayNode volumeTypes = n.putArray("includedVolumeTypes");
        Set<VolumeType> ordered = config.includedVolumeTypes().isEmpty()
                ? Set.of() : EnumSet.copyOf(config.includedVolumeTypes());
        ordered.forEach(t -> volumeTypes.add(t.name()));
        n.put("objectType", OBJECT_TYPE);
        n.put("snapshotVolumes", config.snapshotVolumes());
        if (config.secretData() != SecretData.Include) {
            n.put("secretData", config.secretData().name());
        }
        return n;
    }
}
