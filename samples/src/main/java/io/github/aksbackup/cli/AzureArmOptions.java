package io.github.aksbackup.cli;

import io.github.aksbackup.api.InvalidInputException;
import io.github.aksbackup.azure.AzureDiskSnapshotter;
import io.github.aksbackup.azure.AzureDiskSnapshotterBuilder;
import java.util.Optional;
import java.util.regex.Pattern;
import picocli.CommandLine.Option;

/**
 * The options that let a command reach Azure Resource Manager for the vault tier's volume data, and
 * the one place that builds the {@link AzureDiskSnapshotter} the commands use as vault volume copier:
 * with {@code --subscription} and an {@code azblob://} vault, volume snapshots (CSI VolumeSnapshots of
 * Azure Disk volumes, whose snapshot handle is the Azure snapshot's resource id) are copied into the
 * vault tier and restored from it through the restore's staging resource group and storage account.
 * It acts with the Entra ID identity of the process (DefaultAzureCredential), as the vault does without
 * a connection string. Use it with {@code @Mixin AzureArmOptions arm;} and {@link #copier(VaultOptions)}.
 */
final class AzureArmOptions {
    private static final Pattern SUBSCRIPTION_ID = Pattern.compile("[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}");

    @Option(names = "--subscription", paramLabel = "ID",
            description = {"Azure subscription of the cluster's disks. With an azblob:// vault, volume data is copied to the "
                + "vault tier and restored from it by Azure's disk snapshots (Entra ID identity of this process: 'Disk "
                + "Snapshot Contributor' on the snapshots' group, 'Contributor' on the staging group, 'Storage Blob Data "
                + "Contributor' on the vault and staging accounts). Without it, volumes are not copied to the vault tier."})
    String subscription;

    @Option(names = "--staging-resource-group", paramLabel = "NAME|ID",
            description = {"Resource group where a vault-tier restore hydrates volumes when the restore request names no "
                + "stagingResourceGroupId. Needs --subscription."})
    String stagingResourceGroup;

    /**
     * The Azure disk snapshotter to copy volumes to and from the vault tier, or empty without
     * {@code --subscription}. Builds without I/O.
     *
     * @throws InvalidInputException naming {@code --subscription} when it is not a subscription id or the vault
     *     is not an Azure blob container, or {@code --staging-resource-group} when it is given without it
     */
    Optional<AzureDiskSnapshotter> copier(VaultOptions vault) {
        if (subscription == null) {
            if (stagingResourceGroup != null) {
                throw new InvalidInputException("--staging-resource-group", "needs --subscription: the staging resource group"
                        + " is where the Azure disk snapshotter hydrates vault-tier volumes");
            }
            return Optional.empty();
        }
        if (!SUBSCRIPTION_ID.matcher(subscription).matches()) {
            throw new InvalidInputException("--subscription", "'" + subscription + "' is not a subscription id such as"
                    + " 00000000-0000-0000-0000-000000000000");
        }
        if (!vault.isAzure()) {
            throw new InvalidInputException("--subscription", "copies volume data between Azure disk snapshots and an"
                    + " azblob://ACCOUNT/CONTAINER vault, but --vault is " + vault.location().map(l -> "'" + l + "'")
                    .orElse("missing") + "; give an azblob:// vault, or leave --subscription out");
        }
        AzureDiskSnapshotterBuilder b = AzureDiskSnapshotter.builder()
                .credential(new com.azure.identity.DefaultAzureCredentialBuilder().build())
                .subscriptionId(subscription);
        if (stagingResourceGroup != null) {
            b.stagingResourceGroup(stagingResourceGroup);
        }
        try {
            return Optional.of(b.build());
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(stagingResourceGroup != null ? "--staging-resource-group" : "--subscription",
                    e.getMessage());
        }
    }
}
