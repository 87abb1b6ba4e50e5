package io.github.aksbackup.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.aksbackup.json.JsonValues;
import io.github.aksbackup.k8s.KubernetesClusterClient;
import io.github.aksbackup.spi.KubeObject;
import io.github.aksbackup.spi.ResourceType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code aks-backup restore} with resource modifier rules, end to end on the real API server
 * (scripts/kube-test-env.sh): a backup with the command line, a ConfigMap of rules in the target
 * cluster, a restore whose criteria reference it; the restored objects carry exactly the patched values.
 */
class RestoreModifiersIT {
    private static final Set<String> VERBS = Set.of("list", "get", "create", "patch", "delete");
    private static final ResourceType NAMESPACES = new ResourceType("", "v1", "Namespace", "namespaces", false, VERBS);
    private static final ResourceType CONFIG_MAPS = new ResourceType("", "v1", "ConfigMap", "configmaps", true, VERBS);
    private static final ResourceType CLAIMS = new ResourceType("", "v1", "PersistentVolumeClaim", "persistentvolumeclaims", true, VERBS);
    private static final ResourceType DEPLOYMENTS = new ResourceType("apps", "v1", "Deployment", "deployments", true, VERBS);

    /** The rules: a claim's storage class, one replica, a container's image by name, and a rule that fails on one ConfigMap. */
    private static final String RULES = """
            version: v1
            resourceModifierRules:
            - conditions:
                groupResource: persistentvolumeclaims
                namespaces: [NS]
              patches:
              - operation: replace
                path: /spec/storageClassName
                value: managed-csi-premium
            - conditions:
                groupResource: deployments.apps
                labelSelector:
                  matchExpressions: [{key: tier, operator: In, values: [web]}]
              patches:
              - {operation: test, path: /spec/replicas, value: "3"}
              - {operation: replace, path: /spec/replicas, value: "1"}
            - conditions:
                groupResource: deployments.apps
                resourceNameRegex: "^web$"
              strategicPatches:
              - patchData: |
                  spec:
                    template:
                      spec:
                        containers:
                        - name: web
                          image: mirror.example.net/shop/web:1.4
            - conditions:
                groupResource: configmaps
                resourceNameRegex: "^settings$"
              patches:
              - operation: remove
                path: /data/absent
            """;

    private static String kubeconfig;
    private static KubernetesClusterClient cluster;
    private static String ns;
    private static Path vault;
    private static String recoveryPoint;

    @TempDir
    Path dir;

    @BeforeAll
    static void backUpAnApp(@TempDir Path shared) throws Exception {
        kubeconfig = TestServer.kubeconfig();
        cluster = KubernetesClusterClient.builder().kubeconfig(Path.of(kubeconfig)).build();
        ns = "mods-" + UUID.randomUUID().toString().substring(0, 8);
        create(NAMESPACES, "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"NS\"}}");
        create(CLAIMS, """
                {"apiVersion":"v1","kind":"PersistentVolumeClaim","metadata":{"name":"data","namespace":"NS"},
                 "spec":{"storageClassName":"managed-csi","accessModes":["ReadWriteOnce"],"resources":{"requests":{"storage":"1Gi"}}}}""");
        create(DEPLOYMENTS, """
                {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","namespace":"NS","labels":{"tier":"web"}},
                 "spec":{"replicas":3,"selector":{"matchLabels":{"app":"web"}},"template":{"metadata":{"labels":{"app":"web"}},
                  "spec":{"containers":[{"name":"web","image":"registry.example.com/shop/web:1.4","ports":[{"containerPort":8080}]},
                   {"name":"proxy","image":"registry.example.com/shop/proxy:2"}]}}}}""");
        create(CONFIG_MAPS, "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"settings\",\"namespace\":\"NS\"},"
                + "\"data\":{\"mode\":\"production\"}}");
        create(CONFIG_MAPS, "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"flags\",\"namespace\":\"NS\"},"
                + "\"data\":{\"beta\":\"on\"}}");
        vault = shared.resolve("vault");
        Path config = shared.resolve("backup.json");
        Files.writeString(config, "{\"objectType\":\"KubernetesClusterBackupDatasourceParameters\",\"includedNamespaces\":[\"" + ns
                + "\"],\"snapshotVolumes\":false,\"includeClusterScopeResources\":false}");
        CliRun backup = CliRun.of("backup", "--kubeconfig", kubeconfig, "--vault", vault.toString(), "--config", config.toString(), "--json");
        assertEquals(AksBackupCli.OK, backup.code(), backup.err());
        recoveryPoint = (String) JsonValues.parseObject(backup.out().getBytes(StandardCharsets.UTF_8)).get("recoveryPointId");
        // The rules live in the target cluster, created after the backup, as a user would create them.
        create(CONFIG_MAPS, JsonValues.write(Map.of("apiVersion", "v1", "kind", "ConfigMap",
                "metadata", Map.of("name", "restore-rules", "namespace", ns), "data", Map.of("rules.yaml", RULES.replace("NS", ns)))));
        create(CONFIG_MAPS, JsonValues.write(Map.of("apiVersion", "v1", "kind", "ConfigMap",
                "metadata", Map.of("name", "bad-rules", "namespace", ns), "data", Map.of("rules.yaml",
                        RULES.replace("operation: remove", "operation: delete").replace("^web$", "^web($")))));
    }

    @AfterAll
    static void close() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static void create(ResourceType type, String json) {
        cluster.create(type, new KubeObject(JsonValues.parseObject(json.replace("NS", ns).getBytes(StandardCharsets.UTF_8))));
    }

