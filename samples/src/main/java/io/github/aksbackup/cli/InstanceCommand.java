package io.github.aksbackup.cli;

import io.github.aksbackup.spi.CsiDrivers;
import io.github.aksbackup.api.DataStoreType;
import io.github.aksbackup.api.IsoDuration;
import io.github.aksbackup.api.instance.BackupConfiguration;
import io.github.aksbackup.api.instance.BackupInstance;
import io.github.aksbackup.api.instance.ClusterIdentity;
import io.github.aksbackup.api.job.Job;
import io.github.aksbackup.api.policy.BackupPolicy;
import io.github.aksbackup.client.AksBackupClient;
import io.github.aksbackup.client.InstanceStatus;
import io.github.aksbackup.config.BackupConfigurationJson;
import io.github.aksbackup.hook.HookResources;
import io.github.aksbackup.hook.HookRunner;
import io.github.aksbackup.k8s.KubernetesClusterClient;
import io.github.aksbackup.k8s.PermissionCheck;
import io.github.aksbackup.k8s.Preflight;
import io.github.aksbackup.k8s.PreflightReport;
import io.github.aksbackup.policy.Policies;
import io.github.aksbackup.policy.PolicyValidator;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code aks-backup instance}: backup instances kept in the vault, each with its policy and the
 * identity of the cluster it protects, which {@code aks-backup serve} then protects continuously.
 */
@Command(name = "instance",
        mixinStandardHelpOptions = true,
        description = "Backup instances in a vault: configure protection of a cluster, list, show, stop and resume it.",
        subcommands = {InstanceCommand.Configure.class, InstanceCommand.ListCommand.class, InstanceCommand.Show.class,
            InstanceCommand.Stop.class, InstanceCommand.Resume.class})
final class InstanceCommand {

    /** {@code aks-backup instance configure}. */
    @Command(name = "configure",
            mixinStandardHelpOptions = true,
            description = {"Protect a cluster: record an instance with its policy, backup configuration and the cluster's "
                + "identity in the vault; 'aks-backup serve' connected to that cluster then backs it up at the policy's slots.",
                "Runs the preflight first (exit 1 listing each missing permission, nothing written) unless --skip-preflight. "
                    + "Two instances of one cluster in one vault need different policies. Exit code 0 done, 1 preflight "
                    + "failed, 2 bad input."})
    static final class Configure implements Callable<Integer> {
        @Mixin
        KubeOptions kube;

        @Mixin
        VaultOptions vault;

        @Option(names = "--name", required = true, paramLabel = "NAME", description = "The instance's name, unique in the vault.")
        String name;

        @Option(names = "--policy", required = true, paramLabel = "POLICY.json", description = "The backup policy (Azure BackupPolicy JSON).")
        Path policy;

        @Option(names = "--config", required = true, paramLabel = "CONFIG.json",
                description = "What to back up: Azure's KubernetesClusterBackupDatasourceParameters.")
        Path config;

        @Option(names = "--skip-preflight", description = "Do not check the identity's permissions first.")
        boolean skipPreflight;

        @Option(names = "--allow-any-interval", arity = "0..1", fallbackValue = "PT1H", paramLabel = "SHORTEST",
                description = {"Accept any backup frequency of at least PT1H, not only Azure's (PT4H, PT6H, PT8H, PT12H, P1D). "
                    + "With a value (--allow-any-interval=PT30S), any frequency down to that: for trying a schedule out, "
                    + "not for production (at least PT1S)."})
        String anyInterval;

        @Mixin
        Output output;

