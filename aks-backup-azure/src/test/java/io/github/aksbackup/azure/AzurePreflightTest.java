package io.github.aksbackup.azure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The ARM side of {@link AzurePreflight}, through the real clients against the {@link ArmStandIn}. */
class AzurePreflightTest {
    private static final String CLUSTER = ArmStandIn.groupId("rg-aks")
            + "/providers/Microsoft.ContainerService/managedClusters/prod";
    private ArmStandIn arm;

    @BeforeEach
    void seed() {
        arm = ArmTestSupport.standIn(false);
        arm.addResourceGroup("rg-snapshots");
        arm.addResourceGroup("rg-staging");
    }

    static Map<String, PreflightCheck> byName(List<PreflightCheck> checks) {
        return checks.stream().collect(Collectors.toMap(PreflightCheck::name, c -> c));
    }

    @Test
    void passesWhenGroupsExistAndTheIdentityMayDoEverything() {
        List<PreflightCheck> checks = AzurePreflight.of(null, ArmTestSupport.snapshotter(arm).build(), CLUSTER).run();
        assertTrue(AzurePreflight.allPassed(checks), checks.toString());
        assertEquals(List.of("SnapshotResourceGroupExists", "SnapshotResourceGroupPermissions",
                "StagingResourceGroupExists", "StagingResourceGroupPermissions", "ClusterReadable"),
                checks.stream().map(PreflightCheck::name).toList());
    }

    @Test
    void reportsEveryGapWithTheRoleThatClosesIt() {
        arm.restrictPermissions(ArmStandIn.groupId("rg-snapshots"),
                List.of("Microsoft.Compute/snapshots/read", "Microsoft.Compute/snapshots/write"));
        arm.restrictPermissions(CLUSTER, List.of("Microsoft.Compute/*"));
        AzureDiskSnapshotter s = ArmTestSupport.snapshotter(arm).stagingResourceGroup("rg-gone").build();

        Map<String, PreflightCheck> checks = byName(AzurePreflight.of(null, s, CLUSTER).run());

        PreflightCheck perms = checks.get("SnapshotResourceGroupPermissions");
        assertFalse(perms.passed());
        assertEquals(AzurePreflight.CONTRIBUTOR, perms.requiredRole());
        assertTrue(perms.detail().contains("Microsoft.Compute/snapshots/beginGetAccess/action"), perms.detail());
        assertFalse(perms.detail().contains("snapshots/write"), perms.detail());
        assertTrue(perms.scope().contains("rg-snapshots"));

        PreflightCheck staging = checks.get("StagingResourceGroupExists");
        assertFalse(staging.passed());
        assertTrue(staging.detail().contains("does not exist"), staging.detail());
        assertFalse(checks.containsKey("StagingResourceGroupPermissions"), "no permission check on a missing group");

        PreflightCheck cluster = checks.get("ClusterReadable");
        assertFalse(cluster.passed());
        assertEquals(AzurePreflight.READER, cluster.requiredRole());
    }

    @Test
    void notActionsTakeAwayWhatActionsGrant() {
        var p = new com.azure.resourcemanager.authorization.fluent.models.PermissionInner()
                .withActions(List.of("*")).withNotActions(List.of("Microsoft.Compute/snapshots/beginGetAccess/*"));
        assertTrue(AzurePreflight.allowed(List.of(p), "Microsoft.Compute/snapshots/write"));
        assertFalse(AzurePreflight.allowed(List.of(p), "Microsoft.Compute/snapshots/beginGetAccess/action"));
        assertTrue(AzurePreflight.allowed(List.of(p, new com.azure.resourcemanager.authorization.fluent.models
                .PermissionInner().withActions(List.of("microsoft.compute/SNAPSHOTS/*"))),
                "Microsoft.Compute/snapshots/beginGetAccess/action"), "another role assignment may grant it");
    }

    @Test
    void refusesAClusterIdThatIsNotAnAksCluster() {
        assertThrows(IllegalArgumentException.class, () -> AzurePreflight.of(null, null,
                ArmStandIn.groupId("rg") + "/providers/Microsoft.Compute/disks/d"));
    }
}
