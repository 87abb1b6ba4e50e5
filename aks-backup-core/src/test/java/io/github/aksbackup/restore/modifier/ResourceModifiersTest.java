package io.github.aksbackup.restore.modifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.aksbackup.api.job.ItemAction;
import io.github.aksbackup.api.job.ItemResult;
import io.github.aksbackup.spi.KubeObject;
import io.github.aksbackup.spi.ResourceType;
import io.github.aksbackup.testkit.InMemoryCluster;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Applying resource modifier rules to objects: conditions, JSON Patch, merge patch, as Velero does. */
class ResourceModifiersTest {
    static final Set<String> VERBS = Set.of("create", "get", "list");
    static final ResourceType CLAIMS = new ResourceType("", "v1", "PersistentVolumeClaim", "persistentvolumeclaims", true, VERBS);
    static final ResourceType DEPLOYMENTS = new ResourceType("apps", "v1", "Deployment", "deployments", true, VERBS);
    static final ResourceType SECRETS = new ResourceType("", "v1", "Secret", "secrets", true, VERBS);
    static final ResourceType VOLUMES = new ResourceType("", "v1", "PersistentVolume", "persistentvolumes", false, VERBS);
    static final InMemoryCluster CLUSTER = new InMemoryCluster();

    static ResourceModifiers.Applier rules(String rules) {
        return ResourceModifiers.parse("version: v1\nresourceModifierRules:\n" + rules, "rules.yaml").applier(CLUSTER::patchMetadata);
    }

    static Map<String, Object> claim(String ns, String name, String storageClass, Map<String, String> labels) {
        return tree(Map.of("apiVersion", "v1", "kind", "PersistentVolumeClaim",
                "metadata", Map.of("name", name, "namespace", ns, "labels", labels),
                "spec", Map.of("storageClassName", storageClass, "accessModes", List.of("ReadWriteOnce"))));
    }