        @Override
        public Integer call() {
            PolicyValidator.Options options = anyInterval == null ? PolicyValidator.Options.AZURE : shortest(anyInterval);
            BackupConfiguration configuration = BackupConfigurationJson.read(config);
            BackupPolicy backupPolicy = Policies.read(policy, options);
            if (kube.snapshotClass != null) {
                throw new IllegalArgumentException("--snapshot-class is chosen where backups run: give it to 'aks-backup serve' "
                        + "(default there: the cluster's default class for " + CsiDrivers.AZURE_DISK + ")");
            }
            // Validates the name before anything is contacted.
            BackupInstance instance = new BackupInstance(name, "pending", backupPolicy.name(), configuration, null, null);
            io.github.aksbackup.spi.KeyProvider keys = vault.keyProvider().orElse(null);
            PrintWriter out = output.out();
            try (KubernetesClusterClient cluster = kube.connect()) {
                HookResources.backupHooks(cluster, configuration.backupHookReferences());
                if (!skipPreflight) {
                    PreflightReport report = Preflight.of(cluster).backupAndRestore(configuration);
                    if (!report.ok()) {
                        PrintWriter err = output.spec.commandLine().getErr();
                        err.println("Preflight of " + report.cluster() + ": " + report.missing().size() + " of "
                                + report.checks().size() + " permissions missing; nothing was written (--skip-preflight to "
                                + "configure anyway):");
                        for (PermissionCheck c : report.missing()) {
                            err.println("  missing: " + c);
                        }
                        err.flush();
                        return AksBackupCli.FAILED;
                    }
                }
                ClusterIdentity identity = ClusterIdentity.of(cluster);
                instance = new BackupInstance(name, cluster.describe(), backupPolicy.name(), configuration, null, null);
                try (AksBackupClient client = AksBackupClient.builder().vault(vault.open()).keyProvider(keys).cluster(cluster)
                        .policyValidation(options).hookRunner(HookRunner.NONE).buildClient()) {
                    client.createVault();
                    client.configureProtection(instance, backupPolicy, identity);
                    InstanceStatus status = client.instanceStatus(name);
                    if (output.json) {
                        output.printJson(json(status));
                    } else {
                        out.println("Instance " + name + " protects " + identity.server() + " (kube-system uid " + identity.uid()
                                + ") under policy " + backupPolicy.name() + "; next slot " + time(status) + ".");
                        out.println("Run 'aks-backup serve --vault " + vault.location().orElse("") + vault.keyArgument()
                                + "' connected to the cluster to back it up at its slots.");
                    }
                }
            }
            out.flush();
            return AksBackupCli.OK;
        }

        private static PolicyValidator.Options shortest(String value) {
            try {
                return PolicyValidator.Options.anyIntervalDownTo(IsoDuration.parse(value));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--allow-any-interval " + value + ": " + e.getMessage());
            }
        }
    }

