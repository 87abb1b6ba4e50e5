package io.github.aksbackup.azure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AzureBlobLocationTest {
    @Test
    void parsesAccountAndContainer() {
        AzureBlobLocation l = AzureBlobLocation.parse("azblob://backupacct/vault-1/");
        assertEquals("backupacct", l.account());
        assertEquals("vault-1", l.container());
        assertEquals("https://backupacct.blob.core.windows.net", l.defaultEndpoint());
        assertEquals("azblob://backupacct/vault-1", l.toString());
    }

    @Test
    void recognisesTheScheme() {
        assertTrue(AzureBlobLocation.isAzureBlobUri("AZBLOB://a/b"));
        assertFalse(AzureBlobLocation.isAzureBlobUri("/tmp/vault"));
        assertFalse(AzureBlobLocation.isAzureBlobUri(null));
    }

    @Test
    void refusesMalformedLocations() {
        for (String bad : new String[] {"azblob://", "azblob://acct", "azblob://acct/", "azblob://Acct/vault",
            "azblob://acct/va", "azblob://acct/vault/extra", "azblob://acct/-vault", "azblob://acct/va--ult",
            "s3://acct/vault"}) {
            assertThrows(IllegalArgumentException.class, () -> AzureBlobLocation.parse(bad), bad);
        }
    }
}
