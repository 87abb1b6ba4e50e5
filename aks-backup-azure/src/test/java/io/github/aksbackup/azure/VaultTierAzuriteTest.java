package io.github.aksbackup.azure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.aksbackup.testkit.Fixtures;
import io.github.aksbackup.api.DataStoreType;
import io.github.aksbackup.api.instance.BackupConfiguration;
import io.github.aksbackup.api.instance.BackupInstance;
import io.github.aksbackup.api.recovery.DataStoreState;
import io.github.aksbackup.api.recovery.RecoveryPoint;
import io.github.aksbackup.api.restore.RestoreConfig;
import io.github.aksbackup.api.restore.StagingLocation;
import io.github.aksbackup.client.AksBackupClient;
import io.github.aksbackup.client.BackupJobOptions;
import io.github.aksbackup.client.RestoreJobOptions;
import io.github.aksbackup.restore.RestoreResult;
import io.github.aksbackup.testkit.FakeVolumeSnapshotter;
import io.github.aksbackup.testkit.InMemoryCluster;
import io.github.aksbackup.testkit.ManualClock;
import io.github.aksbackup.testkit.ObjectStoreContract;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Backup → daily tiering → vault-tier restore with both tiers in Azure blob containers on Azurite
 * (operational container and a separate vault container), through the SDK's facade.
 */
@Tag("azurite")
class VaultTierAzuriteTest {
    final ManualClock clock = new ManualClock(Instant.parse("2026-05-04T09:00:00Z"));
    final InMemoryCluster cluster = new InMemoryCluster(clock);
    final FakeVolumeSnapshotter volumes = new FakeVolumeSnapshotter(clock);

    @Test
    void scheduledBackupIsTieredIntoTheAzureVaultDeduplicatedAndRestoredFromIt() throws Exception {
        Fixtures.seedApp(cluster, volumes);
        AzureBlobObjectStore operational = Azurite.newStoreBuilder("operational").build();
        AzureBlobObjectStore vault = Azurite.newStoreBuilder("vault").accessTier("packs/",
                com.azure.storage.blob.models.AccessTier.COOL).build();
        try (AksBackupClient client = AksBackupClient.builder().vault(operational).vaultTier(vault).cluster(cluster)
                .volumeSnapshotter(volumes).clock(clock).buildClient()) {
            client.createVault();
            client.configureProtection(new BackupInstance("prod", "aks-prod", "",
                    BackupConfiguration.everything(), null, null), ScaleOutAzuriteTest.policy());
            client.runDue();
            clock.set(Instant.parse("2026-05-04T10:00:00Z"));
            client.runDue();

            RecoveryPoint daily = client.listRecoveryPoints("prod").get(0);
            assertEquals("Daily", daily.tag());
            assertEquals(DataStoreState.Available, daily.store(DataStoreType.VaultStore).orElseThrow().state(),
                    "the first scheduled backup of the day is copied to the vault");
            List<String> packs = ObjectStoreContract.keys(vault.list("packs/"));
            assertFalse(packs.isEmpty(), ObjectStoreContract.keys(vault.list("")).toString());
            assertFalse(ObjectStoreContract.keys(vault.list("volumes/")).isEmpty(), "volume exports go to the vault");

            String again = client.backupNow("prod", BackupJobOptions.defaults().withRetentionTag("Daily"))
                    .recoveryPointId();
            assertEquals(DataStoreState.Available, client.getRecoveryPoint("prod", again)
                    .store(DataStoreType.VaultStore).orElseThrow().state());
            assertEquals(packs, ObjectStoreContract.keys(vault.list("packs/")),
                    "an unchanged cluster adds no pack to the vault: the second copy is deduplicated");

            InMemoryCluster target = new InMemoryCluster(clock);
            try (AksBackupClient restorer = AksBackupClient.builder().vault(operational).vaultTier(vault)
                    .cluster(target).volumeSnapshotter(volumes).clock(clock).buildClient()) {
                RestoreResult result = restorer.restore(RestoreConfig.builder().recoveryPointId(daily.id())
                        .sourceDataStore(DataStoreType.VaultStore)
                        .stagingLocation(new StagingLocation("/subscriptions/s/resourceGroups/rg-staging", null))
                        .mapNamespace("shop", "shop-restored").build(), RestoreJobOptions.defaults());
                assertTrue(result.job().counts().succeeded() > 10, result.job().toString());
                assertFalse(target.objects("v1", "ConfigMap").stream()
                        .filter(o -> "shop-restored".equals(o.namespace())).toList().isEmpty());
            }
        }
    }
}
