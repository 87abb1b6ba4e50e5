package io.github.aksbackup.cli;

import io.github.aksbackup.api.instance.BackupConfiguration;
import io.github.aksbackup.api.instance.BackupInstance;
import io.github.aksbackup.api.instance.ProtectionState;
import io.github.aksbackup.api.instance.SecretData;
import io.github.aksbackup.api.job.ItemAction;
import io.github.aksbackup.api.job.Job;
import io.github.aksbackup.api.policy.BackupPolicy;
import io.github.aksbackup.azure.AzureDiskSnapshotter;
import io.github.aksbackup.client.AksBackupClient;
import io.github.aksbackup.client.AksBackupClientBuilder;
import io.github.aksbackup.client.BackupJobOptions;
import io.github.aksbackup.api.InvalidInputException;
import io.github.aksbackup.api.instance.SnapshotLocation;
import io.github.aksbackup.config.BackupConfigurationJson;
import io.github.aksbackup.config.ClusterRefs;
import io.github.aksbackup.config.InstanceDocument;
import io.github.aksbackup.hook.HookResources;
import io.github.aksbackup.k8s.KubernetesClusterClient;
import io.github.aksbackup.policy.Policies;
import io.github.aksbackup.policy.PolicyJson;
import io.github.aksbackup.retention.RetentionPlanner;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
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
            description = {"Backup instance name in the vault (default: derived from the kubeconfig context). An instance the "
                + "vault holds already is backed up as it is configured, never changed: its cluster and CONFIG.json must match "
                + "(and --policy, when given, its policy; without it the backup runs under the instance's own), or the backup "
                + "is refused with exit code 2. Change an instance with 'aks-backup instance configure'."})
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
                    + " has no retention rule of that name; a tag must name a retention rule" + (policy == null
                    ? " (without --policy the tag is checked against the built-in default policy; for an instance of the vault"
                    + " under another policy, give that policy with --policy)" : ""));
        }
        kube.refuseSnapshotClassUnless(configuration.snapshotVolumes() && !configuration.includedVolumeTypes().isEmpty(),
                "the configuration's snapshotVolumes is false or its includedVolumeTypes is empty");
        io.github.aksbackup.spi.KeyProvider keys = vault.keyProvider().orElse(null);
        // Vault copies of this backup (an immediate copy setting) export its volume snapshots.
        Optional<AzureDiskSnapshotter> copier = arm.copier(vault);
        try (KubernetesClusterClient cluster = kube.connect(document.clusterResourceId(), config + " dataSourceInfo.resourceID")) {
            // the cluster's types are found while the vault is opened and the instance checked
            cluster.discoverAhead();
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
                sdk.createVault();
                protect(sdk, new BackupInstance(name, clusterRef, backupPolicy.name(), configuration, snapshots, null), backupPolicy,
                        cluster.describe());
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
                JobText.printItems(spec.commandLine().getOut(), job, ItemAction.Skipped, "skipped");
            }
            return JobText.exitCode(job);
        }
    }

    /**
     * Makes sure the vault holds the instance this backup runs as. A name the vault does not know (or
     * whose instance was stopped with its data deleted) is configured with these settings, as before. A
     * name the vault knows stays as it is: an on-demand backup is a backup <em>of</em> that instance, as
     * Azure's ad-hoc backup is, and never reconfigures it — rewriting it would change what its scheduled
     * backups ({@code serve}) capture, or the policy they run under, without a word. So its cluster, its
     * configuration and (when {@code --policy} is given) its policy must be the ones given here, or the
     * backup is refused naming the option and the difference; without {@code --policy} it runs under the
     * instance's own policy. Changing an instance is {@code instance configure}'s job.
     */
    private void protect(AksBackupClient sdk, BackupInstance wanted, BackupPolicy given, String connected) {
        BackupInstance existing = sdk.listInstances().stream().filter(i -> i.name().equals(wanted.name())).findFirst().orElse(null);
        if (existing == null || existing.protectionState() == ProtectionState.ProtectionDeleted) {
            sdk.configureProtection(wanted, given);
            return;
        }
        String which = "backup instance '" + existing.name() + "' in the vault";
        String elsewhere = "; give another --instance for this backup, or change the instance with 'aks-backup instance configure'";
        if (!ClusterRefs.sameCluster(existing.clusterRef(), wanted.clusterRef()) && !ClusterRefs.sameCluster(existing.clusterRef(), connected)) {
            throw new InvalidInputException("--instance", which + " protects cluster '" + existing.clusterRef() + "', and this backup"
                    + " is of '" + wanted.clusterRef() + "'" + elsewhere);
        }
        List<String> differences = differences(existing, wanted);
        if (!differences.isEmpty()) {
            throw new InvalidInputException("--config", which + " is configured differently: " + String.join("; ", differences)
                    + elsewhere);
        }
        if (policy != null) {
            BackupPolicy configured = sdk.getPolicy(existing.policyName());
            if (!configured.name().equalsIgnoreCase(given.name())
                    || !PolicyJson.write(configured).equals(PolicyJson.write(given))) {
                throw new InvalidInputException("--policy", "is policy '" + given.name() + "'" + (configured.name().equalsIgnoreCase(
                        given.name()) ? " with other rules than the vault's version" : "") + ", but " + which + " runs under policy '"
                        + configured.name() + "' as the vault holds it; leave --policy out to back up under that policy" + elsewhere);
            }
        }
    }

    /** What differs between an instance of the vault and the one this backup would configure, field by field. */
    private static List<String> differences(BackupInstance existing, BackupInstance wanted) {
        List<String> out = new ArrayList<>();
        BackupConfiguration a = existing.configuration();
        BackupConfiguration b = wanted.configuration();
        for (RecordComponent c : BackupConfiguration.class.getRecordComponents()) {
            Object inVault = value(c, a);
            Object here = value(c, b);
            if (!Objects.equals(inVault, here)) {
                out.add(c.getName() + " is " + here + " here, " + inVault + " in the vault");
            }
        }
        if (!Objects.equals(existing.snapshotLocation(), wanted.snapshotLocation())) {
            out.add("the snapshot resource group is " + wanted.snapshotLocation().snapshotResourceGroupId() + " here, "
                    + existing.snapshotLocation().snapshotResourceGroupId() + " in the vault");
        }
        return out;
    }

    private static Object value(RecordComponent c, Object record) {
        try {
            return c.getAccessor().invoke(record);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read " + c.getName(), e);
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
