package io.github.aksbackup.cli;

import io.github.aksbackup.api.instance.BackupConfiguration;
import io.github.aksbackup.api.instance.BackupInstance;
import io.github.aksbackup.api.instance.SecretData;
import io.github.aksbackup.api.job.Job;
import io.github.aksbackup.api.policy.BackupPolicy;
import io.github.aksbackup.azure.AzureDiskSnapshotter;
import io.github.aksbackup.client.AksBackupClient;
import io.github.aksbackup.client.AksBackupClientBuilder;
import io.github.aksbackup.client.BackupJobOptions;
import io.github.aksbackup.api.InvalidInputException;
import io.github.aksbackup.api.instance.SnapshotLocation;
import io.github.aksbackup.config.BackupConfigurationJson;
import io.github.aksbackup.config.InstanceDocument;
import io.github.aksbackup.hook.HookResources;
import io.github.aksbackup.k8s.KubernetesClusterClient;
import io.github.aksbackup.policy.Policies;
import io.github.aksbackup.retention.RetentionPlanner;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code aks-backup backup}: an on-demand backup of a cluster into a vault, configured by Azure's
 * {@code KubernetesClusterBackupDatasourceParameters} document and governed by a backup policy.
 */
@Command(name = "backup",
        mixinStandardHelpOptions = true,
        description = {"Back up a cluster into a vault now (an on-demand recovery point).",
            "CONFIG.json is Azure's KubernetesClusterBackupDatasourceParameters, as 'az dataprotection backup-instance "
                + "initialize-backupconfig' prints it. Exit code 0 when the backup completed (with or without warnings), "
                + "1 when it failed or is partial, 2 for bad input."})
final class BackupCommand implements Callable<Integer> {
    @Mixin
    KubeOptions kube;

    @Mixin
    VaultOptions vault;

    @Mixin
    AzureArmOptions arm;

    @Option(names = "--config", required = true, paramLabel = "CONFIG.json",
            description = {"What to back up: Azure's KubernetesClusterBackupDatasourceParameters, or a backup instance "
                + "holding it ('az dataprotection backup-instance show'). A backup instance also names its cluster (without "
                + "--context, the kubeconfig context named after it is used), its policy (--policy must be that policy) and "
                + "its snapshot resource group."})
    Path config;

    @Option(names = "--policy", paramLabel = "POLICY.json",
            description = "The backup policy (Azure BackupPolicy JSON); default: Azure's default AKS policy "
                + "(every 4 hours, kept 7 days in the operational tier), unless CONFIG.json is a backup instance naming a policy.")
    Path policy;

    @Option(names = "--tag", paramLabel = "TAG",
            description = "Retention tag of the recovery point (a tag of the policy, such as Daily); default the policy's default.")
    String tag;

    @Option(names = "--secret-data", paramLabel = "Include|MetadataOnly",
            description = "Back up Secrets whole (Include) or only their metadata (MetadataOnly: such Secrets are reported and "
                + "not restored); overrides the configuration's secretData, default Include.")
    SecretData secretData;

    @Option(names = "--instance", paramLabel = "NAME",
            description = "Backup instance name in the vault (default: derived from the kubeconfig context).")
    String instance;

