package io.github.aksbackup.cli;

import io.github.aksbackup.api.instance.BackupConfiguration;
import io.github.aksbackup.api.InvalidInputException;
import io.github.aksbackup.api.restore.RestoreConfig;
import io.github.aksbackup.config.BackupConfigurationJson;
import io.github.aksbackup.config.ClusterRefs;
import io.github.aksbackup.config.InstanceDocument;
import io.github.aksbackup.config.RestoreConfigJson;
import io.github.aksbackup.k8s.KubernetesClusterClient;
import io.github.aksbackup.k8s.PermissionCheck;
import io.github.aksbackup.k8s.Preflight;
import io.github.aksbackup.k8s.PreflightReport;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code aks-backup preflight}: checks, before anything runs, that the kubeconfig's identity has
 * every permission a backup with CONFIG.json (and a restore of it) needs.
 */
@Command(name = "preflight",
        mixinStandardHelpOptions = true,
        description = {"Check that the kubeconfig's identity may do what a backup with CONFIG.json and its restore need, and that "
                + "the VolumeSnapshotClass puts snapshots into the snapshot resource group the backup instance names.",
            "Asks the API server (SelfSubjectAccessReview) about each permission: list every selected type, create "
                + "VolumeSnapshots, exec into pods for hooks, create and patch on restore. Prints each missing one as "
                + "verb, resource and namespace. Exit code 0 when nothing is missing, 1 when something is, 2 for bad input."})
final class PreflightCommand implements Callable<Integer> {
    @Mixin
    KubeOptions kube;

    @Option(names = "--config", required = true, paramLabel = "CONFIG.json",
            description = "The backup configuration: Azure's KubernetesClusterBackupDatasourceParameters.")
    Path config;

    @Option(names = "--restore-config", paramLabel = "RESTORE.json",
            description = "Check this restore (Azure's KubernetesClusterRestoreCriteria) instead of a restore of CONFIG.json in place.")
    Path restoreConfig;

    @Mixin
    Output output;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        InstanceDocument instance = BackupConfigurationJson.readInstance(config);
        BackupConfiguration backup = instance.configuration();
        RestoreConfig restore = restoreConfig == null ? null : RestoreConfigJson.read(restoreConfig);
        String target = restore == null ? null : restore.targetClusterRef();
        if (instance.clusterName() != null && target != null
                && !instance.clusterName().equalsIgnoreCase(ClusterRefs.clusterName(target).orElse(""))) {
            // One run checks one cluster's permissions.
            throw new InvalidInputException("--restore-config", "restores into cluster '" + ClusterRefs.clusterName(target).orElse("")
                    + "', but " + config + " protects cluster '" + instance.clusterName() + "'; run preflight once for each");
        }
        String clusterRef = instance.clusterResourceId() != null ? instance.clusterResourceId() : target;
        String where = instance.clusterResourceId() != null ? config + " dataSourceInfo.resourceID"
                : restoreConfig + " restoreTargetInfo.datasourceInfo.resourceID";
        PrintWriter out = spec.commandLine().getOut();
        try (KubernetesClusterClient cluster = kube.connect(clusterRef, where)) {
            Preflight preflight = Preflight.of(cluster);
            List<PermissionCheck> checks = new ArrayList<>();
            if (restoreConfig == null) {
                checks.addAll(preflight.backupAndRestore(backup).checks());
            } else {
                checks.addAll(preflight.backup(backup).checks());
                checks.addAll(preflight.restore(restore).checks());
            }
            PreflightReport report = new PreflightReport(cluster.describe(), checks.stream().distinct().toList());
            List<String> problems = snapshotGroupProblems(cluster, instance);
            if (output.json) {
                Map<String, Object> json = toJson(report);
                json.put("problems", problems);
                json.put("ok", report.ok() && problems.isEmpty());
                output.printJson(json);
            } else {
                print(out, report);
                problems.forEach(p -> out.println("  problem: " + p));
                out.flush();
            }
            return report.ok() && problems.isEmpty() ? AksBackupCli.OK : AksBackupCli.FAILED;
        }
    }

    /**
     * The instance's snapshot resource group against the VolumeSnapshotClass the backup would use: the CSI
     * driver puts snapshots where the class says, so a class naming another group is a problem.
     */
    private List<String> snapshotGroupProblems(KubernetesClusterClient cluster, InstanceDocument instance) {
        String group = instance.snapshotResourceGroupId();
        if (group == null || !instance.configuration().snapshotVolumes()) {
            return List.of();
        }
        return kube.snapshotter(cluster).flatMap(s -> s.snapshotResourceGroupProblem(group))
                .map(p -> List.of(config + " dataStoreParametersList[].resourceGroupId " + p)).orElse(List.of());
    }

    private static void print(PrintWriter out, PreflightReport report) {
        List<PermissionCheck> missing = report.missing();
        if (missing.isEmpty()) {
            out.println("Preflight of " + report.cluster() + ": all " + report.checks().size() + " permissions present.");
        } else {
            out.println("Preflight of " + report.cluster() + ": " + missing.size() + " of " + report.checks().size()
                    + " permissions missing:");
            for (PermissionCheck c : missing) {
                out.println("  missing: " + c);
            }
        }
        out.flush();
    }

    private static Map<String, Object> toJson(PreflightReport report) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cluster", report.cluster());
        m.put("ok", report.ok());
        m.put("checked", report.checks().size());
        List<Map<String, Object>> missing = new ArrayList<>();
        for (PermissionCheck c : report.missing()) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("verb", c.verb());
            e.put("group", c.group());
            e.put("resource", c.resource());
            e.put("namespace", c.namespace());
            e.put("purpose", c.purpose());
            e.put("text", c.toString());
            missing.add(e);
        }
        m.put("missing", missing);
        return m;
    }
}
