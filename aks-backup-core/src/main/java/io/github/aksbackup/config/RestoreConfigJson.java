package io.github.aksbackup.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.aksbackup.api.DataStoreType;
import io.github.aksbackup.api.InvalidInputException;
import io.github.aksbackup.api.ValidationProblem;
import io.github.aksbackup.api.instance.NamespacedName;
import io.github.aksbackup.api.restore.ConflictPolicy;
import io.github.aksbackup.api.restore.PersistentVolumeRestoreMode;
import io.github.aksbackup.api.restore.RestoreConfig;
import io.github.aksbackup.api.restore.StagingLocation;
import io.github.aksbackup.api.selector.LabelSelector;
import io.github.aksbackup.internal.json.JsonCursor;
import io.github.aksbackup.internal.json.JsonDocuments;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Azure's {@code KubernetesClusterRestoreCriteria} and {@code KubernetesClusterVaultTierRestoreCriteria}
 * JSON, read into and written from {@link RestoreConfig}.
 *
 * <p>Reads the criteria object itself (also without {@code objectType} and in {@code snake_case}, as
 * {@code az dataprotection backup-instance initialize-restoreconfig} prints it) and a restore request
 * that carries it under {@code restoreTargetInfo.restoreCriteria[]} (as {@code az dataprotection
 * backup-instance restore initialize-for-item-recovery} prints it); from a request it also takes the
 * recovery point id, the source data store, the source cluster ({@code sourceResourceId}) and the
 * target cluster ({@code restoreTargetInfo.datasourceInfo.resourceID}). Azure PowerShell's singular field names ({@code
 * RestoreCriterion}, {@code IncludedNamespace}, {@code NamespaceMapping}) are read too; a criteria field
 * that is none of Azure's is a problem, not ignored. The vault-tier criteria mean a restore from {@code
 * VaultStore} and carry the staging location: both ids, or (for vaults that need no staging) neither.
 *
 * <p>The request around the criteria is checked the same way: it must be a recovery-point restore
 * ({@code AzureBackupRecoveryPointBasedRestoreRequest}, not a point-in-time or rehydration request) to
 * an item-level target ({@code ItemLevelRestoreTargetInfo}, {@code recoveryOption} {@code
 * FailIfExists}) holding one set of cluster criteria; other criteria in the list (a persistent
 * volume's or storage class's), other credentials or identities and Resource Guard requests are
 * problems. Which field acts where is listed in {@code docs/accepted-fields.md}.
 */
public final class RestoreConfigJson {

    /** Azure's discriminator for an AKS restore from the operational tier. */
    public static final String OPERATIONAL = "KubernetesClusterRestoreCriteria";
    /** Azure's discriminator for an AKS restore from the vault tier. */
    public static final String VAULT_TIER = "KubernetesClusterVaultTierRestoreCriteria";

    private static final String WHAT = "AKS restore criteria (KubernetesClusterRestoreCriteria JSON)";
    private static final List<String> FIELDS = List.of("includeClusterScopeResources", "includedNamespaces",
            "excludedNamespaces", "includedResourceTypes", "excludedResourceTypes", "labelSelectors",
            "persistentVolumeRestoreMode", "conflictPolicy", "namespaceMappings", "restoreHookReferences",
            "resourceModifierReference", "stagingResourceGroupId", "stagingStorageAccountId");
    private static final List<String> KNOWN = java.util.stream.Stream.concat(java.util.stream.Stream.of("objectType"),
            FIELDS.stream()).toList();
    /** The request types Azure defines, each with why aks-backup does not take it. */
    private static final Map<String, String> OTHER_REQUESTS = Map.of(
            "AzureBackupRecoveryTimeBasedRestoreRequest", "restores to a point in time, which AKS backups do not offer;"
                    + " restore a recovery point with " + "AzureBackupRecoveryPointBasedRestoreRequest and its recoveryPointId",
            "AzureBackupRestoreWithRehydrationRequest", "rehydrates from the archive tier, which AKS backups do not have;"
                    + " restore with AzureBackupRecoveryPointBasedRestoreRequest from OperationalStore or VaultStore");
    private static final String REQUEST = "AzureBackupRecoveryPointBasedRestoreRequest";
    private static final List<String> REQUEST_FIELDS = List.of("objectType", "recoveryPointId", "sourceDataStoreType",
            "restoreTargetInfo", "sourceResourceId", "identityDetails", "resourceGuardOperationRequests");
    private static final List<String> TARGET_FIELDS = List.of("objectType", "recoveryOption", "restoreLocation", "datasourceInfo",
            "datasourceSetInfo", "datasourceAuthCredentials", "restoreCriteria");
    private static final Pattern STORAGE_ACCOUNT_ID = Pattern.compile(
            "/subscriptions/[^/]+/resourceGroups/[^/]+/providers/Microsoft\\.Storage/storageAccounts/[^/]+/?",
            Pattern.CASE_INSENSITIVE);

