package io.github.aksbackup.cli;

import io.github.aksbackup.api.DataStoreType;
import io.github.aksbackup.api.InvalidInputException;
import io.github.aksbackup.api.job.ItemAction;
import io.github.aksbackup.api.job.ItemResult;
import io.github.aksbackup.api.job.Job;
import io.github.aksbackup.api.restore.PersistentVolumeRestoreMode;
import io.github.aksbackup.api.restore.RestoreConfig;
import io.github.aksbackup.azure.AzureDiskSnapshotter;
import io.github.aksbackup.client.AksBackupClient;
import io.github.aksbackup.client.AksBackupClientBuilder;
import io.github.aksbackup.client.RestoreJobOptions;
import io.github.aksbackup.config.RestoreConfigJson;
import io.github.aksbackup.hook.HookResources;
import io.github.aksbackup.k8s.KubernetesClusterClient;
import io.github.aksbackup.restore.RestoreResult;
import io.github.aksbackup.restore.modifier.ResourceModifiers;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code aks-backup restore}: restores a recovery point of the vault into a cluster, configured by
 * Azure's {@code KubernetesClusterRestoreCriteria} document; {@code --dry-run} prints the plan.
 */
@Command(name = "restore",
        mixinStandardHelpOptions = true,
        description = {"Restore a recovery point into a cluster, or with --dry-run show what a restore would do.",
            "RESTORE.json is Azure's KubernetesClusterRestoreCriteria (or a restore request holding it), as 'az "
                + "dataprotection backup-instance initialize-restoreconfig' prints it. Its resourceModifierReference names "
                + "a ConfigMap of resource modifier rules (Velero's format) in the target cluster; --resource-modifiers "
                + "takes the same rules from a local file instead. Exit code 0 when the restore "
                + "completed (with or without warnings), 1 when it failed or partly failed, 2 for bad input (among it "
                + "resource modifier rules with problems, found before anything is restored)."})
final class RestoreCommand implements Callable<Integer> {
    @Mixin
    KubeOptions kube;

    @Mixin
    VaultOptions vault;

    @Option(names = "--recovery-point", paramLabel = "ID",
            description = "The recovery point to restore; required unless RESTORE.json is a restore request naming one.")
    String recoveryPoint;

    @Option(names = "--config", required = true, paramLabel = "RESTORE.json",
            description = {"How to restore: Azure's KubernetesClusterRestoreCriteria (namespaces, mappings, conflict policy, ...), "
                + "or a restore request holding them, which also names the recovery point and the target cluster (without "
                + "--context, the kubeconfig context named after it is used)."})
    Path config;

    @Option(names = "--resource-modifiers", paramLabel = "RULES.yaml",
            description = {"Resource modifier rules to apply, from a local file: the YAML document a resource modifier "
                + "ConfigMap holds (version: v1, resourceModifierRules). Not together with a resourceModifierReference in "
                + "RESTORE.json: the rules come from one place."})
    Path resourceModifiers;

    @Option(names = "--dry-run", description = "Plan only: print what would be created, patched or skipped; change nothing.")
    boolean dryRun;

    @Option(names = "--from-tier", paramLabel = "operational|vault",
            description = {"The tier to restore from (default: the one RESTORE.json names: a restore request's "
                + "sourceDataStoreType, KubernetesClusterVaultTierRestoreCriteria for the vault tier, else operational). "
                + "Must agree with a tier RESTORE.json names. Volume data from the vault tier needs --subscription and an "
                + "azblob:// vault."})
    String fromTier;

    @Option(names = "--keep-staging",
            description = "For a vault-tier restore: leave the staged data and snapshots in the staging location; each is named.")
    boolean keepStaging;

    @Mixin
    AzureArmOptions arm;

