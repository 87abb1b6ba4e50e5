package io.github.aksbackup.cli;

import io.github.aksbackup.api.AksBackupException;
import io.github.aksbackup.api.ErrorCode;
import io.github.aksbackup.api.instance.BackupConfiguration;
import io.github.aksbackup.api.instance.BackupInstance;
import io.github.aksbackup.client.AksBackupClient;
import io.github.aksbackup.crypto.LocalKeyProvider;
import io.github.aksbackup.policy.Policies;
import io.github.aksbackup.store.DirectoryObjectStore;
import io.github.aksbackup.testkit.FakeVolumeSnapshotter;
import io.github.aksbackup.testkit.InMemoryCluster;
import io.github.aksbackup.testkit.ManualClock;
import io.github.aksbackup.testkit.SampleWorkload;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/**
 * A vault with a few days of history, made on a manual clock: two instances on the shipped policies
 * (every 4 hours; one copies a Daily recovery point to the vault tier), a cluster that changes a little
 * between backups, one slot whose backup fails and one that lists a type it may not read.
 */
final class VaultHistory {
    static final int HOURS = 72;

    private VaultHistory() {
    }

    /**
     * Writes the history into a directory vault encrypted with the key file's key: the three days before
     * today (UTC), so that a report made now shows it as recent, with the failures on slots. Returns the clock's end.
     */
    static Instant write(Path vault, Path keyFile) {
        ManualClock clock = new ManualClock(Instant.now().truncatedTo(ChronoUnit.DAYS).minus(Duration.ofHours(HOURS)));
        InMemoryCluster cluster = new InMemoryCluster(clock);
        FakeVolumeSnapshotter disks = new FakeVolumeSnapshotter(clock);
        SampleWorkload.install(cluster, disks);
        try (AksBackupClient client = AksBackupClient.builder().vault(new DirectoryObjectStore(vault))
                .keyProvider(LocalKeyProvider.read(keyFile)).cluster(cluster).volumeSnapshotter(disks).clock(clock).buildClient()) {
            client.createVault();
            client.configureProtection(new BackupInstance("shop-prod", "aks-prod-westeurope", "", BackupConfiguration.everything(),
                    null, null), Policies.read(Path.of("policies", "aks-daily-to-vault.json")));
            client.configureProtection(new BackupInstance("shop-staging", "aks-staging-westeurope", "",
                    BackupConfiguration.everything(), null, null), Policies.read(Path.of("policies", "aks-default.json")));
            for (int h = 1; h <= HOURS; h++) {
                clock.advance(Duration.ofHours(1));
                if (h % 5 == 0) {
                    cluster.add(Map.of("apiVersion", "v1", "kind", "ConfigMap",
                            "metadata", Map.of("name", "settings-" + h, "namespace", "storefront"),
                            "data", Map.of("revision", Integer.toString(h), "notes", "x".repeat(200 * h))));
                }
                if (h == 30) {
                    cluster.failOn("list", "namespaces", null, null, new AksBackupException(ErrorCode.FORBIDDEN,
                            "namespaces is forbidden: the backup identity cannot list namespaces"));
                }
                if (h == 50) {
                    cluster.failOn("list", "configmaps", null, null, new AksBackupException(ErrorCode.FORBIDDEN,
                            "configmaps is forbidden: the backup identity cannot list configmaps"));
                }
                client.runDue();
                if (h == 30 || h == 50) {
                    cluster.clearFailures();
                }
            }
        }
        return clock.instant();
    }
}