    private RestoreConfigJson() {
    }

    /**
     * Reads a restore configuration from criteria or a restore request.
     *
     * @throws InvalidInputException with every problem found, each with its location
     */
    public static RestoreConfig read(String json) {
        Objects.requireNonNull(json, "json");
        return read(JsonDocuments.parseObject(json, WHAT));
    }

    /** Reads a restore configuration from a file; see {@link #read(String)}. */
    public static RestoreConfig read(Path file) {
        Objects.requireNonNull(file, "file");
        return ConfigFields.inFile(file, () -> read(JsonDocuments.readObject(file, WHAT)));
    }

    private static RestoreConfig read(JsonNode root) {
        List<ValidationProblem> problems = new ArrayList<>();
        JsonCursor doc = JsonCursor.root(root, problems);
        RestoreConfig.Builder builder = RestoreConfig.builder();
        DataStoreType[] requested = new DataStoreType[1];
        JsonCursor criteria = doc.has("restoreTargetInfo") ? request(doc, builder, requested) : bare(doc);
        if (criteria != null) {
            criteria(criteria, builder, requested[0], doc);
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        return builder.build();
    }

    private static JsonCursor bare(JsonCursor doc) {
        if (doc.has("objectType")) {
            return doc.objectType(OPERATIONAL, VAULT_TIER) == null ? null : doc;
        }
        if (FIELDS.stream().anyMatch(doc::has)) {
            return doc;
        }
        doc.problem("not AKS restore criteria: expected an object with objectType \"" + OPERATIONAL + "\" or \""
                + VAULT_TIER + "\" and fields such as includedNamespaces and conflictPolicy, or a restore request"
                + " holding one under restoreTargetInfo.restoreCriteria");
        return null;
    }

    /**
     * Reads the request envelope into the builder, and its source data store into {@code requested[0]};
     * returns the criteria inside it.
     */
    private static JsonCursor request(JsonCursor doc, RestoreConfig.Builder builder, DataStoreType[] requested) {
        String type = doc.string("objectType", false);
        if (type != null && !type.strip().equalsIgnoreCase(REQUEST)) {
            String why = OTHER_REQUESTS.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(type.strip()))
                    .map(Map.Entry::getValue).findFirst().orElse("is not a restore request aks-backup takes");
            doc.problem("objectType", "'" + type + "' " + why + " (expected " + REQUEST + ")");
        }
        doc.refuseUnknownFields(REQUEST, REQUEST_FIELDS);
        ConfigFields.refuseIdentityAndGuard(doc);
        // The cluster the recovery point was taken from: AksBackupClient.restore refuses a point of another cluster.
        builder.sourceClusterRef(ClusterRefs.orNull(doc.string("sourceResourceId", false)));
        builder.recoveryPointId(doc.string("recoveryPointId", false));
        if (doc.has("sourceDataStoreType")) {
            String store = doc.string("sourceDataStoreType", true);
            if (store != null) {
                try {
                    requested[0] = DataStoreType.parse(store.strip());
                    builder.sourceDataStore(requested[0]);
                } catch (IllegalArgumentException e) {
                    doc.problem("sourceDataStoreType", "'" + store + "' is not supported for AKS; expected OperationalStore or VaultStore");
                }
            }
        }
        JsonCursor target = doc.object("restoreTargetInfo", true);
        if (target == null) {
            return null;
        }
        target.refuseUnknownFields("ItemLevelRestoreTargetInfo", TARGET_FIELDS);
        ConfigFields.onlyValue(target, "objectType", "ItemLevelRestoreTargetInfo", "an AKS restore puts items (namespaces"
                + " and their objects) into a cluster; use ItemLevelRestoreTargetInfo with restoreCriteria");
        ConfigFields.onlyValue(target, "recoveryOption", "FailIfExists", "FailIfExists is the only value Azure defines; what"
                + " happens to objects that exist already is the criteria's conflictPolicy");
        target.string("restoreLocation", false);
        builder.targetClusterRef(ConfigFields.datasource(target, "datasourceInfo"));
        ConfigFields.datasource(target, "datasourceSetInfo");
        ConfigFields.refuseCredentials(target);
        JsonCursor list = Wrappers.path(target, "restoreCriteria");
        JsonCursor picked = list == null ? null : Wrappers.pick(list, OPERATIONAL, VAULT_TIER);
        if (picked != null) {
            Wrappers.refuseOthers(list, picked, RestoreConfigJson::otherCriteria);
        }
        return picked;
    }

