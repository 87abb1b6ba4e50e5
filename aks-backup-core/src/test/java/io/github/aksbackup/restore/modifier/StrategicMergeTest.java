package io.github.aksbackup.restore.modifier;

import static io.github.aksbackup.restore.modifier.ResourceModifiersTest.DEPLOYMENTS;
import static io.github.aksbackup.restore.modifier.ResourceModifiersTest.VERBS;
import static io.github.aksbackup.restore.modifier.ResourceModifiersTest.at;
import static io.github.aksbackup.restore.modifier.ResourceModifiersTest.deployment;
import static io.github.aksbackup.restore.modifier.ResourceModifiersTest.rules;
import static io.github.aksbackup.restore.modifier.ResourceModifiersTest.tree;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.aksbackup.spi.ResourceType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Strategic merge patches with the merge keys the API server publishes (here the in-memory cluster's,
 * which {@code aks-backup-k8s}'s PatchMetadataIT checks against a real server), as apimachinery applies them.
 */
class StrategicMergeTest {
    static final ResourceType WIDGETS = new ResourceType("example.com", "v1", "Widget", "widgets", true, VERBS);

    private static Map<String, Object> patched(String patchData, Map<String, Object> object, ResourceType type) {
        ResourceModifiers.Outcome o = rules("- conditions: {groupResource: \"**\"}\n  strategicPatches:\n  - patchData: |\n"
                + patchData.indent(6)).apply(type, "ns", object);
        assertTrue(!o.failed(), String.valueOf(o.failure()));
        return o.object();
    }

    private static List<Object> names(Object list) {
        return ((List<?>) list).stream().map(i -> i instanceof Map<?, ?> m ? m.get("name") : i).map(Object.class::cast).toList();
    }

    private static Map<String, Object> container(Map<String, Object> d, String name) {
        for (Object c : (List<?>) at(d, "spec", "template", "spec", "containers")) {
            if (name.equals(((Map<?, ?>) c).get("name"))) {
                @SuppressWarnings("unchecked")
                Map<String, Object> m = (Map<String, Object>) c;
                return m;
            }
        }
        throw new AssertionError("no container " + name);
    }

    @Test
    void changesAContainersImageByNameAndKeepsTheOthers() {
        Map<String, Object> d = patched("""
                spec:
                  template:
                    spec:
                      containers:
                      - name: sidecar
                        image: mirror.example.net/proxy:2
                """, deployment("shop", "web", 3), DEPLOYMENTS);
        assertEquals(List.of("web", "sidecar"), names(at(d, "spec", "template", "spec", "containers")));
        assertEquals("mirror.example.net/proxy:2", container(d, "sidecar").get("image"));
        assertEquals("registry.example.com/web:1", container(d, "web").get("image"));
    }

    @Test
    void mergesEnvByNamePortsByContainerPortAndVolumesByName() {
        Map<String, Object> d = deployment("shop", "web", 1);
        Map<String, Object> web = container(d, "web");
        web.put("env", List.of(Map.of("name", "A", "value", "1"), Map.of("name", "B", "value", "2")));
        web.put("ports", List.of(Map.of("containerPort", 80L, "name", "http")));
        @SuppressWarnings("unchecked")
        Map<String, Object> podSpec = (Map<String, Object>) at(d, "spec", "template", "spec");
        podSpec.put("volumes", List.of(Map.of("name", "data", "emptyDir", Map.of()), Map.of("name", "cache", "emptyDir", Map.of())));
        Map<String, Object> out = patched("""
                spec:
                  template:
                    spec:
                      containers:
                      - name: web
                        env: [{name: B, value: "20"}]
                        ports: [{containerPort: 80, protocol: TCP}]
                      volumes:
                      - {name: cache, $patch: delete}
                """, d, DEPLOYMENTS);
        Map<String, Object> w = container(out, "web");
        assertEquals(List.of(Map.of("name", "A", "value", "1"), Map.of("name", "B", "value", "20")), w.get("env"));
        assertEquals(List.of(Map.of("containerPort", 80L, "name", "http", "protocol", "TCP")), w.get("ports"));
        assertEquals(List.of("data"), names(at(out, "spec", "template", "spec", "volumes")));
    }

    /** apimachinery puts the patch's items in the patch's order, and a new one before the items the patch leaves alone. */
    @Test
    void ordersItemsAsApimachineryDoes() {
        Map<String, Object> added = patched("spec: {template: {spec: {containers: [{name: init, image: busybox}]}}}",
                deployment("shop", "web", 1), DEPLOYMENTS);
        assertEquals(List.of("init", "web", "sidecar"), names(at(added, "spec", "template", "spec", "containers")));
        Map<String, Object> swapped = patched("spec: {template: {spec: {containers: [{name: sidecar}, {name: web}]}}}",
                deployment("shop", "web", 1), DEPLOYMENTS);
        assertEquals(List.of("sidecar", "web"), names(at(swapped, "spec", "template", "spec", "containers")));

        Map<String, Object> withFinalizers = deployment("shop", "web", 1);
        @SuppressWarnings("unchecked")
        Map<String, Object> md = (Map<String, Object>) withFinalizers.get("metadata");
        md.put("finalizers", List.of("a", "b"));
        Map<String, Object> f = patched("metadata: {finalizers: [c, a]}", withFinalizers, DEPLOYMENTS);
        assertEquals(List.of("c", "a", "b"), at(f, "metadata", "finalizers"), "scalars merge as a set, ordered like items");
    }

    @Test
    void replaceDirectivesReplaceListsAndMapsAndListsWithoutAStrategyAreReplaced() {
        Map<String, Object> d = deployment("shop", "web", 1);
        @SuppressWarnings("unchecked")
        Map<String, Object> podSpec = (Map<String, Object>) at(d, "spec", "template", "spec");
        podSpec.put("tolerations", List.of(Map.of("key", "a"), Map.of("key", "b")));
        podSpec.put("nodeSelector", Map.of("zone", "1", "disk", "ssd"));
        Map<String, Object> out = patched("""
                spec:
                  template:
                    spec:
                      containers:
                      - $patch: replace
                      - {name: only, image: x}
                      tolerations: [{key: c}]
                      nodeSelector: {$patch: replace, zone: "2"}
                """, d, DEPLOYMENTS);
        assertEquals(List.of(Map.of("name", "only", "image", "x")), at(out, "spec", "template", "spec", "containers"));
        assertEquals(List.of(Map.of("key", "c")), at(out, "spec", "template", "spec", "tolerations"));
        assertEquals(Map.of("zone", "2"), at(out, "spec", "template", "spec", "nodeSelector"));
        Map<String, Object> deleted = patched("spec: {template: {spec: {nodeSelector: {$patch: delete}}}}", d, DEPLOYMENTS);
        assertEquals(Map.of(), at(deleted, "spec", "template", "spec", "nodeSelector"));
    }

    @Test
    void retainKeysClearsWhatItDoesNotList() {
        Map<String, Object> d = deployment("shop", "web", 1);
        @SuppressWarnings("unchecked")
        Map<String, Object> spec = (Map<String, Object>) d.get("spec");
        spec.put("strategy", tree(Map.of("type", "RollingUpdate", "rollingUpdate", Map.of("maxSurge", 1L))));
        Map<String, Object> out = patched("spec: {strategy: {$retainKeys: [type], type: Recreate}}", d, DEPLOYMENTS);
        assertEquals(Map.of("type", "Recreate"), at(out, "spec", "strategy"));
        ResourceModifiers.Outcome bad = rules("- conditions: {groupResource: \"*.apps\"}\n  strategicPatches:\n"
                + "  - patchData: 'spec: {strategy: {$retainKeys: [type], rollingUpdate: {maxSurge: 2}}}'\n").apply(DEPLOYMENTS, "ns", d);
        assertTrue(bad.failed() && bad.failure().contains("which its $retainKeys [type] does not keep"), String.valueOf(bad.failure()));
    }

    @Test
    void aListItemWithoutItsMergeKeyFailsTheObjectNamingTheRule() {
        ResourceModifiers.Outcome o = rules("""
                - conditions: {groupResource: deployments.apps}
                  strategicPatches:
                  - patchData: '{"spec": {"replicas": 2}}'
                  - patchData: '{"spec": {"template": {"spec": {"containers": [{"image": "x"}]}}}}'
                """).apply(DEPLOYMENTS, "ns", deployment("ns", "web", 1));
        assertEquals("resource modifier rule 0: strategicPatches[1]: spec.template.spec.containers: every item needs its merge"
                + " key name; {\"image\":\"x\"} has none", o.failure());
    }

    @Test
    void customResourcesAreMergedAsKubectlMergesThemWithAJsonMergePatch() {
        Map<String, Object> widget = tree(Map.of("apiVersion", "example.com/v1", "kind", "Widget",
                "metadata", Map.of("name", "w", "namespace", "ns"),
                "spec", Map.of("containers", List.of(Map.of("name", "a", "image", "1"), Map.of("name", "b", "image", "2")))));
        Map<String, Object> out = patched("spec: {containers: [{name: b, image: '3'}]}", widget, WIDGETS);
        assertEquals(List.of(Map.of("name", "b", "image", "3")), at(out, "spec", "containers"), "no merge keys: the list is replaced");
        ResourceModifiers.Outcome directive = rules("- conditions: {groupResource: widgets.example.com}\n  strategicPatches:\n"
                + "  - patchData: 'spec: {containers: [{name: b, $patch: delete}]}'\n").apply(WIDGETS, "ns", widget);
        assertTrue(directive.failed() && directive.failure().contains("uses the directive $patch (at spec.containers[0])")
                && directive.failure().contains("a custom resource"), String.valueOf(directive.failure()));
    }

    @Test
    void aPatchedFieldTheObjectLacksIsMergedIntoAnEmptyValue() {
        Map<String, Object> bare = tree(Map.of("apiVersion", "apps/v1", "kind", "Deployment",
                "metadata", Map.of("name", "w", "namespace", "ns")));
        Map<String, Object> out = patched("spec: {template: {spec: {containers: [{name: a, image: x}, {name: gone, $patch: delete}]}}}",
                bare, DEPLOYMENTS);
        assertEquals(List.of(Map.of("name", "a", "image", "x")), at(out, "spec", "template", "spec", "containers"));
    }
}
