package io.github.aksbackup.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.aksbackup.api.instance.BackupConfiguration;
import io.github.aksbackup.api.instance.NamespacedName;
import io.github.aksbackup.api.restore.RestoreConfig;
import io.github.aksbackup.spi.KubeObject;
import io.github.aksbackup.spi.ResourceType;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Preflight against the real server in RBAC mode: the admin grants the restricted user
 * {@code aksb-user} a little, and preflight, connected as that user, reports the rest as missing.
 */
class PreflightIT {
    private static final ResourceType ROLES = TestCluster.type("rbac.authorization.k8s.io", "v1", "Role", "roles", true);
    private static final ResourceType ROLE_BINDINGS =
            TestCluster.type("rbac.authorization.k8s.io", "v1", "RoleBinding", "rolebindings", true);

    private static KubernetesClusterClient admin;
    private static KubernetesClusterClient user;

    @BeforeAll
    static void connect() {
        admin = TestCluster.client();
        user = TestCluster.builder().kubeconfig(TestCluster.kubeconfig(), "aksb-user").build();
        PreflightReport probe = Preflight.of(user).backup(BackupConfiguration.builder().includedNamespaces("kube-system")
                .includedResourceTypes("Secret").snapshotVolumes(false).build());
        if (probe.ok()) {
            fail("the test server does not enforce RBAC: start it with 'scripts/kube-test-env.sh start --rbac'");
        }
    }

    @AfterAll
    static void close() {
        if (admin != null) {
            admin.close();
        }
        if (user != null) {
            user.close();
        }
    }

    /** Grants aksb-user the given rules in the namespace. */
    private static void grant(String ns, List<Map<String, Object>> rules) {
        String name = TestCluster.unique("grant");
        KubeObject role = TestCluster.object("rbac.authorization.k8s.io/v1", "Role", ns, name, Map.of());
        role.content().put("rules", rules);
        admin.create(ROLES, role);
        KubeObject binding = TestCluster.object("rbac.authorization.k8s.io/v1", "RoleBinding", ns, name, Map.of());
        binding.content().put("roleRef", Map.of("apiGroup", "rbac.authorization.k8s.io", "kind", "Role", "name", name));
        binding.content().put("subjects", List.of(Map.of("apiGroup", "rbac.authorization.k8s.io", "kind", "User",
                "name", "aksb-user")));
        admin.create(ROLE_BINDINGS, binding);
    }

    private static Map<String, Object> rule(String group, List<String> resources, List<String> verbs) {
        return Map.of("apiGroups", List.of(group), "resources", resources, "verbs", verbs);
    }

    @Test
    void reportsEachMissingPermissionAsVerbResourceAndNamespace() {
        String ns = TestCluster.newNamespace(admin, "pf");
        grant(ns, List.of(rule("", List.of("configmaps"), List.of("list")),
                rule("snapshot.storage.k8s.io", List.of("volumesnapshots"), List.of("create", "get", "watch"))));
        BackupConfiguration config = BackupConfiguration.builder().includedNamespaces(ns)
                .includedResourceTypes("ConfigMap", "Secret", "apps/Deployment").includeClusterScopeResources(false)
                .backupHookReferences(List.of(new NamespacedName("freeze", ns))).build();

        PreflightReport report = Preflight.of(user).backup(config);

        assertFalse(report.ok());
        Set<String> missing = Set.copyOf(report.missing().stream()
                .map(c -> c.verb() + " " + c.groupResource() + " " + c.namespace()).toList());
        Set<String> allowed = Set.copyOf(report.checks().stream().filter(PermissionCheck::allowed)
                .map(c -> c.verb() + " " + c.groupResource() + " " + c.namespace()).toList());
        assertEquals(Set.of("list configmaps " + ns, "create volumesnapshots.snapshot.storage.k8s.io " + ns,
                "get volumesnapshots.snapshot.storage.k8s.io " + ns, "watch volumesnapshots.snapshot.storage.k8s.io " + ns),
                allowed);
        for (String expected : List.of("list secrets " + ns, "list deployments.apps " + ns,
                "delete volumesnapshots.snapshot.storage.k8s.io " + ns, "get persistentvolumeclaims " + ns,
                "get persistentvolumes null", "get volumesnapshotcontents.snapshot.storage.k8s.io null",
                "create pods/exec " + ns, "get backuphooks.clusterbackup.dataprotection.microsoft.com " + ns,
                "list namespaces null", "list volumesnapshotclasses.snapshot.storage.k8s.io null")) {
            assertTrue(missing.contains(expected), expected + " should be missing: " + missing);
        }
        PermissionCheck exec = report.missing().stream().filter(c -> c.resource().equals("pods/exec")).findFirst().orElseThrow();
        assertEquals("create pods/exec in namespace " + ns + " (to run hooks)", exec.toString());
        assertEquals("list namespaces cluster-wide (to back up)", report.missing().stream()
                .filter(c -> c.resource().equals("namespaces") && c.verb().equals("list")).findFirst().orElseThrow().toString());
    }

    @Test
    void restoreNeedsCreateGetAndPatchInTheMappedNamespace() {
        String source = TestCluster.newNamespace(admin, "pf-src");
        String target = TestCluster.newNamespace(admin, "pf-dst");
        grant(target, List.of(rule("", List.of("configmaps"), List.of("create", "get", "patch"))));
        RestoreConfig config = RestoreConfig.builder().includedNamespaces(source).mapNamespace(source, target)
                .includedResourceTypes("ConfigMap", "Secret").includeClusterScopeResources(false).build();

        PreflightReport report = Preflight.of(user).restore(config);

        List<String> missingInTarget = report.missing().stream().filter(c -> target.equals(c.namespace()))
                .map(c -> c.verb() + " " + c.groupResource()).sorted().toList();
        assertTrue(missingInTarget.containsAll(List.of("create secrets", "get secrets", "patch secrets")), missingInTarget.toString());
        assertTrue(missingInTarget.stream().noneMatch(s -> s.endsWith(" configmaps")), missingInTarget.toString());
        assertTrue(report.checks().stream().noneMatch(c -> source.equals(c.namespace())), "nothing is restored into the source");
        assertTrue(report.missing().stream().anyMatch(c -> c.verb().equals("create") && c.resource().equals("namespaces")));
    }

    @Test
    void anAdministratorHasEverything() {
        PreflightReport report = Preflight.of(admin).backupAndRestore(BackupConfiguration.builder()
                .backupHookReferences(List.of(new NamespacedName("h", "ops"))).build());
        assertTrue(report.ok(), () -> "missing: " + report.missing());
        assertTrue(report.checks().size() > 100, "every type is checked: " + report.checks().size());
    }
}
