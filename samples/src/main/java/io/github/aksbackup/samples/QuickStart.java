package io.github.aksbackup.samples;

import io.github.aksbackup.api.instance.BackupConfiguration;
import io.github.aksbackup.api.instance.BackupInstance;
import io.github.aksbackup.api.job.Job;
import io.github.aksbackup.api.policy.BackupPolicy;
import io.github.aksbackup.api.restore.RestoreConfig;
import io.github.aksbackup.client.AksBackupClient;
import io.github.aksbackup.policy.Policies;
import io.github.aksbackup.restore.RestoreResult;
import io.github.aksbackup.store.DirectoryObjectStore;
import io.github.aksbackup.testkit.FakeVolumeSnapshotter;
import io.github.aksbackup.testkit.InMemoryCluster;
import io.github.aksbackup.testkit.SampleWorkload;
import java.nio.file.Path;
import java.time.Clock;

/** The README's Java sample: a backup and a restore with the testkit (in-memory cluster, directory vault). */
public final class QuickStart {
    private QuickStart() {
    }

    /** Runs the sample with a vault in {@code args[0]} (default {@code vault}) and the policy file {@code args[1]}. */
    public static void main(String[] args) {
        run(Path.of(args.length > 0 ? args[0] : "vault"), Path.of(args.length > 1 ? args[1] : "samples/policies/aks-default.json"));
    }

    /** Backs up the sample shop, loses a namespace, restores it under another name; returns the restore. */
    public static RestoreResult run(Path vaultDir, Path policyFile) {
        InMemoryCluster cluster = new InMemoryCluster(Clock.systemUTC());
        FakeVolumeSnapshotter disks = new FakeVolumeSnapshotter(Clock.systemUTC());
        SampleWorkload.install(cluster, disks);
        try (AksBackupClient client = AksBackupClient.builder().vault(new DirectoryObjectStore(vaultDir))
                .cluster(cluster).volumeSnapshotter(disks).buildClient()) {
            client.createVault();
            BackupPolicy policy = Policies.read(policyFile);
            client.configureProtection(new BackupInstance("shop", "aks-prod", policy.name(), BackupConfiguration.everything(), null, null), policy);
            Job backup = client.backupNow("shop");
            cluster.delete(cluster.type("v1", "Namespace"), null, "payments");
            RestoreResult restore = client.restore(RestoreConfig.builder().recoveryPointId(backup.recoveryPointId())
                    .includedNamespaces("payments").mapNamespace("payments", "payments-restored").build());
            restore.items().forEach(i -> System.out.println(i.action() + " " + i.displayName()));
            return restore;
        }
    }
}