    private static String otherCriteria(String type) {
        if (type.equalsIgnoreCase("KubernetesPVRestoreCriteria") || type.equalsIgnoreCase("KubernetesStorageClassRestoreCriteria")) {
            return "'" + type + "' is not supported: aks-backup restores each volume with the storage class it was backed up"
                    + " with; to restore into another class, change spec.storageClassName of the claims with a resource modifier"
                    + " (resourceModifierReference)";
        }
        return "'" + type + "' is not supported here: an AKS restore request holds one " + OPERATIONAL + " or " + VAULT_TIER
                + " and no other criteria";
    }

    private static void criteria(JsonCursor c, RestoreConfig.Builder b, DataStoreType requested, JsonCursor doc) {
        String type = c.has("objectType") ? c.objectType(OPERATIONAL, VAULT_TIER) : null;
        ConfigFields.unknownFields(c, type == null ? OPERATIONAL : type, KNOWN);
        boolean vaultTier = VAULT_TIER.equals(type)
                || (type == null && (c.has("stagingResourceGroupId") || c.has("stagingStorageAccountId")));
        List<String> includedNamespaces = ConfigFields.namespaces(c, "includedNamespaces");
        List<String> excludedNamespaces = ConfigFields.namespaces(c, "excludedNamespaces");
        List<String> includedTypes = ConfigFields.resourceTypes(c, "includedResourceTypes");
        List<String> excludedTypes = ConfigFields.resourceTypes(c, "excludedResourceTypes");
        List<LabelSelector> selectors = ConfigFields.labelSelectors(c);
        Boolean clusterScope = c.bool("includeClusterScopeResources", false, true);
        PersistentVolumeRestoreMode pvMode = c.enumField("persistentVolumeRestoreMode", false, PersistentVolumeRestoreMode.values());
        ConflictPolicy conflict = c.enumField("conflictPolicy", false, ConflictPolicy.values());
        Map<String, String> mappings = namespaceMappings(c);
        List<NamespacedName> hooks = c.list("restoreHookReferences", false, ConfigFields::reference);
        JsonCursor modifier = c.object("resourceModifierReference", false);
        NamespacedName modifierRef = modifier == null ? null : ConfigFields.reference(modifier);
        StagingLocation staging = staging(c, vaultTier);
        if (requested != null && vaultTier != (requested == DataStoreType.VaultStore)) {
            doc.problem("sourceDataStoreType", vaultTier
                    ? "is " + requested + " but the criteria are " + VAULT_TIER + ", which restore from VaultStore"
                    : "is VaultStore, which needs " + VAULT_TIER + " criteria with a staging location");
        }
        b.includedNamespaces(orEmpty(includedNamespaces)).excludedNamespaces(orEmpty(excludedNamespaces))
                .includedResourceTypes(orEmpty(includedTypes)).excludedResourceTypes(orEmpty(excludedTypes))
                .labelSelectors(orEmpty(selectors)).includeClusterScopeResources(clusterScope == null || clusterScope)
                .persistentVolumeRestoreMode(pvMode).conflictPolicy(conflict)
                .namespaceMappings(mappings == null ? Map.of() : mappings).restoreHookReferences(orEmpty(hooks))
                .resourceModifierReference(modifierRef).stagingLocation(staging);
        if (vaultTier) {
            b.sourceDataStore(DataStoreType.VaultStore);
        }
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }

    private static Map<String, String> namespaceMappings(JsonCursor c) {
        Map<String, String> mappings = c.stringMap("namespaceMappings");
        if (mappings == null) {
            return null;
        }
        JsonCursor field = c.field("namespaceMappings");
        boolean ok = true;
        for (Map.Entry<String, String> e : mappings.entrySet()) {
            String problem = ConfigFields.namespaceProblem(e.getKey());
            if (problem == null) {
                problem = ConfigFields.namespaceProblem(e.getValue());
            }
            if (problem != null) {
                field.problem(e.getKey(), problem);
                ok = false;
            }
        }
        return ok ? mappings : null;
    }

    private static StagingLocation staging(JsonCursor c, boolean vaultTier) {
        String group = c.string("stagingResourceGroupId", false);
        String account = c.string("stagingStorageAccountId", false);
        if (!vaultTier) {
            for (String field : List.of("stagingResourceGroupId", "stagingStorageAccountId")) {
                if (c.has(field)) {
                    c.problem(field, "is only used by " + VAULT_TIER + " (a restore from the vault tier)");
                }
            }
            return null;
        }
        if (group != null && !ConfigFields.isResourceGroupId(group)) {
            c.problem("stagingResourceGroupId", ConfigFields.notAResourceGroupId(group));
        }
        if (account != null && !STORAGE_ACCOUNT_ID.matcher(account).matches()) {
            c.problem("stagingStorageAccountId", "'" + account + "' is not a storage account id such as /subscriptions/"
                    + "<subscription>/resourceGroups/<group>/providers/Microsoft.Storage/storageAccounts/<account>");
        }
        if ((group == null) != (account == null)) {
            c.problem(group == null ? "stagingResourceGroupId" : "stagingStorageAccountId",
                    "is required with " + (group == null ? "stagingStorageAccountId" : "stagingResourceGroupId")
                    + ": a vault-tier restore stages volume data in the storage account and snapshots and disks in the resource group");
        }
        return group == null || account == null ? null : new StagingLocation(group, account);
    }

    /**
     * The criteria as Azure prints them inside {@code restoreCriteria}: {@value #VAULT_TIER} when the
     * configuration restores from the vault or has a staging location, else {@value #OPERATIONAL}.
     * The recovery point and target cluster belong to the restore request, not the criteria, and are
     * not written.
     */
    public static String write(RestoreConfig config) {
        return JsonDocuments.write(tree(config));
    }

    static ObjectNode tree(RestoreConfig config) {
        boolean vaultTier = config.sourceDataStore() == DataStoreType.VaultStore || config.stagingLocation() != null;
        ObjectNode n = JsonDocuments.object();
        n.put("conflictPolicy", config.conflictPolicy().name());
        ConfigFields.writeFilters(n, config.includedNamespaces(), config.excludedNamespaces(),
                config.includedResourceTypes(), config.excludedResourceTypes(), config.labelSelectors());
        n.put("includeClusterScopeResources", config.includeClusterScopeResources());
        if (!config.namespaceMappings().isEmpty()) {
            ObjectNode m = n.putObject("namespaceMappings");
            config.namespaceMappings().forEach(m::put);
        }
        n.put("objectType", vaultTier ? VAULT_TIER : OPERATIONAL);
        n.put("persistentVolumeRestoreMode", config.persistentVolumeRestoreMode().name());
        if (config.resourceModifierReference() != null) {
            n.set("resourceModifierReference", ConfigFields.reference(config.resourceModifierReference()));
        }
        ConfigFields.references(n, "restoreHookReferences", config.restoreHookReferences());
        StagingLocation staging = config.stagingLocation();
        if (staging != null) {
            if (staging.resourceGroupId() != null) {
                n.put("stagingResourceGroupId", staging.resourceGroupId());
            }
            if (staging.storageAccountId() != null) {
                n.put("stagingStorageAccountId", staging.storageAccountId());
            }
        }
        return n;
    }
}