    @Mixin
    Output output;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        InstanceDocument document = BackupConfigurationJson.readInstance(config);
        BackupConfiguration read = document.configuration();
        BackupConfiguration configuration = secretData == null ? read : read.withSecretData(secretData);
        BackupPolicy backupPolicy = policy != null ? Policies.read(policy) : defaultPolicy();
        requirePolicyOfInstance(document, backupPolicy);
        if (tag != null && !new RetentionPlanner(backupPolicy).hasRule(tag)) {
            // checked before the vault is opened: bad input writes nothing
            throw new IllegalArgumentException("--tag " + tag + ": policy " + backupPolicy.name()
                    + " has no retention rule of that name; a tag must name a retention rule");
        }
        kube.refuseSnapshotClassUnless(configuration.snapshotVolumes() && !configuration.includedVolumeTypes().isEmpty(),
                "the configuration's snapshotVolumes is false or its includedVolumeTypes is empty");
        io.github.aksbackup.spi.KeyProvider keys = vault.keyProvider().orElse(null);
        // Vault copies of this backup (an immediate copy setting) export its volume snapshots.
        Optional<AzureDiskSnapshotter> copier = arm.copier(vault);
        try (KubernetesClusterClient cluster = kube.connect(document.clusterResourceId(), config + " dataSourceInfo.resourceID")) {
            // a reference to a hook that does not exist is bad input: found before the vault is written
            HookResources.backupHooks(cluster, configuration.backupHookReferences());
            String name = instance != null ? instance : instanceName(cluster.contextName().orElse(cluster.describe()));
            // the instance records the cluster as the document names it (its ARM id), else as the connection describes it
            String clusterRef = document.clusterResourceId() != null ? document.clusterResourceId() : cluster.describe();
            SnapshotLocation snapshots = new SnapshotLocation(document.snapshotResourceGroupId(), null, null);
            AksBackupClientBuilder builder = AksBackupClient.builder().vault(vault.open()).keyProvider(keys).cluster(cluster);
            if (configuration.snapshotVolumes()) {
                // finding the default snapshot class needs a permission a backup without snapshots does not
                kube.snapshotter(cluster).ifPresent(builder::volumeSnapshotter);
                copier.ifPresent(builder::vaultVolumeCopier);
            }
            TerminalProgress progress = TerminalProgress.forTerminal(spec.commandLine().getErr(), output.json);
            Job job;
            try (AksBackupClient sdk = builder.buildClient()) {
                sdk.configureProtection(new BackupInstance(name, clusterRef, backupPolicy.name(), configuration, snapshots, null),
                        backupPolicy);
                BackupJobOptions options = BackupJobOptions.defaults();
                if (tag != null) {
                    options = options.withRetentionTag(tag);
                }
                if (progress != null) {
                    options = options.withListener(progress);
                }
                job = sdk.backupNow(name, options);
            } finally {
                if (progress != null) {
                    progress.finish();
                }
            }
            if (output.json) {
                output.printJson(job);
            } else {
                JobText.printSummary(spec.commandLine().getOut(), "Backup of " + name + " " + job.status()
                        + (job.recoveryPointId() == null ? "" : ": recovery point " + job.recoveryPointId()), job);
            }
            return JobText.exitCode(job);
        }
    }

    /**
     * A backup instance document names the policy it runs under ({@code policyInfo.policyId}); the policy
     * the backup uses must be that one, since the command line cannot fetch it from Azure.
     */
    private void requirePolicyOfInstance(InstanceDocument document, BackupPolicy backupPolicy) {
        String named = document.policyName();
        if (named == null) {
            return;
        }
        if (policy == null) {
            throw new InvalidInputException("--policy", "is required: the backup instance in " + config + " runs under policy '"
                    + named + "' (policyInfo.policyId); give that policy with --policy (az dataprotection backup-policy show"
                    + " prints it)");
        }
        if (!named.equalsIgnoreCase(backupPolicy.name())) {
            throw new InvalidInputException("--policy", "is policy '" + backupPolicy.name() + "', but the backup instance in "
                    + config + " runs under policy '" + named + "' (policyInfo.policyId); give the policy it names");
        }
    }

    /** An instance name from a context or server: letters, digits, '.', '_' and '-', at most 63. */
    static String instanceName(String from) {
        String n = from.replaceAll("^Kubernetes cluster at ", "").replaceAll("https?://", "")
                .replaceAll("[^A-Za-z0-9._-]+", "-").replaceAll("^[^A-Za-z0-9]+", "").replaceAll("-+$", "");
        if (n.length() > 63) {
            n = n.substring(0, 63);
        }
        return n.isEmpty() ? "cluster" : n;
    }

    private static BackupPolicy defaultPolicy() {
        try (InputStream in = BackupCommand.class.getResourceAsStream("policies/aks-default.json")) {
            return Policies.read(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the built-in default policy", e);
        }
    }
}