    /** The restore criteria: the app's namespace into {@code target}, without volume data, with a rules reference or none. */
    private Path criteria(String target, String rulesConfigMap) throws Exception {
        Path p = dir.resolve("restore-" + target + ".json");
        Files.writeString(p, "{\"objectType\":\"KubernetesClusterRestoreCriteria\",\"includedNamespaces\":[\"" + ns + "\"],"
                + "\"namespaceMappings\":{\"" + ns + "\":\"" + target + "\"},\"includeClusterScopeResources\":false,"
                + "\"persistentVolumeRestoreMode\":\"RestoreWithoutVolumeData\""
                + (rulesConfigMap == null ? "" : ",\"resourceModifierReference\":{\"name\":\"" + rulesConfigMap + "\",\"namespace\":\""
                        + ns + "\"}") + "}");
        return p;
    }

    private static CliRun restore(Path criteria, String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of("restore", "--kubeconfig", kubeconfig, "--vault", vault.toString(),
                "--recovery-point", recoveryPoint, "--config", criteria.toString()));
        args.addAll(List.of(extra));
        return CliRun.of(args.toArray(String[]::new));
    }

    private static void assertPatched(String target) {
        KubeObject web = cluster.get(DEPLOYMENTS, target, "web").orElseThrow();
        assertEquals(1L, web.at("spec", "replicas"));
        List<?> containers = (List<?>) web.at("spec", "template", "spec", "containers");
        assertEquals(List.of("web", "proxy"), containers.stream().map(c -> ((Map<?, ?>) c).get("name")).toList());
        assertEquals("mirror.example.net/shop/web:1.4", ((Map<?, ?>) containers.get(0)).get("image"));
        assertEquals(List.of(Map.of("containerPort", 8080L, "protocol", "TCP")), ((Map<?, ?>) containers.get(0)).get("ports"));
        assertEquals("registry.example.com/shop/proxy:2", ((Map<?, ?>) containers.get(1)).get("image"));
        assertEquals("managed-csi-premium", cluster.get(CLAIMS, target, "data").orElseThrow().at("spec", "storageClassName"));
        assertTrue(cluster.get(CONFIG_MAPS, target, "settings").isEmpty(), "the object its rule fails on is not restored");
        assertEquals("on", cluster.get(CONFIG_MAPS, target, "flags").orElseThrow().at("data", "beta"), "the rest is");
    }

    @Test
    void theRestoredObjectsCarryExactlyThePatchedValuesAndAFailingRuleFailsOnlyItsObject() throws Exception {
        String target = ns + "-restored";
        Path criteria = criteria(target, "restore-rules");

        CliRun plan = restore(criteria, "--dry-run");
        assertTrue(plan.out().contains("create apps/v1/Deployment " + target + "/web - would be created; modified by resource modifier"
                + " rules 1, 2: /spec/replicas = 1, /spec/template/spec/containers/0/image = \"mirror.example.net/shop/web:1.4\""),
                plan.out());
        assertTrue(plan.out().contains("fail v1/ConfigMap " + target + "/settings - resource modifier rule 3: patches[0]"
                + " (remove /data/absent)"), plan.out());
        assertTrue(cluster.get(NAMESPACES, null, target).isEmpty(), "a dry run changes nothing");

        CliRun run = restore(criteria);
        assertEquals(AksBackupCli.FAILED, run.code(), "an object left out is exit code 1:\n" + run.out() + run.err());
        assertTrue(run.out().contains("modified: apps/v1/Deployment " + target + "/web - modified by resource modifier rules 1, 2:"
                + " /spec/replicas, /spec/template/spec/containers/0/image"), run.out());
        assertTrue(run.out().contains("modified: v1/PersistentVolumeClaim " + target + "/data"), run.out());
        assertTrue(run.out().contains("failed: v1/ConfigMap " + target + "/settings - resource modifier rule 3"), run.out());
        assertPatched(target);
    }

    @Test
    void rulesFromALocalFileApplyTheSameAndMayNotBeCombinedWithAReference() throws Exception {
        String target = ns + "-local";
        Path rules = dir.resolve("rules.yaml");
        Files.writeString(rules, RULES.replace("NS", ns));
        CliRun run = restore(criteria(target, null), "--resource-modifiers", rules.toString());
        assertEquals(AksBackupCli.FAILED, run.code(), run.out() + run.err());
        assertPatched(target);

        CliRun both = restore(criteria(ns + "-both", "restore-rules"), "--resource-modifiers", rules.toString());
        assertEquals(AksBackupCli.BAD_INPUT, both.code(), both.out() + both.err());
        assertTrue(both.err().contains("--resource-modifiers"), both.err());
    }

    @Test
    void badRulesAreExitCodeTwoNamingRuleAndFieldAndNothingIsCreated() throws Exception {
        String target = ns + "-bad";
        CliRun bad = restore(criteria(target, "bad-rules"));
        assertEquals(AksBackupCli.BAD_INPUT, bad.code(), bad.out() + bad.err());
        assertTrue(bad.err().contains("ConfigMap " + ns + "/bad-rules data.rules.yaml $.resourceModifierRules[2].conditions"
                + ".resourceNameRegex: '^web($' is not a valid regular expression"), bad.err());
        assertTrue(bad.err().contains("$.resourceModifierRules[3].patches[0].operation: 'delete' is not a JSON Patch operation"),
                bad.err());
        assertFalse(bad.err().contains("\tat "), "no stack trace");
        CliRun missing = restore(criteria(target, "no-such-rules"));
        assertEquals(AksBackupCli.BAD_INPUT, missing.code(), missing.out() + missing.err());
        assertTrue(missing.err().contains("ConfigMap " + ns + "/no-such-rules does not exist in the target cluster"), missing.err());
        assertTrue(cluster.get(NAMESPACES, null, target).isEmpty(), "nothing was created");
    }
}
