package io.github.aksbackup.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.aksbackup.api.InvalidInputException;
import org.junit.jupiter.api.Test;

/** When the command line copies volumes to and from the vault tier with Azure's disk snapshots. */
class AzureArmOptionsTest {
    private static VaultOptions vault(String location) {
        VaultOptions v = new VaultOptions(name -> null);
        v.vault = location;
        return v;
    }

    private static AzureArmOptions arm(String subscription, String stagingGroup) {
        AzureArmOptions a = new AzureArmOptions();
        a.subscription = subscription;
        a.stagingResourceGroup = stagingGroup;
        return a;
    }

    @Test
    void aSubscriptionWithAnAzureVaultGivesTheAzureDiskCopierWithoutContactingAzure() {
        assertTrue(arm("00000000-0000-0000-0000-00000000aaaa", "rg-staging").copier(vault("azblob://acct/vault")).isPresent());
    }

    @Test
    void withoutASubscriptionThereIsNoCopier() {
        assertTrue(arm(null, null).copier(vault("azblob://acct/vault")).isEmpty());
        assertTrue(arm(null, null).copier(vault("/tmp/some-vault")).isEmpty());
    }

    @Test
    void aStagingGroupThatIsNoResourceGroupIdIsRefusedNamingTheOption() {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> arm("00000000-0000-0000-0000-00000000aaaa",
                "/subscriptions/x/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/a").copier(vault("azblob://acct/v")));
        assertEquals("--staging-resource-group", e.problems().get(0).path());
    }
}
