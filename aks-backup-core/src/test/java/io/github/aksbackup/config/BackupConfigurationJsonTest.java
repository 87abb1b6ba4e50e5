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
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

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
                .includedVolumeTypes(Set.of(VolumeType.AzureFileShareSMB, VolumeType.AzureDisk))
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
}
