package io.github.aksbackup.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.aksbackup.api.InvalidInputException;
import io.github.aksbackup.api.ValidationProblem;
import io.github.aksbackup.api.instance.BackupConfiguration;
import io.github.aksbackup.api.instance.NamespacedName;
import io.github.aksbackup.api.instance.VolumeType;
import io.github.aksbackup.api.selector.LabelSelector;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.aksbackup.api.instance.SecretData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BackupConfigurationJsonTest {

    static final Path DOCS = Path.of("src", "test", "resources", "config");

    @Test
    void readsTheCliBackupConfigInSnakeCaseWithoutObjectType() {
        BackupConfiguration c = BackupConfigurationJson.read(DOCS.resolve("az-initialize-backupconfig.json"));
        assertEquals(List.of("shop", "payments"), c.includedNamespaces());
        assertEquals(List.of(), c.excludedNamespaces());
        assertEquals(List.of("v1/Secret"), c.excludedResourceTypes());
        assertEquals(List.of(LabelSelector.parse("app in (web,api)"), LabelSelector.parse("backup!=skip")), c.labelSelectors());
        assertFalse(c.includeClusterScopeResources());
        assertTrue(c.snapshotVolumes());
        assertEquals(Set.of(VolumeType.AzureDisk), c.includedVolumeTypes());
        assertEquals(List.of(new NamespacedName("quiesce-db", "shop")), c.backupHookReferences());
    }

    @Test
    void readsTheParametersInsideABackupInstance() {
        BackupConfiguration c = BackupConfigurationJson.read(DOCS.resolve("backup-instance-show.json"));
        assertEquals(List.of("scratch"), c.excludedNamespaces());
        assertEquals(List.of("deployments.apps", "ConfigMap", "persistentvolumeclaims"), c.includedResourceTypes());
        assertFalse(c.snapshotVolumes());
        assertTrue(c.includeClusterScopeResources());
    }

    @Test
    void readsAzurePowerShellsSingularFieldNames() {
        // ConvertTo-Json of Initialize-AzDataProtectionBackupInstance: Property, PolicyParameter, IncludedNamespace, ...
        BackupConfiguration c = BackupConfigurationJson.read(DOCS.resolve("ps-backup-instance.json"));
        assertEquals(List.of("shop", "payments"), c.includedNamespaces());
        assertEquals(List.of("scratch"), c.excludedNamespaces());
        assertEquals(List.of("configmaps", "deployments.apps"), c.includedResourceTypes());
        assertEquals(List.of(LabelSelector.parse("app=web")), c.labelSelectors());
        assertFalse(c.includeClusterScopeResources());
        assertEquals(List.of(new NamespacedName("quiesce-db", "shop")), c.backupHookReferences());
    }

    @Test
    void aFieldItDoesNotKnowIsAProblemNotAFilterSilentlyIgnored() {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> BackupConfigurationJson.read(
                "{\"objectType\": \"KubernetesClusterBackupDatasourceParameters\", \"namespaces\": [\"shop\"], \"snapshotVolumes\": true}"));
        assertEquals(List.of("$.namespaces"), e.problems().stream().map(ValidationProblem::path).toList());
        assertTrue(e.problems().get(0).message().contains("includedNamespaces"), e.problems().get(0).message());
    }

    @Test
    void roundTrips() {
        BackupConfiguration c = BackupConfiguration.builder().includedNamespaces("a", "b").excludedNamespaces("c")
                .includedResourceTypes("apps/Deployment").excludedResourceTypes("secrets").labelSelectors("x=1", "!y")
                .includeClusterScopeResources(false).snapshotVolumes(false)
                .includedVolumeTypes(Set.of(VolumeType.AzureDisk))
                .backupHookReferences(List.of(new NamespacedName("h", "a"))).build();
        String json = BackupConfigurationJson.write(c);
        assertTrue(json.contains("\"objectType\": \"KubernetesClusterBackupDatasourceParameters\""), json);
        assertEquals(c, BackupConfigurationJson.read(json));
        assertEquals(BackupConfiguration.everything(), BackupConfigurationJson.read(BackupConfigurationJson.write(BackupConfiguration.everything())));
        BackupConfiguration none = BackupConfiguration.builder().includedVolumeTypes(Set.of()).build();
        assertEquals(none, BackupConfigurationJson.read(BackupConfigurationJson.write(none)));
    }

    @Test
    void reportsEveryProblemWithItsLocation() {
        String json = """
                {"objectType": "KubernetesClusterBackupDatasourceParameters",
                 "includedNamespaces": ["ok", "Not_A_Namespace"],
                 "includedResourceTypes": ["apps/v1"],
                 "labelSelectors": ["app in (web"],
                 "snapshotVolumes": "yes",
                 "includedVolumeTypes": ["AzureBlob"],
                 "backupHookReferences": [{"name": "h"}]}
                """;
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> BackupConfigurationJson.read(json));
        assertEquals(List.of("$.includedNamespaces[1]", "$.includedResourceTypes[0]", "$.labelSelectors[0]",
                "$.snapshotVolumes", "$.backupHookReferences[0].namespace", "$.includedVolumeTypes[0]"),
                e.problems().stream().map(ValidationProblem::path).toList());
        assertTrue(e.problems().get(2).message().contains("column 12"), e.problems().get(2).message());
        assertTrue(e.problems().get(5).message().contains("AzureDisk, AzureFileShareSMB"), e.problems().get(5).message());
    }

    @Test
    void namesTheExpectedTypeForOtherDocuments() {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> BackupConfigurationJson.read("{\"objectType\": \"BlobBackupDatasourceParameters\", \"containersList\": []}"));
        assertEquals("$.objectType", e.problems().get(0).path());
        assertTrue(e.problems().get(0).message().contains("expected KubernetesClusterBackupDatasourceParameters"));
        InvalidInputException empty = assertThrows(InvalidInputException.class,
                () -> BackupConfigurationJson.read("{\"properties\": {\"policyInfo\": {\"policyParameters\": {\"backupDatasourceParametersList\": []}}}}"));
        assertEquals("$.properties.policyInfo.policyParameters.backupDatasourceParametersList", empty.problems().get(0).path());
        assertTrue(empty.problems().get(0).message().contains("holds no KubernetesClusterBackupDatasourceParameters"));
        InvalidInputException other = assertThrows(InvalidInputException.class, () -> BackupConfigurationJson.read("{\"hello\": 1}"));
        assertTrue(other.problems().get(0).message().startsWith("not AKS backup parameters"));
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * A fixture with the field at {@code parent} (a JSON pointer) set to {@code value} (JSON), or, when
     * {@code parent} points at an array, {@code value} appended to it.
     */
    static String mutated(String fixture, String parent, String field, String value) {
        try {
            ObjectNode root = (ObjectNode) JSON.readTree(Files.readString(DOCS.resolve(fixture)));
            if (root.at(parent) instanceof ArrayNode array) {
                array.add(JSON.readTree(value));
            } else {
                ((ObjectNode) root.at(parent)).set(field, JSON.readTree(value));
            }
            return root.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void assertRefused(String json, String path, String mentions, java.util.function.Consumer<String> read) {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> read.accept(json));
        assertTrue(e.problems().stream().anyMatch(p -> p.path().equals(path) && p.message().contains(mentions)),
                "expected " + path + ": ..." + mentions + "... but got " + e.problems());
    }

    @Test
    void readsTheClusterPolicyAndSnapshotResourceGroupABackupInstanceNames() {
        InstanceDocument az = BackupConfigurationJson.readInstance(DOCS.resolve("backup-instance-show.json"));
        assertEquals("/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/aks-rg/providers/"
                + "Microsoft.ContainerService/managedClusters/prod-aks", az.clusterResourceId());
        assertEquals("prod-aks", az.clusterName());
        assertEquals("aks-default", az.policyName());
        assertEquals("/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/aks-snapshots", az.snapshotResourceGroupId());
        InstanceDocument ps = BackupConfigurationJson.readInstance(DOCS.resolve("ps-backup-instance.json"));
        assertEquals("aks-cluster", ps.clusterName());
        assertEquals("aks-daily", ps.policyName());
        assertTrue(ps.snapshotResourceGroupId().endsWith("/resourceGroups/snapshots"));
        InstanceDocument bare = BackupConfigurationJson.readInstance(DOCS.resolve("az-initialize-backupconfig.json"));
        assertEquals(java.util.Arrays.asList(null, null, null), java.util.Arrays.asList(bare.clusterResourceId(), bare.policyId(),
                bare.snapshotResourceGroupId()));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            envelope field Azure does not print | | location | "westeurope" | $.location | is not a field of a backup instance resource
            misspelt instance field | /properties | frendlyName | "x" | $.properties.frendlyName | is not a field of BackupInstance
            other credentials | /properties | datasourceAuthCredentials | {"objectType": "SecretStoreBasedAuthCredentials"} | $.properties.datasourceAuthCredentials | kubeconfig
            a user-assigned identity | /properties | identityDetails | {"userAssignedIdentityArmUrl": "/subscriptions/s/resourceGroups/g/providers/Microsoft.ManagedIdentity/userAssignedIdentities/i"} | $.properties.identityDetails | AZURE_CLIENT_ID
            a Resource Guard request | /properties | resourceGuardOperationRequests | ["/subscriptions/s/resourceGroups/g/providers/Microsoft.DataProtection/resourceGuards/rg/dppModifyPolicy/default"] | $.properties.resourceGuardOperationRequests | Resource Guard
            another kind of validation | /properties | validationType | "NoValidation" | $.properties.validationType | ShallowValidation, DeepValidation
            another datasource | /properties/dataSourceInfo | datasourceType | "Microsoft.Compute/disks" | $.properties.dataSourceInfo.datasourceType | managedClusters
            a datasource without its id | /properties/dataSourceInfo | resourceID | null | $.properties.dataSourceInfo.resourceID | is required
            a policy id that is no policy's | /properties/policyInfo | policyId | "aks-default" | $.properties.policyInfo.policyId | backupPolicies/<policy>
            misspelt policy info field | /properties/policyInfo | policyParams | {} | $.properties.policyInfo.policyParams | is not a field of PolicyInfo
            snapshots in the vault store | /properties/policyInfo/policyParameters/dataStoreParametersList/0 | dataStoreType | "VaultStore" | $.properties.policyInfo.policyParameters.dataStoreParametersList[0].dataStoreType | copy settings of its policy
            a snapshot group that is no group | /properties/policyInfo/policyParameters/dataStoreParametersList/0 | resourceGroupId | "aks-snapshots" | $.properties.policyInfo.policyParameters.dataStoreParametersList[0].resourceGroupId | not a resource group id
            blob parameters beside the cluster's | /properties/policyInfo/policyParameters/backupDatasourceParametersList | | {"objectType": "BlobBackupDatasourceParameters", "containersList": ["c"]} | $.properties.policyInfo.policyParameters.backupDatasourceParametersList[1].objectType | no other datasource parameters
            Azure Files volumes | /properties/policyInfo/policyParameters/backupDatasourceParametersList/0 | includedVolumeTypes | ["AzureDisk", "AzureFileShareSMB"] | $.properties.policyInfo.policyParameters.backupDatasourceParametersList[0].includedVolumeTypes[1] | Azure Disk volumes (disk.csi.azure.com) only
            """)
    void refusesWhatABackupInstanceAsksAndAksBackupDoesNotDo(String name, String parent, String field, String value, String path,
            String mentions) {
        assertRefused(mutated("backup-instance-show.json", parent == null ? "" : parent, field, value), path, mentions,
                BackupConfigurationJson::read);
    }

    @Test
    void acceptsTheEmptyControlsAndReadOnlyFieldsAzurePrints() {
        String json = mutated("backup-instance-show.json", "/properties", "identityDetails", "{\"useSystemAssignedIdentity\": true}");
        json = json.replace("\"validationType\":null", "\"validationType\":\"DeepValidation\",\"resourceGuardOperationRequests\":[],"
                + "\"datasourceAuthCredentials\":null,\"protectionErrorDetails\":null");
        assertEquals(List.of("scratch"), BackupConfigurationJson.read(json).excludedNamespaces());
    }

    @Test
    void aConfigurationCannotAskForVolumesItWouldNotSnapshot() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BackupConfiguration.builder()
                .includedVolumeTypes(Set.of(VolumeType.AzureDisk, VolumeType.AzureFileShareSMB)).build());
        assertTrue(e.getMessage().startsWith("includedVolumeTypes: AzureFileShareSMB is not supported"), e.getMessage());
        assertEquals(SecretData.Include, BackupConfiguration.builder().includedVolumeTypes(Set.of()).build().secretData());
    }
}
