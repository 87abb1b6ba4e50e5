package io.github.aksbackup.azure.keyvault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.aksbackup.testkit.Fixtures;
import io.github.aksbackup.api.instance.BackupConfiguration;
import io.github.aksbackup.api.instance.BackupInstance;
import io.github.aksbackup.api.restore.RestoreConfig;
import io.github.aksbackup.client.AksBackupClient;
import io.github.aksbackup.client.BackupJobOptions;
import io.github.aksbackup.client.RestoreJobOptions;
import io.github.aksbackup.client.VaultCheck;
import io.github.aksbackup.crypto.EnvelopeCipher;
import io.github.aksbackup.policy.PolicyJson;
import io.github.aksbackup.restore.RestoreResult;
import io.github.aksbackup.spi.KeyProvider;
import io.github.aksbackup.testkit.FakeVolumeSnapshotter;
import io.github.aksbackup.testkit.InMemoryCluster;
import io.github.aksbackup.testkit.InMemoryObjectStore;
import io.github.aksbackup.testkit.ManualClock;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * An encrypted vault whose key is in (the stand-in for) Azure Key Vault, through the SDK's facade:
 * back up, rotate the key in Key Vault, back up again, and restore both recovery points.
 */
class KeyVaultEncryptedVaultTest {
    private KeyVaultStandIn kv;
    private final String keyName = "vault-kek-" + java.util.UUID.randomUUID().toString().substring(0, 8);
    final ManualClock clock = new ManualClock(Instant.parse("2026-05-04T09:00:00Z"));
    final InMemoryCluster cluster = new InMemoryCluster(clock);
    final FakeVolumeSnapshotter volumes = new FakeVolumeSnapshotter(clock);
    final InMemoryObjectStore vault = new InMemoryObjectStore(clock);

    private KeyProvider keys() {
        return KeyVaultTestSupport.provider(kv.keyUrl(KeyVaultStandIn.VAULT_HOST, keyName), KeyVaultTestSupport.credential());
    }

    private AksBackupClient client(KeyProvider keys, InMemoryCluster target) {
        AksBackupClient client = AksBackupClient.builder().vault(vault).cluster(target).volumeSnapshotter(volumes).clock(clock)
                .keyProvider(keys).buildClient();
        client.createVault();
        return client;
    }

    @Test
    void backUpRotateInKeyVaultBackUpAndRestoreBoth() throws Exception {
        kv = KeyVaultTestSupport.standIn();
        Fixtures.seedApp(cluster, volumes);
        String v1 = kv.addRsaVersion(KeyVaultStandIn.VAULT_HOST, keyName);
        String first;
        try (AksBackupClient c = client(keys(), cluster)) {
            c.configureProtection(new BackupInstance("prod", "aks-prod", "", BackupConfiguration.everything(), null, null),
                    PolicyJson.read(new String(getClass().getResourceAsStream("/client/aks-daily-to-vault.json").readAllBytes(),
                            java.nio.charset.StandardCharsets.UTF_8)));
            first = c.backupNow("prod", BackupJobOptions.defaults()).recoveryPointId();
        }
        String v2 = kv.addRsaVersion(KeyVaultStandIn.VAULT_HOST, keyName);
        String second;
        try (AksBackupClient c = client(keys(), cluster)) {
            clock.set(Instant.parse("2026-05-04T10:00:00Z"));
            second = c.backupNow("prod", BackupJobOptions.defaults()).recoveryPointId();
            VaultCheck check = c.verifyVault();
            assertTrue(check.ok(), check.toString());
            assertEquals(Set.of(v1, v2), check.operational().keyIds().keySet(), "objects under both key versions");
        }
        for (String key : vault.keys()) {
            if (key.startsWith("packs/")) {
                assertTrue(EnvelopeCipher.isSealed(vault.getBytes(key)), key);
            }
        }
        for (String rp : new String[] {first, second}) {
            InMemoryCluster target = new InMemoryCluster(clock);
            try (AksBackupClient c = client(keys(), target)) {
                RestoreResult r = c.restore(RestoreConfig.builder().recoveryPointId(rp).build(), RestoreJobOptions.defaults());
                assertTrue(r.job().counts().succeeded() > 10, r.job().toString());
                assertFalse(target.objects("v1", "ConfigMap").isEmpty(), rp);
            }
        }
    }
}
