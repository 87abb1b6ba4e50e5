package io.github.aksbackup.kube;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.aksbackup.spi.GroupKind;
import io.github.aksbackup.spi.KubeObject;
import io.github.aksbackup.spi.ResourceType;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class KindTableTest {

    private static ResourceType type(String group, String kind, String plural) {
        return new ResourceType(group, "v1", kind, plural, true, Set.of("list", "create"));
    }

    @Test
    void aClaimNeedsItsVolumeAndStorageClass() {
        KubeObject claim = new KubeObject(Map.of("apiVersion", "v1", "kind", "PersistentVolumeClaim",
                "metadata", Map.of("name", "data", "namespace", "shop"),
                "spec", Map.of("volumeName", "pv-1", "storageClassName", "managed-csi")));
        assertEquals(List.of(new Need(GroupKind.PERSISTENT_VOLUME, "pv-1"), new Need(GroupKind.STORAGE_CLASS, "managed-csi")),
                KindTable.needsOf(GroupKind.PERSISTENT_VOLUME_CLAIM, claim));
    }

    @Test
    void anUnboundClaimWithoutAClassNeedsNothing() {
        KubeObject claim = new KubeObject(Map.of("apiVersion", "v1", "kind", "PersistentVolumeClaim",
                "metadata", Map.of("name", "data", "namespace", "shop"), "spec", Map.of("storageClassName", "")));
        assertEquals(List.of(), KindTable.needsOf(GroupKind.PERSISTENT_VOLUME_CLAIM, claim));
    }

    @Test
    void aVolumeNeedsItsStorageClass() {
        KubeObject pv = new KubeObject(Map.of("apiVersion", "v1", "kind", "PersistentVolume", "metadata", Map.of("name", "pv-1"),
                "spec", Map.of("storageClassName", "managed-csi")));
        assertEquals(List.of(new Need(GroupKind.STORAGE_CLASS, "managed-csi")), KindTable.needsOf(GroupKind.PERSISTENT_VOLUME, pv));
    }

    @Test
    void aRoleBindingNeedsTheClusterRoleItNamesButNotARole() {
        KubeObject toClusterRole = binding("ClusterRole", "view");
        assertEquals(List.of(new Need(GroupKind.CLUSTER_ROLE, "view")), KindTable.needsOf(GroupKind.ROLE_BINDING, toClusterRole));
        assertEquals(List.of(), KindTable.needsOf(GroupKind.ROLE_BINDING, binding("Role", "reader")),
                "a Role is in the binding's namespace");
    }

    private static KubeObject binding(String roleKind, String role) {
        return new KubeObject(Map.of("apiVersion", "rbac.authorization.k8s.io/v1", "kind", "RoleBinding",
                "metadata", Map.of("name", "b", "namespace", "shop"),
                "roleRef", Map.of("apiGroup", "rbac.authorization.k8s.io", "kind", roleKind, "name", role)));
    }

    @Test
    void aCustomResourceNeedsTheDefinitionOfItsType() {
        assertEquals(Optional.of(new Need(GroupKind.CUSTOM_RESOURCE_DEFINITION, "widgets.example.com")),
                KindTable.definitionOf(type("example.com", "Widget", "widgets")));
        assertEquals(Optional.empty(), KindTable.definitionOf(type("", "ConfigMap", "configmaps")));
    }

    @Test
    void onlyAMissingDefinitionIsNoLossBecauseBuiltInTypesHaveNone() {
        assertTrue(KindTable.missingIsNoLoss(GroupKind.CUSTOM_RESOURCE_DEFINITION));
        assertFalse(KindTable.missingIsNoLoss(GroupKind.STORAGE_CLASS));
        assertFalse(KindTable.missingIsNoLoss(GroupKind.PERSISTENT_VOLUME));
    }

    @Test
    void objectsOfOtherKindsNeedNothingByContent() {
        assertFalse(KindTable.needsDependOnContent(GroupKind.CONFIG_MAP));
        assertTrue(KindTable.needsDependOnContent(GroupKind.PERSISTENT_VOLUME_CLAIM));
        assertEquals(List.of(), KindTable.needsOf(GroupKind.CONFIG_MAP,
                new KubeObject(Map.of("apiVersion", "v1", "kind", "ConfigMap", "metadata", Map.of("name", "c")))));
    }

    @Test
    void whatObjectsNeedIsCreatedBeforeThem() {
        assertBefore(GroupKind.CUSTOM_RESOURCE_DEFINITION, type("example.com", "Widget", "widgets"), true);
        assertBefore(GroupKind.STORAGE_CLASS, type("", "PersistentVolume", "persistentvolumes"), false);
        assertBefore(GroupKind.PERSISTENT_VOLUME, type("", "PersistentVolumeClaim", "persistentvolumeclaims"), false);
        assertBefore(GroupKind.NAMESPACE, type("", "ConfigMap", "configmaps"), false);
        assertBefore(GroupKind.DEPLOYMENT, type("apps", "ReplicaSet", "replicasets"), false);
        assertBefore(GroupKind.REPLICA_SET, type("", "Pod", "pods"), false);
    }

    @Test
    void rolesAndTheirBindingsAreOneTierBecauseABindingMayNameARoleNotThereYet() {
        assertEquals(KindTable.restorePriority(type(GroupKind.RBAC, "ClusterRole", "clusterroles"), false),
                KindTable.restorePriority(type(GroupKind.RBAC, "RoleBinding", "rolebindings"), false));
        assertBefore(GroupKind.SERVICE_ACCOUNT, type(GroupKind.RBAC, "RoleBinding", "rolebindings"), false);
    }

    private static void assertBefore(GroupKind needed, ResourceType user, boolean custom) {
        ResourceType neededType = type(needed.group(), needed.kind(), needed.kind().toLowerCase(java.util.Locale.ROOT) + "s");
        assertTrue(KindTable.restorePriority(neededType, false).compareTo(KindTable.restorePriority(user, custom)) < 0,
                needed + " before " + user.groupKind());
    }

    @Test
    void typesOutsideKubernetesGroupsAreCustomAndUnknownBuiltInTypesComeBeforeThem() {
        assertEquals(RestorePriority.CUSTOM_RESOURCES, KindTable.restorePriority(type("example.com", "Widget", "widgets"), false));
        assertEquals(RestorePriority.OTHER_TYPES, KindTable.restorePriority(type("node.k8s.io", "RuntimeClass", "runtimeclasses"), false));
        assertEquals(RestorePriority.CUSTOM_RESOURCES, KindTable.restorePriority(type("node.k8s.io", "RuntimeClass", "runtimeclasses"), true),
                "a type the recovery point holds a CRD for is a custom resource");
        assertTrue(KindTable.neverRestored(new GroupKind("", "Event")));
        assertFalse(KindTable.neverRestored(GroupKind.POD));
    }
}