    /** {@code aks-backup instance list}. */
    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "List every instance: state, policy, cluster, next slot, last backup and recovery points per tier.")
    static final class ListCommand implements Callable<Integer> {
        @Mixin
        VaultAccess vault;

        @Mixin
        Output output;

        @Override
        public Integer call() {
            List<InstanceStatus> statuses;
            try (AksBackupClient client = vault.client()) {
                statuses = client.instanceStatuses();
            }
            if (output.json) {
                output.printJson(Map.of("instances", statuses.stream().map(InstanceCommand::json).toList()));
            } else {
                print(statuses, output.out());
            }
            output.out().flush();
            return AksBackupCli.OK;
        }
    }

    /** {@code aks-backup instance show NAME}. */
    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show one instance.")
    static final class Show implements Callable<Integer> {
        @Mixin
        VaultAccess vault;

        @Parameters(paramLabel = "NAME", description = "The instance.")
        String name;

        @Mixin
        Output output;

        @Override
        public Integer call() {
            InstanceStatus status;
            try (AksBackupClient client = vault.client()) {
                status = client.instanceStatus(name);
            }
            if (output.json) {
                output.printJson(json(status));
            } else {
                PrintWriter out = output.out();
                print(List.of(status), out);
                BackupConfiguration c = status.instance().configuration();
                out.println("namespaces: " + (c.includedNamespaces().isEmpty() ? "all" : String.join(",", c.includedNamespaces()))
                        + (c.excludedNamespaces().isEmpty() ? "" : ", except " + String.join(",", c.excludedNamespaces())));
                if (status.lastBackup() != null) {
                    Job j = status.lastBackup();
                    out.println("last backup: job " + j.id() + " " + j.status()
                            + (j.recoveryPointId() == null ? "" : ", recovery point " + j.recoveryPointId()));
                }
            }
            output.out().flush();
            return AksBackupCli.OK;
        }
    }

    /** {@code --retain-data} or {@code --delete-data}, exactly one. */
    static final class DataChoice {
        @Option(names = "--retain-data", required = true,
                description = "Keep the recovery points; they still expire by their retention.")
        boolean retain;

        @Option(names = "--delete-data", required = true,
                description = "Delete every recovery point of the instance (both tiers, snapshots included).")
        boolean delete;
    }

    /** {@code aks-backup instance stop NAME --retain-data|--delete-data}. */
    @Command(name = "stop", mixinStandardHelpOptions = true,
            description = {"Stop protection: no more scheduled backups. Exit code 0 done, 1 when a recovery point could not be "
                + "deleted, 2 bad input."})
    static final class Stop implements Callable<Integer> {
        @Mixin
        VaultAccess vault;

        @Mixin
        KubeOptions kube;

        @Parameters(paramLabel = "NAME", description = "The instance.")
        String name;

        @ArgGroup(exclusive = true, multiplicity = "1")
        DataChoice data;

        @Mixin
        Output output;

        @Override
        public Integer call() {
            Job job;
            KubernetesClusterClient cluster = data.delete && kube.named() ? kube.connect() : null;
            try (AksBackupClient client = vault.options.clientBuilder(vault.store())
                    .hookRunner(HookRunner.NONE).volumeSnapshotter(cluster == null ? null : kube.snapshotter(cluster).orElse(null))
                    .buildClient()) {
                long snapshots = client.listRecoveryPoints(name).stream().mapToLong(rp -> rp.volumeSnapshots().size()).sum();
                job = client.stopProtection(name, data.delete);
                if (data.delete && cluster == null && snapshots > 0) {
                    output.spec.commandLine().getErr().println("warning: " + snapshots + " volume snapshots of the deleted recovery"
                            + " points are left in the cluster; give --kubeconfig (or --in-cluster) to delete them too");
                }
            } finally {
                if (cluster != null) {
                    cluster.close();
                }
            }
            if (output.json) {
                output.printJson(job);
            } else {
                JobText.printSummary(output.out(), "Protection of " + name + " stopped"
                        + (data.delete ? ", " + job.counts().succeeded() + " recovery points deleted" : ", recovery points kept")
                        + ": " + job.status(), job);
            }
            output.out().flush();
            return JobText.exitCode(job);
        }
    }

    /** {@code aks-backup instance resume NAME}. */
    @Command(name = "resume", mixinStandardHelpOptions = true,
            description = "Resume protection stopped with --retain-data: backups start again with the policy's next slot.")
    static final class Resume implements Callable<Integer> {
        @Mixin
        VaultAccess vault;

        @Parameters(paramLabel = "NAME", description = "The instance.")
        String name;

        @Mixin
        Output output;

        @Override
        public Integer call() {
            InstanceStatus status;
            try (AksBackupClient client = vault.client()) {
                client.resumeProtection(name);
                status = client.instanceStatus(name);
            }
            if (output.json) {
                output.printJson(json(status));
            } else {
                output.out().println("Protection of " + name + " resumed; next slot " + time(status) + ".");
            }
            output.out().flush();
            return AksBackupCli.OK;
        }
    }

    private static String time(InstanceStatus s) {
        return s.nextSlot() == null ? "none" : Text.time(s.nextSlot());
    }

    static void print(List<InstanceStatus> statuses, PrintWriter out) {
        if (statuses.isEmpty()) {
            out.println("no instances");
            return;
        }
        Text.Table t = new Text.Table("INSTANCE", "STATE", "POLICY", "CLUSTER", "NEXT SLOT", "LAST BACKUP", "OPERATIONAL", "VAULT");
        for (InstanceStatus s : statuses) {
            Job last = s.lastBackup();
            t.row(s.name(), s.instance().protectionState(), s.instance().policyName(),
                    s.cluster() == null ? "-" : s.cluster().server(), time(s),
                    last == null ? "-" : last.status() + " " + Text.time(last.start()),
                    s.recoveryPoints(DataStoreType.OperationalStore), s.recoveryPoints(DataStoreType.VaultStore));
        }
        t.print(out, "");
    }

    static Map<String, Object> json(InstanceStatus s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", s.name());
        m.put("protectionState", s.instance().protectionState().name());
        m.put("policyName", s.instance().policyName());
        m.put("cluster", s.cluster() == null ? null : Map.of("uid", s.cluster().uid(), "server", s.cluster().server()));
        m.put("nextSlot", s.nextSlot() == null ? null : s.nextSlot().toString());
        if (s.lastBackup() == null) {
            m.put("lastBackup", null);
        } else {
            Job j = s.lastBackup();
            Map<String, Object> job = new LinkedHashMap<>();
            job.put("id", j.id());
            job.put("status", j.status().name());
            job.put("start", j.start().toString());
            job.put("end", j.end() == null ? null : j.end().toString());
            job.put("recoveryPointId", j.recoveryPointId());
            m.put("lastBackup", job);
        }
        m.put("lastSuccessfulBackup", s.lastSuccessfulBackup() == null ? null : s.lastSuccessfulBackup().toString());
        Map<String, Object> rps = new LinkedHashMap<>();
        for (DataStoreType t : DataStoreType.values()) {
            rps.put(t.name(), s.recoveryPoints(t));
        }
        m.put("recoveryPoints", rps);
        return m;
    }
}
