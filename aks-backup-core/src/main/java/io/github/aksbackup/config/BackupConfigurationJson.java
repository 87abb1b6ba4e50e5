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
 * the parameters' is a problem, not ignored: an ignored filter is a backup of everything. The same
 * holds for the instance around them: its fields are Azure's, and {@link #readInstance} returns the
 * cluster, policy and snapshot resource group it names; the read-only ones ({@code provisioningState},
 * {@code protectionStatus}, ...) describe Azure's copy and are accepted; those that ask for what
 * aks-backup does not have (other credentials or identities, a Resource Guard, other datasource
 * parameters) are problems. Every problem is reported at once with its location. Missing
 * {@code snapshotVolumes} and {@code includeClusterScopeResources} default to {@code true}, as in the
 * CLI; missing {@code includedVolumeTypes} to {@code AzureDisk}, the only volume type aks-backup
 * snapshots ({@code AzureFileShareSMB} is refused). {@code secretData} ({@code Include} or
 * {@code MetadataOnly}, default {@code Include}) is this SDK's addition; it is written only when not
 * the default, so the output stays what Azure accepts. Which field acts where is listed in {@code
 * docs/accepted-fields.md}.
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
    /** Azure's {@code BackupInstance}; the read-only fields describe Azure's copy of the instance. */
    private static final List<String> INSTANCE = List.of("objectType", "friendlyName", "dataSourceInfo", "dataSourceSetInfo",
            "policyInfo", "resourceGuardOperationRequests", "protectionStatus", "currentProtectionState", "protectionErrorDetails",
            "provisioningState", "datasourceAuthCredentials", "validationType", "identityDetails");
    private static final List<String> POLICY_INFO = List.of("policyId", "policyVersion", "policyParameters");
    private static final List<String> POLICY_PARAMETERS = List.of("dataStoreParametersList", "backupDatasourceParametersList");
    private static final List<String> OPERATIONAL_STORE = List.of("objectType", "dataStoreType", "resourceGroupId");
    private static final java.util.regex.Pattern POLICY_ID = java.util.regex.Pattern.compile(
            "/subscriptions/[^/]+/resourceGroups/[^/]+/providers/Microsoft\\.DataProtection/backupVaults/[^/]+/backupPolicies/[^/]+/?",
            java.util.regex.Pattern.CASE_INSENSITIVE);

    private BackupConfigurationJson() {
    }

    /**
     * Reads the parameters from a document.
     *
     * @throws InvalidInputException with every problem found, each with its location
     */
    public static BackupConfiguration read(String json) {
        return readInstance(json).configuration();
    }

    /** Reads the parameters from a file; see {@link #read(String)}. */
    public static BackupConfiguration read(Path file) {
        return readInstance(file).configuration();
    }

    /**
     * Reads the parameters and, from a whole backup instance, the cluster, policy and snapshot resource
     * group it names.
     *
     * @throws InvalidInputException with every problem found, each with its location
     */
    public static InstanceDocument readInstance(String json) {
        Objects.requireNonNull(json, "json");
        return read(JsonDocuments.parseObject(json, WHAT));
    }

    /** Reads a backup instance or its parameters from a file; see {@link #readInstance(String)}. */
    public static InstanceDocument readInstance(Path file) {
        Objects.requireNonNull(file, "file");
        return ConfigFields.inFile(file, () -> read(JsonDocuments.readObject(file, WHAT)));
    }

    private static InstanceDocument read(JsonNode root) {
        List<ValidationProblem> problems = new ArrayList<>();
        String[] instance = new String[3];
        JsonCursor params = locate(JsonCursor.root(root, problems), instance);
        BackupConfiguration config = params == null ? null : parameters(params);
        if (!problems.isEmpty() || config == null) {
            throw new InvalidInputException(problems);
        }
        return new InstanceDocument(config, instance[0], instance[1], instance[2]);
    }

    /**
     * The parameters object inside whatever wrapper the document has, or {@code null} with a problem;
     * a backup instance's cluster id, policy id and snapshot resource group go to {@code instance[0..2]}.
     */
    private static JsonCursor locate(JsonCursor root, String[] instance) {
        boolean resource = root.field("properties").node().isObject();
        JsonCursor properties = resource ? root.field("properties") : root;
        if (properties.has("policyInfo")) {
            if (resource) {
                // tags: Azure's labels on its resource, which ask nothing of a backup
                io.github.aksbackup.internal.json.ArmEnvelope.refuseUnknownFields(root, "a backup instance resource", "tags");
            }
            return instance(properties, instance);
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

    private static JsonCursor instance(JsonCursor c, String[] out) {
        if (c.has("objectType")) {
            c.objectType("BackupInstance");
        }
        c.refuseUnknownFields("BackupInstance", INSTANCE);
        out[0] = ConfigFields.datasource(c, "dataSourceInfo");
        ConfigFields.datasource(c, "dataSourceSetInfo");
        ConfigFields.refuseCredentials(c);
        ConfigFields.refuseIdentityAndGuard(c);
        if (c.has("validationType")) {
            c.enumField("validationType", false, ValidationType.values());
        }
        JsonCursor policyInfo = c.object("policyInfo", true);
        if (policyInfo == null) {
            return null;
        }
        policyInfo.refuseUnknownFields("PolicyInfo", POLICY_INFO);
        String policyId = policyInfo.string("policyId", false);
        if (policyId != null && !POLICY_ID.matcher(policyId.strip()).matches()) {
            policyInfo.problem("policyId", "'" + policyId + "' is not a backup policy id such as /subscriptions/<subscription>/"
                    + "resourceGroups/<group>/providers/Microsoft.DataProtection/backupVaults/<vault>/backupPolicies/<policy>");
        } else if (policyId != null) {
            out[1] = policyId.strip();
        }
        JsonCursor parameters = policyInfo.object("policyParameters", true);
        if (parameters == null) {
            return null;
        }
        parameters.refuseUnknownFields("PolicyParameters", POLICY_PARAMETERS);
        out[2] = snapshotResourceGroup(parameters);
        JsonCursor list = Wrappers.path(parameters, "backupDatasourceParametersList");
        JsonCursor picked = list == null ? null : Wrappers.pick(list, OBJECT_TYPE);
        if (picked != null) {
            Wrappers.refuseOthers(list, picked, type -> "'" + type + "' is not supported here: an AKS backup instance holds one "
                    + OBJECT_TYPE + " and no other datasource parameters");
        }
        return picked;
    }

    /** The {@code OperationalStore}'s snapshot resource group from {@code dataStoreParametersList}, or {@code null}. */
    private static String snapshotResourceGroup(JsonCursor parameters) {
        List<JsonCursor> stores = parameters.array("dataStoreParametersList", false);
        if (stores == null) {
            return null;
        }
        String group = null;
        for (JsonCursor store : stores) {
            if (!store.node().isObject()) {
                store.problem("must be an object, found " + JsonCursor.describe(store.node()));
                continue;
            }
            store.objectType("AzureOperationalStoreParameters");
            store.refuseUnknownFields("AzureOperationalStoreParameters", OPERATIONAL_STORE);
            if (!store.has("dataStoreType")) {
                store.problem("dataStoreType", "is required; expected OperationalStore");
            }
            ConfigFields.onlyValue(store, "dataStoreType", "OperationalStore", "an AKS backup instance keeps its snapshots in"
                    + " OperationalStore, and reaches VaultStore through the copy settings of its policy");
            String id = store.string("resourceGroupId", false);
            if (id != null && !ConfigFields.isResourceGroupId(id.strip())) {
                store.problem("resourceGroupId", ConfigFields.notAResourceGroupId(id));
            } else if (id != null && group != null) {
                store.problem("a second OperationalStore entry; a backup instance has one snapshot resource group");
            } else if (id != null) {
                group = id.strip();
            }
        }
        return group;
    }

    /** Azure's {@code validationType}: how much of Azure's own validation reruns when an instance is updated. */
    private enum ValidationType {
        ShallowValidation,
        DeepValidation
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
                ? c.list("includedVolumeTypes", false, BackupConfigurationJson::volumeType)
                : List.of(VolumeType.AzureDisk);
        SecretData secretData = c.has("secretData") ? c.field("secretData").asEnum(SecretData.values()) : SecretData.Include;
        if (c.problemCount() > before) {
            return null;
        }
        return new BackupConfiguration(includedNamespaces, excludedNamespaces, includedTypes, excludedTypes,
                selectors, clusterScope, snapshotVolumes, new LinkedHashSet<>(volumeTypes), hooks, secretData);
    }

    private static VolumeType volumeType(JsonCursor item) {
        VolumeType t = item.asEnum(VolumeType.values());
        if (t != null && !BackupConfiguration.SNAPSHOTTED_VOLUME_TYPES.contains(t)) {
            item.problem(BackupConfiguration.unsupportedVolumeType(t));
            return null;
        }
        return t;
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
