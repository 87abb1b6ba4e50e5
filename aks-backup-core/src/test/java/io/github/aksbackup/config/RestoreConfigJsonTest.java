package io.github.aksbackup.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.aksbackup.api.DataStoreType;
import io.github.aksbackup.api.InvalidInputException;
import io.github.aksbackup.api.ValidationProblem;
import io.github.aksbackup.api.instance.NamespacedName;
import io.github.aksbackup.api.restore.ConflictPolicy;
import io.github.aksbackup.api.restore.PersistentVolumeRestoreMode;
import io.github.aksbackup.api.restore.RestoreConfig;
import io.github.aksbackup.api.restore.StagingLocation;
import io.github.aksbackup.api.selector.LabelSelector;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RestoreConfigJsonTest {

    private static final Path DOCS = BackupConfigurationJsonTest.DOCS;

    @Test
    void readsOperationalCriteria() {
        RestoreConfig c = RestoreConfigJson.read(DOCS.resolve("restore-criteria.json"));
        assertEquals(DataStoreType.OperationalStore, c.sourceDataStore());
        assertEquals(ConflictPolicy.Skip, c.conflictPolicy());
        assertEquals(PersistentVolumeRestoreMode.RestoreWithoutVolumeData, c.persistentVolumeRestoreMode());
        assertEquals(List.of("kube-system"), c.excludedNamespaces());
        assertEquals(List.of("apps/v1/Deployment", "v1/Service"), c.includedResourceTypes());
        assertEquals(List.of(LabelSelector.parse("tier=front")), c.labelSelectors());
        assertFalse(c.includeClusterScopeResources());
        assertNull(c.stagingLocation());
        assertNull(c.recoveryPointId());
    }

    @Test
    void readsARestoreRequestAsAzurePowerShellPrintsIt() {
        // ConvertTo-Json of Initialize-AzDataProtectionRestoreRequest: RestoreCriterion, IncludedNamespace, NamespaceMapping, ...
        RestoreConfig c = RestoreConfigJson.read(DOCS.resolve("ps-restore-request.json"));
        assertEquals("2c6f6a3e0b3f11ef", c.recoveryPointId());
        assertTrue(c.targetClusterRef().endsWith("/managedClusters/aks-target"));
        assertEquals(ConflictPolicy.Patch, c.conflictPolicy());
        assertEquals(List.of("shop"), c.includedNamespaces());
        assertEquals(List.of("configmaps"), c.includedResourceTypes());
        assertEquals(List.of(LabelSelector.parse("app=web")), c.labelSelectors());
        assertEquals("shop-restored", c.targetNamespace("shop"));
        assertEquals(PersistentVolumeRestoreMode.RestoreWithoutVolumeData, c.persistentVolumeRestoreMode());
        assertEquals(List.of(new NamespacedName("warm-cache", "shop")), c.restoreHookReferences());
        assertFalse(c.includeClusterScopeResources());
    }

    @Test
    void aFieldItDoesNotKnowIsAProblemNotAFilterSilentlyIgnored() {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> RestoreConfigJson.read(
                "{\"objectType\": \"KubernetesClusterRestoreCriteria\", \"namespaceMap\": {\"shop\": \"copy\"}}"));
        assertEquals(List.of("$.namespaceMap"), e.problems().stream().map(ValidationProblem::path).toList());
        assertTrue(e.problems().get(0).message().contains("namespaceMappings"), e.problems().get(0).message());
    }

    @Test
    void readsAVaultTierRestoreRequestAsTheCliPrintsIt() {
        RestoreConfig c = RestoreConfigJson.read(DOCS.resolve("restore-request-vault.json"));
        assertEquals("8f2c0a7e1b2d4c3f9a8b7c6d5e4f3a2b", c.recoveryPointId());
        assertEquals(DataStoreType.VaultStore, c.sourceDataStore());
        assertTrue(c.targetClusterRef().endsWith("/managedClusters/restore-aks"));
        assertEquals(ConflictPolicy.Patch, c.conflictPolicy());
        assertEquals("shop-restored", c.targetNamespace("shop"));
        assertEquals(new NamespacedName("rename-storage-class", "ops"), c.resourceModifierReference());
        assertEquals(List.of(new NamespacedName("warm-cache", "shop")), c.restoreHookReferences());
        assertEquals(new StagingLocation("/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/aks-staging",
                "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/aks-staging/providers/Microsoft.Storage/storageAccounts/aksstaging"),
                c.stagingLocation());
    }

    @Test
    void roundTripsBothKindsOfCriteria() {
        RestoreConfig operational = RestoreConfig.builder().includedNamespaces("a").excludedResourceTypes("secrets")
                .labelSelectors("app=web").includeClusterScopeResources(false).conflictPolicy(ConflictPolicy.Patch)
                .persistentVolumeRestoreMode(PersistentVolumeRestoreMode.RestoreWithoutVolumeData).mapNamespace("a", "b")
                .restoreHookReferences(List.of(new NamespacedName("h", "a"))).resourceModifierReference(new NamespacedName("m", "ops"))
                .build();
        String json = RestoreConfigJson.write(operational);
        assertTrue(json.contains("\"objectType\": \"KubernetesClusterRestoreCriteria\""), json);
        assertEquals(operational, RestoreConfigJson.read(json));

        RestoreConfig vault = operational.toBuilder().sourceDataStore(DataStoreType.VaultStore)
                .stagingLocation(new StagingLocation("/subscriptions/s/resourceGroups/stage",
                        "/subscriptions/s/resourceGroups/stage/providers/Microsoft.Storage/storageAccounts/st")).build();
        String vaultJson = RestoreConfigJson.write(vault);
        assertTrue(vaultJson.contains("\"objectType\": \"KubernetesClusterVaultTierRestoreCriteria\""), vaultJson);
        assertEquals(vault, RestoreConfigJson.read(vaultJson));

        RestoreConfig vaultWithoutStaging = RestoreConfig.builder().sourceDataStore(DataStoreType.VaultStore).build();
        assertEquals(vaultWithoutStaging, RestoreConfigJson.read(RestoreConfigJson.write(vaultWithoutStaging)));
        assertEquals(RestoreConfig.builder().build(), RestoreConfigJson.read(RestoreConfigJson.write(RestoreConfig.builder().build())));
    }

    @Test
    void reportsEveryProblemWithItsLocation() {
        String json = """
                {"objectType": "KubernetesClusterVaultTierRestoreCriteria",
                 "conflictPolicy": "Overwrite",
                 "persistentVolumeRestoreMode": "RestoreEverything",
                 "namespaceMappings": {"shop": "Shop_Copy", "ok": 5},
                 "restoreHookReferences": ["warm-cache"],
                 "stagingResourceGroupId": "aks-staging"}
                """;
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> RestoreConfigJson.read(json));
        assertEquals(List.of("$.persistentVolumeRestoreMode", "$.conflictPolicy", "$.namespaceMappings.ok",
                "$.restoreHookReferences[0]", "$.stagingResourceGroupId", "$.stagingStorageAccountId"),
                e.problems().stream().map(ValidationProblem::path).toList());
        assertTrue(e.problems().get(1).message().contains("is not one of Skip, Patch, Recreate, Fail"), e.problems().get(1).message());
    }

    @Test
    void stagingIdsBelongToVaultTierCriteriaOnly() {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> RestoreConfigJson.read(
                "{\"objectType\": \"KubernetesClusterRestoreCriteria\", \"stagingResourceGroupId\": \"/subscriptions/s/resourceGroups/g\"}"));
        assertEquals("$.stagingResourceGroupId", e.problems().get(0).path());
        assertTrue(e.problems().get(0).message().contains("only used by KubernetesClusterVaultTierRestoreCriteria"));
    }

    @Test
    void requestFromTheVaultNeedsVaultTierCriteria() {
        String json = """
                {"objectType": "AzureBackupRecoveryPointBasedRestoreRequest", "recoveryPointId": "rp1",
                 "sourceDataStoreType": "VaultStore",
                 "restoreTargetInfo": {"objectType": "ItemLevelRestoreTargetInfo", "recoveryOption": "FailIfExists",
                   "restoreCriteria": [{"objectType": "KubernetesClusterRestoreCriteria", "includeClusterScopeResources": true}]}}
                """;
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> RestoreConfigJson.read(json));
        assertEquals("$.sourceDataStoreType", e.problems().get(0).path());
        assertTrue(e.problems().get(0).message().contains("needs KubernetesClusterVaultTierRestoreCriteria"));
        InvalidInputException none = assertThrows(InvalidInputException.class, () -> RestoreConfigJson.read(
                "{\"restoreTargetInfo\": {\"restoreCriteria\": [{\"objectType\": \"KubernetesPVRestoreCriteria\"}]}}"));
        assertEquals("$.restoreTargetInfo.restoreCriteria", none.problems().get(0).path());
        assertTrue(none.problems().get(0).message().contains("found objectType 'KubernetesPVRestoreCriteria'"));
        assertEquals(Map.of(), RestoreConfigJson.read("{\"includeClusterScopeResources\": true}").namespaceMappings());
    }

    /** The PowerShell request in Azure's own spelling, so that the cases below can set fields by their REST names. */
    private static final String REQUEST = "restore-request-vault.json";

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            a point-in-time request | | object_type | "AzureBackupRecoveryTimeBasedRestoreRequest" | $.object_type | point in time
            a rehydration request | | object_type | "AzureBackupRestoreWithRehydrationRequest" | $.object_type | archive tier
            a field of no restore request | | recovery_point_time | "2024-01-01T00:00:00Z" | $.recovery_point_time | is not a field of AzureBackupRecoveryPointBasedRestoreRequest
            a user-assigned identity | | identity_details | {"use_system_assigned_identity": false} | $.identity_details | AZURE_CLIENT_ID
            a Resource Guard request | | resource_guard_operation_requests | ["x"] | $.resource_guard_operation_requests | Resource Guard
            a whole-datasource target | /restore_target_info | object_type | "RestoreTargetInfo" | $.restore_target_info.object_type | ItemLevelRestoreTargetInfo
            another recovery option | /restore_target_info | recovery_option | "Overwrite" | $.restore_target_info.recovery_option | conflictPolicy
            other credentials | /restore_target_info | datasource_auth_credentials | {"object_type": "SecretStoreBasedAuthCredentials"} | $.restore_target_info.datasource_auth_credentials | kubeconfig
            a target that is no cluster | /restore_target_info/datasource_info | datasource_type | "Microsoft.Storage/storageAccounts/blobServices" | $.restore_target_info.datasource_info.datasource_type | managedClusters
            a misspelt target field | /restore_target_info | restore_criterias | [] | $.restore_target_info.restore_criterias | is not a field of ItemLevelRestoreTargetInfo
            a storage class beside the criteria | /restore_target_info/restore_criteria | | {"object_type": "KubernetesStorageClassRestoreCriteria", "selected_storage_class_name": "premium"} | $.restore_target_info.restore_criteria[1].object_type | resource modifier
            a volume's criteria beside them | /restore_target_info/restore_criteria | | {"object_type": "KubernetesPVRestoreCriteria", "name": "data", "storage_class_name": "premium"} | $.restore_target_info.restore_criteria[1].object_type | storageClassName
            """)
    void refusesWhatARestoreRequestAsksAndAksBackupDoesNotDo(String name, String parent, String field, String value, String path,
            String mentions) {
        BackupConfigurationJsonTest.assertRefused(BackupConfigurationJsonTest.mutated(REQUEST, parent == null ? "" : parent, field, value),
                path, mentions, RestoreConfigJson::read);
    }

    @Test
    void acceptsTheDescriptiveAndEmptyFieldsAzurePrintsAroundTheCriteria() {
        String json = BackupConfigurationJsonTest.mutated(REQUEST, "", "source_resource_id",
                "\"/subscriptions/s/resourceGroups/aks-rg/providers/Microsoft.ContainerService/managedClusters/prod-aks\"");
        json = json.replace("\"object_type\":\"AzureBackupRecoveryPointBasedRestoreRequest\"",
                "\"object_type\":\"AzureBackupRecoveryPointBasedRestoreRequest\",\"identity_details\":null,"
                        + "\"resource_guard_operation_requests\":null");
        RestoreConfig c = RestoreConfigJson.read(json);
        assertEquals("8f2c0a7e1b2d4c3f9a8b7c6d5e4f3a2b", c.recoveryPointId());
        assertTrue(c.targetClusterRef().endsWith("/managedClusters/restore-aks"), c.targetClusterRef());
        // sourceResourceId names the cluster the point comes from, which AksBackupClient.restore checks
        assertEquals("/subscriptions/s/resourceGroups/aks-rg/providers/Microsoft.ContainerService/managedClusters/prod-aks",
                c.sourceClusterRef());
    }
}