    static Map<String, Object> deployment(String ns, String name, long replicas) {
        return tree(Map.of("apiVersion", "apps/v1", "kind", "Deployment",
                "metadata", Map.of("name", name, "namespace", ns, "labels", Map.of("app", name)),
                "spec", Map.of("replicas", replicas, "template", Map.of("spec", Map.of("containers", List.of(
                        Map.of("name", "web", "image", "registry.example.com/web:1"),
                        Map.of("name", "sidecar", "image", "registry.example.com/proxy:2")))))));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> tree(Map<String, Object> m) {
        return (Map<String, Object>) Trees.copy(m);
    }

    static Object at(Map<String, Object> o, String... path) {
        return new KubeObject(o).at(path);
    }

    @Test
    void aJsonPatchChangesTheClaimsStorageClassAndRemovesALabel() {
        ResourceModifiers.Applier a = rules("""
                - conditions:
                    groupResource: persistentvolumeclaims
                    resourceNameRegex: "^mysql"
                    namespaces: [bar, foo]
                    labelSelector: {matchLabels: {foo: bar}}
                  patches:
                  - {operation: replace, path: /spec/storageClassName, value: premium}
                  - {operation: remove, path: /metadata/labels/test}
                """);
        Map<String, Object> pvc = claim("foo", "mysql-data", "standard", Map.of("foo", "bar", "test", "x"));
        ResourceModifiers.Outcome o = a.apply(CLAIMS, "foo", pvc);
        assertEquals(List.of(0), o.changedBy());
        assertEquals("premium", at(o.object(), "spec", "storageClassName"));
        assertEquals(Map.of("foo", "bar"), at(o.object(), "metadata", "labels"));
        assertEquals("standard", at(pvc, "spec", "storageClassName"), "the object given is not changed");
        assertEquals(List.of("/metadata/labels/test removed", "/spec/storageClassName = \"premium\""), o.changes());

        assertFalse(a.apply(CLAIMS, "other", pvc).modified(), "namespaces");
        assertFalse(a.apply(CLAIMS, "foo", claim("foo", "postgres", "standard", Map.of("foo", "bar"))).modified(), "regex");
        assertFalse(a.apply(CLAIMS, "foo", claim("foo", "mysql-2", "standard", Map.of("foo", "baz"))).modified(), "labels");
        assertFalse(a.apply(DEPLOYMENTS, "foo", deployment("foo", "mysql", 1)).modified(), "groupResource");
    }

    @Test
    void theNamespacesConditionLooksAtTheSourceNamespaceAndHoldsNoClusterScopedObjectBack() {
        ResourceModifiers.Applier a = rules("""
                - conditions: {groupResource: "*", namespaces: ["prod-*"]}
                  mergePatches: [{patchData: "metadata: {labels: {restored: 'yes'}}"}]
                """);
        // restored into a mapped namespace: the object carries the target namespace, the rule the source one
        assertTrue(a.apply(CLAIMS, "prod-eu", claim("test-eu", "data", "standard", Map.of())).modified());
        assertFalse(a.apply(CLAIMS, "test-eu", claim("prod-eu", "data", "standard", Map.of())).modified());
        Map<String, Object> pv = tree(Map.of("apiVersion", "v1", "kind", "PersistentVolume", "metadata", Map.of("name", "pv-1")));
        assertTrue(a.apply(VOLUMES, null, pv).modified(), "Velero's rule: namespaces do not hold back cluster-scoped objects");
    }

    @Test
    void aTestThatDoesNotHoldSkipsTheWholeRule() {
        ResourceModifiers.Applier a = rules("""
                - conditions: {groupResource: persistentvolumeclaims}
                  patches:
                  - {operation: add, path: /metadata/labels/seen, value: "yes"}
                  - {operation: test, path: /spec/storageClassName, value: premium}
                  - {operation: replace, path: /spec/storageClassName, value: standard}
                """);
        ResourceModifiers.Outcome premium = a.apply(CLAIMS, "ns", claim("ns", "a", "premium", Map.of()));
        assertEquals("standard", at(premium.object(), "spec", "storageClassName"));
        assertEquals("yes", at(premium.object(), "metadata", "labels", "seen"));
        Map<String, Object> gold = claim("ns", "b", "gold", Map.of());
        ResourceModifiers.Outcome skipped = a.apply(CLAIMS, "ns", gold);
        assertFalse(skipped.modified() || skipped.failed(), "the add before the failed test is not kept either");
        assertSame(gold, skipped.object());
        Map<String, Object> noClass = claim("ns", "c", "x", Map.of());
        ((Map<?, ?>) noClass.get("spec")).remove("storageClassName");
        assertFalse(a.apply(CLAIMS, "ns", noClass).failed(), "a test of a path the object lacks does not hold");
    }

    @Test
    void aRemoveOfAMissingPathFailsTheObjectNamingTheRuleAndTheOperation() {
        ResourceModifiers.Applier a = rules("""
                - conditions: {groupResource: persistentvolumeclaims}
                  patches: [{operation: add, path: /metadata/annotations, value: "{}"}]
                - conditions: {groupResource: persistentvolumeclaims}
                  patches:
                  - {operation: remove, path: /metadata/labels/absent}
                """);
        ResourceModifiers.Outcome o = a.apply(CLAIMS, "ns", claim("ns", "a", "premium", Map.of("app", "db")));
        assertTrue(o.failed());
        assertTrue(o.failure().startsWith("resource modifier rule 1: patches[0] (remove /metadata/labels/absent): "), o.failure());
        assertFalse(o.modified());
    }

    @Test
    void valuesFollowVelerosRuleWhenPatched() {
        ResourceModifiers.Applier a = rules("""
                - conditions: {groupResource: deployments.apps}
                  patches:
                  - {operation: replace, path: /spec/replicas, value: "1"}
                  - {operation: add, path: /metadata/labels/count, value: '"1"'}
                  - {operation: add, path: /spec/paused, value: "true"}
                  - operation: add
                    path: /spec/template/spec/containers/0
                    value: "{\\"name\\": \\"init\\", \\"image\\": \\"busybox\\", \\"ports\\": [{\\"containerPort\\": 80}]}"
                  - {operation: copy, from: /spec/template/spec/containers/1, path: /spec/template/spec/containers/-}
                  - {operation: move, from: /metadata/labels/app, path: /metadata/labels/name}
                """);
        ResourceModifiers.Outcome o = a.apply(DEPLOYMENTS, "shop", deployment("shop", "web", 3));
        Map<String, Object> d = o.object();
        assertEquals(1L, at(d, "spec", "replicas"));
        assertEquals("1", at(d, "metadata", "labels", "count"));
        assertEquals(true, at(d, "spec", "paused"));
        List<?> containers = (List<?>) at(d, "spec", "template", "spec", "containers");
        assertEquals(List.of("init", "web", "sidecar", "web"), containers.stream().map(c -> ((Map<?, ?>) c).get("name")).toList());
        assertEquals(List.of(Map.of("containerPort", 80L)), ((Map<?, ?>) containers.get(0)).get("ports"));
        assertEquals(Map.of("name", "web", "count", "1"), at(d, "metadata", "labels"));
    }

    @Test
    void aMergePatchSetsAndRemovesFieldsAndReplacesLists() {
        ResourceModifiers.Applier a = rules("""
                - conditions:
                    groupResource: deployments.apps
                    matches: [{path: /spec/replicas, value: "3"}]
                  mergePatches:
                  - patchData: |
                      metadata:
                        labels: {app: null, tier: web}
                      spec:
                        replicas: 1
                        template: {spec: {containers: [{name: only, image: x}]}}
                """);
        ResourceModifiers.Outcome o = a.apply(DEPLOYMENTS, "shop", deployment("shop", "web", 3));
        assertEquals(Map.of("tier", "web"), at(o.object(), "metadata", "labels"));
        assertEquals(1L, at(o.object(), "spec", "replicas"));
        assertEquals(List.of(Map.of("name", "only", "image", "x")), at(o.object(), "spec", "template", "spec", "containers"));
        assertFalse(a.apply(DEPLOYMENTS, "shop", deployment("shop", "web", 2)).modified(), "matches does not hold");
    }

    @Test
    void conditionsLookAtTheObjectBeforeAnyRuleChangedItAndPatchesBuildOnEachOther() {
        ResourceModifiers.Applier a = rules("""
                - conditions: {groupResource: deployments.apps, labelSelector: {matchLabels: {app: web}}}
                  mergePatches: [{patchData: "metadata: {labels: {app: shop}}"}]
                - conditions:
                    groupResource: deployments.apps
                    labelSelector:
                      matchExpressions: [{key: app, operator: In, values: [web]}]
                  patches: [{operation: replace, path: /spec/replicas, value: "1"}]
                - conditions: {groupResource: deployments.apps, labelSelector: {matchLabels: {app: shop}}}
                  patches: [{operation: replace, path: /spec/replicas, value: "7"}]
                """);
        ResourceModifiers.Outcome o = a.apply(DEPLOYMENTS, "ns", deployment("ns", "web", 3));
        assertEquals(List.of(0, 1), o.changedBy());
        assertEquals("shop", at(o.object(), "metadata", "labels", "app"));
        assertEquals(1L, at(o.object(), "spec", "replicas"));
        assertEquals(List.of("resource modifier rule 2 (groupResource deployments.apps) matched no restored object, so it changed nothing"),
                a.unmatchedRules());
    }

    @Test
    void aRuleMayNotRenameOrMoveAnObject() {
        ResourceModifiers.Applier a = rules("""
                - conditions: {groupResource: persistentvolumeclaims}
                  patches: [{operation: replace, path: /metadata/name, value: other}]
                """);
        ResourceModifiers.Outcome o = a.apply(CLAIMS, "ns", claim("ns", "a", "x", Map.of()));
        assertTrue(o.failed() && o.failure().contains("rule 0: it changes metadata.name"), String.valueOf(o.failure()));
    }

    @Test
    void theItemNoteSaysWhichRulesChangedWhatWithValuesOnlyInADryRunAndNeverForSecrets() {
        ResourceModifiers.Applier a = rules("""
                - conditions: {groupResource: "*"}
                  mergePatches: [{patchData: "metadata: {labels: {env: test}}"}]
                - conditions: {groupResource: secrets}
                  mergePatches: [{patchData: "data: {password: c2VjcmV0}"}]
                """);
        ResourceModifiers.Outcome claim = a.apply(CLAIMS, "ns", claim("ns", "a", "x", Map.of()));
        ItemResult created = new ItemResult("v1/PersistentVolumeClaim", "ns", "a", ItemAction.Created, null);
        assertEquals("modified by resource modifier rule 0: /metadata/labels/env", claim.note(created, false).message());
        ItemResult planned = new ItemResult("v1/PersistentVolumeClaim", "ns", "a", ItemAction.Created, "would be created");
        assertEquals("would be created; modified by resource modifier rule 0: /metadata/labels/env = \"test\"",
                claim.note(planned, true).message());
        assertTrue(ResourceModifiers.modifiedItem(claim.note(created, false)));
        ItemResult skipped = new ItemResult("v1/PersistentVolumeClaim", "ns", "a", ItemAction.Skipped, "exists");
        assertSame(skipped, claim.note(skipped, true), "a skipped object was not changed");

        Map<String, Object> secret = tree(Map.of("apiVersion", "v1", "kind", "Secret",
                "metadata", Map.of("name", "db", "namespace", "ns"), "data", Map.of("password", "b2xk")));
        ResourceModifiers.Outcome s = a.apply(SECRETS, "ns", secret);
        assertEquals(List.of(0, 1), s.changedBy());
        String note = s.note(new ItemResult("v1/Secret", "ns", "db", ItemAction.Created, null), true).message();
        assertEquals("modified by resource modifier rules 0, 1: /data/password, /metadata/labels", note);
        assertFalse(note.contains("c2VjcmV0"));
    }

    @Test
    void withoutRulesNothingIsCopied() {
        Map<String, Object> pvc = claim("ns", "a", "x", Map.of());
        ResourceModifiers.Outcome o = ResourceModifiers.NONE.applier(CLUSTER::patchMetadata).apply(CLAIMS, "ns", pvc);
        assertSame(pvc, o.object());
        assertNull(o.failure());
        assertEquals(List.of(), ResourceModifiers.NONE.applier(CLUSTER::patchMetadata).unmatchedRules());
    }
}