    @Mixin
    Output output;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        RestoreConfig read = RestoreConfigJson.read(config);
        RestoreConfig restore = read.toBuilder().recoveryPointId(recoveryPointOf(read)).sourceDataStore(tierOf(read)).build();
        boolean vaultTier = restore.sourceDataStore() == DataStoreType.VaultStore;
        if (keepStaging && !vaultTier) {
            throw new InvalidInputException("--keep-staging", "applies to restores from the vault tier, and this one restores"
                    + " from the operational tier, which stages nothing");
        }
        boolean withVolumes = restore.persistentVolumeRestoreMode() == PersistentVolumeRestoreMode.RestoreWithVolumeData;
        if (vaultTier && kube.snapshotClass != null) {
            throw new InvalidInputException("--snapshot-class", "is given, but the restore reads the vault tier, whose volumes"
                    + " are made from Azure disk snapshots in the staging resource group, not from CSI VolumeSnapshots; leave"
                    + " --snapshot-class out");
        }
        Optional<AzureDiskSnapshotter> copier = arm.copier(vault);
        String rpId = restore.recoveryPointId();
        kube.refuseSnapshotClassUnless(restore.persistentVolumeRestoreMode() == PersistentVolumeRestoreMode.RestoreWithVolumeData,
                "the configuration's persistentVolumeRestoreMode is RestoreWithoutVolumeData");
        ResourceModifiers localRules = null;
        if (resourceModifiers != null) {
            if (restore.resourceModifierReference() != null) {
                throw new InvalidInputException("--resource-modifiers", "takes the rules from " + resourceModifiers + ", but "
                        + config + " names resourceModifierReference " + restore.resourceModifierReference()
                        + "; give the rules one way: drop the option, or the reference");
            }
            localRules = ResourceModifiers.read(resourceModifiers);
        }
        PrintWriter out = spec.commandLine().getOut();
        io.github.aksbackup.spi.KeyProvider keys = vault.keyProvider().orElse(null);
        try (KubernetesClusterClient cluster = kube.connect(restore.targetClusterRef(),
                config + " restoreTargetInfo.datasourceInfo.resourceID")) {
            // the target's types are found while the hooks, the modifiers and the recovery point are read
            cluster.discoverAhead();
            // a reference to a hook that does not exist is bad input: found before the vault is written
            HookResources.restoreHooks(cluster, restore.restoreHookReferences());
            // and so are resource modifier rules with problems, or a reference to a ConfigMap that does not exist
            ResourceModifiers.load(cluster, restore.resourceModifierReference());
            AksBackupClientBuilder builder = AksBackupClient.builder().vault(vault.open()).keyProvider(keys).cluster(cluster);
            if (withVolumes && vaultTier) {
                // The copier makes vault-tier volumes (disks in the staging group); no CSI snapshot is read.
                copier.ifPresent(builder::vaultVolumeCopier);
            } else if (withVolumes) {
                kube.snapshotter(cluster).ifPresent(builder::volumeSnapshotter);
            }
            TerminalProgress progress = TerminalProgress.forTerminal(spec.commandLine().getErr(), output.json);
            RestoreResult result;
            try (AksBackupClient sdk = builder.buildClient()) {
                // A restore from an empty location makes the vault, as this command always did, and then finds no
                // recovery point there: the error names the point looked for.
                sdk.createVault();
                if (vaultTier && withVolumes) {
                    refuseVaultVolumesThatCannotBeRestored(sdk, restore, copier.isPresent());
                }
                RestoreJobOptions options = dryRun ? RestoreJobOptions.planOnly() : RestoreJobOptions.defaults();
                if (keepStaging) {
                    options = options.keepingStaging();
                }
                if (progress != null) {
                    options = options.withListener(progress);
                }
                if (localRules != null) {
                    options = options.withResourceModifiers(localRules);
                }
                result = sdk.restore(restore, options);
            } finally {
                if (progress != null) {
                    progress.finish();
                }
            }
            Job job = result.job();
            if (output.json) {
                output.printJson(job);
            } else if (dryRun) {
                printPlan(out, job, rpId);
            } else {
                JobText.printSummary(out, "Restore of " + rpId + " into " + cluster.describe() + " " + job.status(), job);
                JobText.printItems(out, job, i -> i.action() == ItemAction.Skipped, "skipped");
                JobText.printItems(out, job, ResourceModifiers::modifiedItem, "modified");
            }
            return JobText.exitCode(job);
        }
    }

    /**
     * The tier {@code --from-tier} names, which must agree with the one RESTORE.json names: a restore request
     * names its {@code sourceDataStoreType}, and vault-tier criteria name the vault tier; plain criteria name none.
     */
    private DataStoreType tierOf(RestoreConfig read) {
        if (fromTier == null) {
            return read.sourceDataStore();
        }
        DataStoreType wanted = switch (fromTier.strip().toLowerCase(Locale.ROOT)) {
            case "operational", "operationalstore" -> DataStoreType.OperationalStore;
            case "vault", "vaultstore" -> DataStoreType.VaultStore;
            default -> throw new InvalidInputException("--from-tier", "'" + fromTier + "' is not a tier; expected operational"
                    + " or vault");
        };
        boolean documentNamesTier = read.sourceDataStore() == DataStoreType.VaultStore || namesSourceDataStore(config);
        if (documentNamesTier && wanted != read.sourceDataStore()) {
            throw new InvalidInputException("--from-tier", "is " + fromTier + ", but " + config + " restores from "
                    + read.sourceDataStore() + (read.sourceDataStore() == DataStoreType.VaultStore
                            ? " (" + RestoreConfigJson.VAULT_TIER + ")" : " (sourceDataStoreType)")
                    + "; leave --from-tier out, or give the tier the document names");
        }
        return wanted;
    }

    /** True when the document carries a {@code sourceDataStoreType} (a restore request), at its top or under properties. */
    private static boolean namesSourceDataStore(Path document) {
        try {
            com.fasterxml.jackson.databind.JsonNode root = new com.fasterxml.jackson.databind.ObjectMapper().readTree(document.toFile());
            for (com.fasterxml.jackson.databind.JsonNode level : List.of(root, root.path("properties"))) {
                for (java.util.Iterator<String> names = level.fieldNames(); names.hasNext();) {
                    if (names.next().replace("_", "").equalsIgnoreCase("sourceDataStoreType")) {
                        return true;
                    }
                }
            }
            return false;
        } catch (java.io.IOException e) {
            // RestoreConfigJson read it a moment ago; a file that changed since names no tier we could trust.
            return false;
        }
    }

    /**
     * Refuses a restore of volume data from the vault tier that could not bring the volumes back, before
     * anything is restored: without a copier (no {@code --subscription}), or without a staging resource group.
     */
    private void refuseVaultVolumesThatCannotBeRestored(AksBackupClient sdk, RestoreConfig restore, boolean copier) {
        String rpId = restore.recoveryPointId();
        long volumes = sdk.listInstances().stream().flatMap(i -> sdk.listRecoveryPoints(i.name()).stream())
                .filter(p -> p.id().equals(rpId)).mapToLong(p -> p.volumeSnapshots().size()).max().orElse(0);
        if (volumes == 0) {
            return;
        }
        if (!copier) {
            throw new InvalidInputException("--subscription", "is required: recovery point " + rpId + " holds " + volumes
                    + " volumes, whose data the vault tier restores with Azure's disk snapshots" + (vault.isAzure() ? ""
                            : " from an azblob:// vault") + "; give --subscription, or set persistentVolumeRestoreMode"
                    + " RestoreWithoutVolumeData in " + config);
        }
        boolean staged = restore.stagingLocation() != null && restore.stagingLocation().resourceGroupId() != null;
        if (!staged && arm.stagingResourceGroup == null) {
            throw new InvalidInputException("--staging-resource-group", "is required: recovery point " + rpId + " holds "
                    + volumes + " volumes, which a vault-tier restore hydrates in a staging resource group, and " + config
                    + " names none (stagingResourceGroupId of " + RestoreConfigJson.VAULT_TIER + ")");
        }
    }

    /** The recovery point {@code --recovery-point} names or the restore request does; both must agree. */
    private String recoveryPointOf(RestoreConfig read) {
        String inRequest = read.recoveryPointId();
        if (recoveryPoint == null && (inRequest == null || inRequest.isBlank())) {
            throw new InvalidInputException("--recovery-point", "is required: " + config + " names no recovery point"
                    + " (only a restore request carries recoveryPointId)");
        }
        if (recoveryPoint != null && inRequest != null && !inRequest.isBlank() && !inRequest.strip().equals(recoveryPoint.strip())) {
            throw new InvalidInputException("--recovery-point", "is '" + recoveryPoint + "', but the restore request in " + config
                    + " restores recovery point '" + inRequest + "' (recoveryPointId); give one of them, or the same in both");
        }
        return recoveryPoint != null ? recoveryPoint.strip() : inRequest.strip();
    }

    private void printPlan(PrintWriter out, Job job, String rpId) {
        out.println("Dry run of restoring " + rpId + " (nothing was changed):");
        Map<ItemAction, Integer> counts = new TreeMap<>();
        for (ItemResult i : job.items()) {
            counts.merge(i.action(), 1, Integer::sum);
            out.println("  " + verb(i.action()) + " " + i.displayName() + (i.message() == null ? "" : " - " + i.message()));
        }
        StringBuilder sb = new StringBuilder("  ");
        counts.forEach((a, n) -> sb.append(String.format(Locale.ROOT, "%,d %s; ", n, verb(a))));
        out.println(sb.length() > 2 ? sb.substring(0, sb.length() - 2) : "  nothing to restore");
        for (String w : job.warnings()) {
            out.println("  warning: " + w);
        }
        job.errors().forEach(e -> out.println("  error: " + e.message()));
        out.flush();
    }

    private static String verb(ItemAction a) {
        return switch (a) {
            case Created -> "create";
            case Patched -> "patch";
            case Recreated -> "recreate";
            case Skipped -> "skip";
            case Failed -> "fail";
            default -> a.name().toLowerCase(Locale.ROOT);
        };
    }
}
