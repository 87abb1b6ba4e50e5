package io.github.aksbackup.cli;

import io.github.aksbackup.azure.AzureBlobObjectStore;
import io.github.aksbackup.azure.AzureDiskSnapshotter;
import io.github.aksbackup.azure.AzurePreflight;
import io.github.aksbackup.azure.PreflightCheck;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code aks-backup azure}: commands for the Azure side (vault container, snapshot resource groups). */
@Command(name = "azure",
        mixinStandardHelpOptions = true,
        description = "Check the Azure side of protection.",
        subcommands = {AzureCommand.Preflight.class})
final class AzureCommand {

    /** {@code aks-backup azure preflight}: Azure's validate-for-backup, one line per check. */
    @Command(name = "preflight",
            mixinStandardHelpOptions = true,
            description = {"Check that the vault container is reachable and writable and, with --subscription, that "
                + "the snapshot (and staging) resource groups exist and the identity may snapshot there and read "
                + "the cluster.",
                "Prints one line per check; each gap names the role to grant. Exit 0 when all pass, 1 on gaps."})
    static final class Preflight implements Callable<Integer> {
        @Mixin
        VaultOptions vault;

        @ArgGroup(exclusive = false)
        Arm arm;

        @Spec
        CommandSpec spec;

        /** The ARM checks; all given together. */
        static final class Arm {
            @Option(names = "--subscription", required = true, paramLabel = "ID", description = "Azure subscription id.")
            String subscription;

            @Option(names = "--snapshot-resource-group", required = true, paramLabel = "NAME|ID",
                    description = "Resource group that receives disk snapshots.")
            String snapshotResourceGroup;

            @Option(names = "--staging-resource-group", paramLabel = "NAME|ID",
                    description = "Resource group for vault-tier restores.")
            String stagingResourceGroup;

            @Option(names = "--cluster-id", paramLabel = "ID", description = "Resource id of the AKS cluster.")
            String clusterId;
        }

        @Override
        public Integer call() {
            if (!vault.isAzure()) {
                throw new IllegalArgumentException("azure preflight checks an azblob://ACCOUNT/CONTAINER vault; --vault"
                        + (vault.isSet() ? " is '" + vault.location().orElseThrow() + "'" : " is missing"));
            }
            AzureBlobObjectStore store = (AzureBlobObjectStore) vault.open();
            AzureDiskSnapshotter snapshotter = arm == null ? null : AzureDiskSnapshotter.builder()
                    .credential(new com.azure.identity.DefaultAzureCredentialBuilder().build())
                    .subscriptionId(arm.subscription).snapshotResourceGroup(arm.snapshotResourceGroup)
                    .stagingResourceGroup(arm.stagingResourceGroup).build();
            List<PreflightCheck> checks = AzurePreflight.of(store, snapshotter, arm == null ? null : arm.clusterId).run();
            PrintWriter out = spec.commandLine().getOut();
            checks.forEach(out::println);
            out.flush();
            return AzurePreflight.allPassed(checks) ? AksBackupCli.OK : AksBackupCli.FAILED;
        }
    }
}
