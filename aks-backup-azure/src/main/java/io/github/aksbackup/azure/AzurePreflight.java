package io.github.aksbackup.azure;

import com.azure.resourcemanager.authorization.fluent.models.PermissionInner;
import io.github.aksbackup.api.AksBackupException;
import io.github.aksbackup.api.ErrorCode;
import io.github.aksbackup.api.NotFoundException;
import io.github.aksbackup.azure.internal.ArmId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Checks, before an instance is protected, that the Azure side can do its job: the vault container
 * is reachable and writable, the snapshot (and staging) resource groups exist, and the identity may
 * create snapshots there and grant access to them, and read the cluster. Each gap names the role
 * that closes it — Storage Account Contributor / Storage Blob Data Contributor on the storage
 * account, Contributor on the snapshot resource group, Reader on the cluster — as Azure's own
 * validate-for-backup does. Checks never stop at the first gap: the report lists all of them.
 */
public final class AzurePreflight {
    /** Role for data-plane reads and writes of the vault. */
    public static final String BLOB_DATA_CONTRIBUTOR = "Storage Blob Data Contributor";
    /** Role for managing the storage account and its containers. */
    public static final String STORAGE_ACCOUNT_CONTRIBUTOR = "Storage Account Contributor";
    /** Role for creating snapshots and disks in a resource group. */
    public static final String CONTRIBUTOR = "Contributor";
    /** Role for reading the cluster. */
    public static final String READER = "Reader";

    /** ARM actions snapshotting and vault export need on the snapshot resource group. */
    static final List<String> SNAPSHOT_ACTIONS = List.of(
            "Microsoft.Compute/snapshots/read",
            "Microsoft.Compute/snapshots/write",
            "Microsoft.Compute/snapshots/delete",
            "Microsoft.Compute/snapshots/beginGetAccess/action",
            "Microsoft.Compute/snapshots/endGetAccess/action");
    /** ARM actions hydration needs on the staging resource group. */
    static final List<String> STAGING_ACTIONS = List.of(
            "Microsoft.Compute/snapshots/write",
            "Microsoft.Compute/snapshots/delete",
            "Microsoft.Compute/disks/write",
            "Microsoft.Compute/disks/delete",
            "Microsoft.Compute/disks/beginGetAccess/action");
    static final String CLUSTER_READ = "Microsoft.ContainerService/managedClusters/read";

    private final AzureBlobObjectStore vault;
    private final AzureDiskSnapshotter snapshotter;
    private final String clusterResourceId;

    private AzurePreflight(AzureBlobObjectStore vault, AzureDiskSnapshotter snapshotter, String clusterResourceId) {
        this.vault = vault;
        this.snapshotter = snapshotter;
        this.clusterResourceId = clusterResourceId;
    }

    /**
     * A preflight of the given adapters; either may be {@code null} to skip its checks.
     *
     * @param clusterResourceId the AKS cluster's resource id, or {@code null} to skip the Reader check
     */
    public static AzurePreflight of(AzureBlobObjectStore vault, AzureDiskSnapshotter snapshotter,
            String clusterResourceId) {
        if (clusterResourceId != null) {
            ArmId id = ArmId.parse(clusterResourceId, "clusterResourceId");
            if (!id.isOfType("Microsoft.ContainerService/managedClusters")) {
                throw new IllegalArgumentException("clusterResourceId must name a"
                        + " Microsoft.ContainerService/managedClusters resource, was '" + clusterResourceId + "'");
            }
        }
        return new AzurePreflight(vault, snapshotter, clusterResourceId);
    }

    /** Runs every check and returns them all, passed and failed, in a fixed order. */
    public List<PreflightCheck> run() {
        List<PreflightCheck> out = new ArrayList<>();
        if (vault != null) {
            checkVault(out);
        }
        if (snapshotter != null) {
            if (snapshotter.snapshotGroup() != null) {
                checkGroup(out, "SnapshotResourceGroup", snapshotter.snapshotGroup(), SNAPSHOT_ACTIONS);
            }
            if (snapshotter.stagingGroup() != null) {
                checkGroup(out, "StagingResourceGroup", snapshotter.stagingGroup(), STAGING_ACTIONS);
            }
            if (clusterResourceId != null) {
                checkCluster(out);
            }
        }
        return List.copyOf(out);
    }

    /** True when every check of {@code checks} passed. */
    public static boolean allPassed(List<PreflightCheck> checks) {
        return checks.stream().allMatch(PreflightCheck::passed);
    }

