package io.github.aksbackup.api.instance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class BackupConfigurationTest {
    @Test
    void withSecretDataChangesThatFieldOnly() {
        BackupConfiguration c = BackupConfiguration.builder().includedNamespaces("shop").excludedResourceTypes("v1/Event")
                .labelSelectors("app=web").includeClusterScopeResources(false).build();
        BackupConfiguration m = c.withSecretData(SecretData.MetadataOnly);
        assertEquals(SecretData.MetadataOnly, m.secretData());
        assertEquals(SecretData.Include, c.secretData());
        assertEquals(c, m.withSecretData(SecretData.Include));
    }
}
