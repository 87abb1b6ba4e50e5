package io.github.aksbackup.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code restore --from-tier}, {@code --keep-staging} and the Azure options that restore volume data from
 * the vault tier: combinations that cannot work are bad input (exit 2) naming the option, found before any
 * cluster or vault is contacted.
 */
class RestoreFromVaultTierCommandTest {
    private static final String GROUP = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-staging";
    private static final String ACCOUNT = GROUP + "/providers/Microsoft.Storage/storageAccounts/staging";
    private static final String SUBSCRIPTION = "00000000-0000-0000-0000-00000000aaaa";

    @TempDir
    Path dir;

    private Path write(String name, String json) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, json);
        return p;
    }

    private Path operationalCriteria() throws Exception {
        return write("criteria.json", "{\"objectType\":\"KubernetesClusterRestoreCriteria\",\"includeClusterScopeResources\":false}");
    }

    private Path vaultCriteria() throws Exception {
        return write("vault.json", "{\"objectType\":\"KubernetesClusterVaultTierRestoreCriteria\",\"stagingResourceGroupId\":\""
                + GROUP + "\",\"stagingStorageAccountId\":\"" + ACCOUNT + "\"}");
    }

    private Path operationalRequest() throws Exception {
        return write("request.json", "{\"objectType\":\"AzureBackupRecoveryPointBasedRestoreRequest\",\"recoveryPointId\":\"rp-1\","
                + "\"sourceDataStoreType\":\"OperationalStore\",\"restoreTargetInfo\":{\"objectType\":\"ItemLevelRestoreTargetInfo\","
                + "\"recoveryOption\":\"FailIfExists\",\"restoreCriteria\":[{\"objectType\":\"KubernetesClusterRestoreCriteria\"}]}}");
    }

    private CliRun restore(Path config, String... more) {
        List<String> args = new ArrayList<>(List.of("restore", "--vault", dir.resolve("vault").toString(), "--kubeconfig",
                dir.resolve("no-kubeconfig").toString(), "--recovery-point", "rp-1", "--config", config.toString()));
        args.addAll(List.of(more));
        return CliRun.of(args.toArray(String[]::new));
    }

    private static void assertBadInput(CliRun run, String field, String says) {
        assertEquals(AksBackupCli.BAD_INPUT, run.code(), run.out() + run.err());
        assertTrue(run.err().contains(field), run.err());
        assertTrue(run.err().contains(says), run.err());
        assertFalse(run.err().contains("\tat "), "no stack trace for bad input: " + run.err());
    }

    @Test
    void fromTierMustNameATier() throws Exception {
        assertBadInput(restore(operationalCriteria(), "--from-tier", "archive"), "--from-tier", "expected operational or vault");
    }

    @Test
    void fromTierMustAgreeWithTheTierTheDocumentNames() throws Exception {
        assertBadInput(restore(vaultCriteria(), "--from-tier", "operational"), "--from-tier",
                "restores from VaultStore (KubernetesClusterVaultTierRestoreCriteria)");
        Path request = operationalRequest();
        CliRun run = CliRun.of("restore", "--vault", dir.resolve("vault").toString(), "--kubeconfig",
                dir.resolve("no-kubeconfig").toString(), "--config", request.toString(), "--from-tier", "vault");
        assertBadInput(run, "--from-tier", "restores from OperationalStore (sourceDataStoreType)");
    }

    @Test
    void keepStagingIsForVaultTierRestoresOnly() throws Exception {
        assertBadInput(restore(operationalCriteria(), "--keep-staging"), "--keep-staging", "stages nothing");
    }

    @Test
    void aSnapshotClassIsForOperationalRestoresOnly() throws Exception {
        assertBadInput(restore(vaultCriteria(), "--snapshot-class", "csi-azuredisk-vsc"), "--snapshot-class",
                "reads the vault tier");
    }

    @Test
    void theAzureCopierNeedsAnAzureVaultAndASubscriptionId() throws Exception {
        assertBadInput(restore(vaultCriteria(), "--subscription", SUBSCRIPTION), "--subscription",
                "give an azblob:// vault, or leave --subscription out");
        assertBadInput(restore(vaultCriteria(), "--subscription", "my-subscription"), "--subscription",
                "is not a subscription id");
        assertBadInput(restore(vaultCriteria(), "--staging-resource-group", "rg-staging"), "--staging-resource-group",
                "needs --subscription");
    }

    @Test
    void plainCriteriaRestoreFromTheVaultTierWhenAsked() throws Exception {
        // Past the tier checks, the next thing is the cluster: its kubeconfig is missing, which is bad input too.
        CliRun run = restore(operationalCriteria(), "--from-tier", "vault", "--keep-staging");
        assertEquals(AksBackupCli.BAD_INPUT, run.code(), run.err());
        assertTrue(run.err().contains("kubeconfig"), run.err());
    }

    @Test
    void aVaultTierRestoreOfVolumesWithoutTheAzureCopierIsRefusedBeforeAnythingIsRestored() throws Exception {
        Path vault = dir.resolve("vault");
        String rpId = vaultCopyWithAVolume(vault);
        // Nothing listens there: the refusal comes before the cluster is contacted.
        Path kubeconfig = write("kubeconfig", "apiVersion: v1\nkind: Config\ncurrent-context: c\nclusters:\n- name: k\n  cluster:\n"
                + "    server: https://127.0.0.1:9\n    insecure-skip-tls-verify: true\ncontexts:\n- name: c\n  context:\n"
                + "    cluster: k\n    user: u\nusers:\n- name: u\n  user:\n    token: t\n");
        CliRun run = CliRun.of("restore", "--vault", vault.toString(), "--kubeconfig", kubeconfig.toString(),
                "--recovery-point", rpId, "--config", vaultCriteria().toString());
        assertBadInput(run, "--subscription", "holds 1 volumes");
        assertTrue(run.err().contains("from an azblob:// vault"), run.err());
    }

    /** A directory vault whose recovery point has a vault-tier copy with one volume, made through the SDK. */
    private static String vaultCopyWithAVolume(Path vault) throws Exception {
        io.github.aksbackup.testkit.ManualClock clock = new io.github.aksbackup.testkit.ManualClock(
                java.time.Instant.parse("2026-05-04T10:00:00Z"));
        io.github.aksbackup.testkit.InMemoryCluster cluster = new io.github.aksbackup.testkit.InMemoryCluster(clock);
        io.github.aksbackup.testkit.FakeVolumeSnapshotter volumes = new io.github.aksbackup.testkit.FakeVolumeSnapshotter(clock);
        io.github.aksbackup.testkit.Fixtures.seedApp(cluster, volumes);
        io.github.aksbackup.api.policy.BackupPolicy policy;
        try (java.io.InputStream in = RestoreFromVaultTierCommandTest.class.getResourceAsStream("/client/aks-daily-to-vault.json")) {
            policy = io.github.aksbackup.policy.PolicyJson.read(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
        }
        try (io.github.aksbackup.client.AksBackupClient client = io.github.aksbackup.client.AksBackupClient.builder()
                .vault(new io.github.aksbackup.store.DirectoryObjectStore(vault)).cluster(cluster).volumeSnapshotter(volumes)
                .clock(clock).buildClient()) {
            client.createVault();
            client.configureProtection(new io.github.aksbackup.api.instance.BackupInstance("prod", "aks-prod", "",
                    io.github.aksbackup.api.instance.BackupConfiguration.everything(), null, null), policy);
            String id = client.backupNow("prod", io.github.aksbackup.client.BackupJobOptions.defaults().withRetentionTag("Daily"))
                    .recoveryPointId();
            io.github.aksbackup.api.recovery.RecoveryPoint rp = client.getRecoveryPoint("prod", id);
            assertEquals(io.github.aksbackup.api.recovery.DataStoreState.Available,
                    rp.store(io.github.aksbackup.api.DataStoreType.VaultStore).orElseThrow().state());
            assertEquals(1, rp.volumeSnapshots().size(), "the fixture's one claim");
            return id;
        }
    }
}