    private void checkVault(List<PreflightCheck> out) {
        String account = "storage account '" + vault.accountName() + "'";
        try {
            // Listing one page proves the container exists and the identity may read it.
            vault.list("preflight/").iterator().hasNext();
        } catch (NotFoundException e) {
            out.add(PreflightCheck.gap("VaultContainerReachable", "container '" + vault.containerName()
                    + "' does not exist; create it, or let the identity create it", STORAGE_ACCOUNT_CONTRIBUTOR,
                    account));
            return;
        } catch (AksBackupException e) {
            out.add(PreflightCheck.gap("VaultContainerReachable", "cannot list container '" + vault.containerName()
                    + "': " + e.getMessage(), forbidden(e) ? BLOB_DATA_CONTRIBUTOR : null, account));
            return;
        }
        out.add(PreflightCheck.pass("VaultContainerReachable", "container '" + vault.containerName() + "' exists"));
        String probe = "preflight/" + UUID.randomUUID();
        try {
            vault.putIfAbsent(probe, new byte[] {1});
        } catch (AksBackupException e) {
            out.add(PreflightCheck.gap("VaultContainerWritable", "cannot write to container '" + vault.containerName()
                    + "': " + e.getMessage(), BLOB_DATA_CONTRIBUTOR, account));
            return;
        }
        String detail = "wrote a probe blob";
        try {
            vault.delete(probe);
        } catch (AksBackupException e) {
            // Under a time-based immutability policy the probe stays until it expires; writing is what matters.
            detail += " (could not delete it: " + e.code() + "; it stays under preflight/)";
        }
        out.add(PreflightCheck.pass("VaultContainerWritable", detail));
    }

    private void checkGroup(List<PreflightCheck> out, String what, ArmId group, List<String> actions) {
        String scope = "resource group '" + group.groupId() + "'";
        PreflightCheck exists = probe(what + "Exists", scope, READER, () -> {
            snapshotter.calls().call("read " + scope, null,
                    () -> snapshotter.compute().resourceManager().resourceGroups().getByName(group.resourceGroup()));
            return "resource group '" + group.resourceGroup() + "' exists";
        });
        out.add(exists);
        if (!exists.passed()) {
            return;
        }
        out.add(probe(what + "Permissions", scope, CONTRIBUTOR, () -> {
            List<PermissionInner> perms = snapshotter.calls().call("read permissions on " + scope, null,
                    () -> snapshotter.compute().authorizationManager().roleServiceClient().getPermissions()
                            .listByResourceGroup(group.resourceGroup()).stream().toList());
            List<String> missing = actions.stream().filter(a -> !allowed(perms, a)).toList();
            if (!missing.isEmpty()) {
                throw new MissingActions(missing);
            }
            return "the identity may " + String.join(", ", actions);
        }));
    }

    private void checkCluster(List<PreflightCheck> out) {
        ArmId cluster = ArmId.parse(clusterResourceId, "clusterResourceId");
        String scope = "cluster '" + clusterResourceId + "'";
        out.add(probe("ClusterReadable", scope, READER, () -> {
            String[] type = cluster.provider().split("/", 2);
            List<PermissionInner> perms = snapshotter.calls().call("read permissions on " + scope, null,
                    () -> snapshotter.compute().authorizationManager().roleServiceClient().getPermissions()
                            .listForResource(cluster.resourceGroup(), type[0], "", type[1], cluster.name())
                            .stream().toList());
            if (!allowed(perms, CLUSTER_READ)) {
                throw new MissingActions(List.of(CLUSTER_READ));
            }
            return "the identity may read the cluster";
        }));
    }

    /** Runs one check; a missing action or an access error becomes a gap naming {@code role}. */
    private static PreflightCheck probe(String name, String scope, String role, Supplier<String> check) {
        try {
            return PreflightCheck.pass(name, check.get());
        } catch (MissingActions e) {
            return PreflightCheck.gap(name, "the identity lacks " + String.join(", ", e.actions), role, scope);
        } catch (NotFoundException e) {
            return PreflightCheck.gap(name, scope + " does not exist", null, scope);
        } catch (AksBackupException e) {
            return PreflightCheck.gap(name, e.getMessage(), forbidden(e) ? role : null, scope);
        }
    }

    private static boolean forbidden(AksBackupException e) {
        return e.errorCode() == ErrorCode.FORBIDDEN;
    }

    /** Whether ARM's effective permissions grant {@code action}: an Actions pattern matches and no NotActions does. */
    static boolean allowed(List<PermissionInner> permissions, String action) {
        boolean granted = false;
        for (PermissionInner p : permissions) {
            boolean inActions = matchesAny(p.actions(), action);
            boolean excluded = matchesAny(p.notActions(), action);
            granted |= inActions && !excluded;
        }
        return granted;
    }

    private static boolean matchesAny(List<String> patterns, String action) {
        if (patterns == null) {
            return false;
        }
        for (String pattern : patterns) {
            String regex = Pattern.quote(pattern.toLowerCase(Locale.ROOT)).replace("*", "\\E.*\\Q");
            if (action.toLowerCase(Locale.ROOT).matches(regex)) {
                return true;
            }
        }
        return false;
    }

    /** Carries the actions a permission check found missing. */
    private static final class MissingActions extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient List<String> actions;

        MissingActions(List<String> actions) {
            super(null, null, false, false);
            this.actions = List.copyOf(Objects.requireNonNull(actions));
        }
    }
}
