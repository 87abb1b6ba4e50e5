package io.github.aksbackup.restore.modifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.aksbackup.api.InvalidInputException;
import io.github.aksbackup.api.ValidationProblem;
import io.github.aksbackup.api.instance.NamespacedName;
import io.github.aksbackup.testkit.InMemoryCluster;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading resource modifier documents: Velero's format, Velero's value rule, and every problem located. */
class RulesReaderTest {

    private static List<String> problems(String yaml) {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> ResourceModifiers.parse(yaml, "rules.yaml"));
        return e.problems().stream().map(ValidationProblem::toString).toList();
    }

    private static void assertProblem(List<String> problems, String location, String text) {
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("rules.yaml " + location + ": ") && p.contains(text)),
                "no problem at " + location + " saying '" + text + "' in\n" + String.join("\n", problems));
    }

    @Test
    void readsVelerosDocumentedExample() {
        ResourceModifiers rules = ResourceModifiers.parse("""
                version: v1
                resourceModifierRules:
                - conditions:
                     groupResource: persistentvolumeclaims
                     resourceNameRegex: "^mysql.*$"
                     namespaces:
                     - bar
                     - foo
                     labelSelector:
                        matchLabels:
                           foo: bar
                  patches:
                  - operation: replace
                    path: "/spec/storageClassName"
                    value: "premium"
                  - operation: remove
                    path: "/metadata/labels/test"
                - conditions:
                    groupResource: pods
                    matches:
                    - path: /metadata/annotations/foo
                      value: bar
                  mergePatches:
                  - patchData: |
                      metadata:
                        annotations:
                          foo: null
                - conditions:
                    groupResource: deployments.apps
                  strategicPatches:
                  - patchData: |
                      {"spec":{"template":{"spec":{"containers":[{"name": "nginx","image": "repo2/nginx"}]}}}}
                """, "rules.yaml");
        assertEquals(3, rules.size());
    }

    @Test
    void reportsEveryProblemWithTheRuleIndexAndTheField() {
        List<String> problems = problems("""
                version: v2
                resourceModifierRules:
                - conditions:
                    groupResource: pods
                  patches:
                  - operation: upsert
                    path: /spec/x
                - conditions:
                    groupResource: pods
                    resourceNameRegex: "web-(["
                  patches:
                  - op: add
                    path: /spec/x
                - conditions:
                    groupResource: pods
                    labelSelector:
                      matchExpressions:
                      - key: app
                        operator: Among
                        values: [a]
                  patches:
                  - operation: replace
                    path: spec/replicas
                    value: "1"
                - conditions:
                    resourceNameRegex: x
                  patches:
                  - operation: move
                    path: /a
                - conditions:
                    groupResource: "{pods"
                  mergePatches:
                  - patchData: "[1, 2]"
                - conditions:
                    groupResource: pods
                  mergePatches:
                  - patchData: "a: 1"
                  patches:
                  - operation: remove
                    path: /a
                    value: "1"
                """);
        assertProblem(problems, "$.version", "'v2' is not a version");
        assertProblem(problems, "$.resourceModifierRules[0].patches[0].operation", "'upsert' is not a JSON Patch operation");
        assertProblem(problems, "$.resourceModifierRules[1].conditions.resourceNameRegex", "not a valid regular expression");
        assertProblem(problems, "$.resourceModifierRules[1].patches[0].op", "call it 'operation'");
        assertProblem(problems, "$.resourceModifierRules[1].patches[0].operation", "is required");
        assertProblem(problems, "$.resourceModifierRules[2].conditions.labelSelector.matchExpressions[0]", "Among");
        assertProblem(problems, "$.resourceModifierRules[2].patches[0].path", "not a JSON pointer");
        assertProblem(problems, "$.resourceModifierRules[3].conditions.groupResource", "is required");
        assertProblem(problems, "$.resourceModifierRules[3].patches[0].from", "is required");
        assertProblem(problems, "$.resourceModifierRules[4].conditions.groupResource", "not a valid glob");
        assertProblem(problems, "$.resourceModifierRules[4].mergePatches[0].patchData", "must hold one object");
        assertProblem(problems, "$.resourceModifierRules[5].patches[0].value", "is not used by remove");
        assertProblem(problems, "$.resourceModifierRules[5]", "more than one of patches, mergePatches and strategicPatches");
    }

    @Test
    void yamlThatDoesNotParseIsNamedWithItsLine() {
        List<String> problems = problems("version: v1\nresourceModifierRules:\n- conditions: [unclosed\n");
        assertProblem(problems, "$", "not valid YAML at line");
    }

    @Test
    void emptyDocumentsRulesWithoutPatchesAndUnknownFieldsAreRefused() {
        assertProblem(problems(""), "$", "empty");
        assertProblem(problems("version: v1\nresourceModifierRules: []\n"), "$.resourceModifierRules", "holds no rule");
        List<String> p = problems("""
                version: v1
                resourceModifierRules:
                - conditions: {groupKind: pods}
                """);
        assertProblem(p, "$.resourceModifierRules[0]", "changes nothing");
        assertProblem(p, "$.resourceModifierRules[0].conditions.groupKind", "renamed it groupResource");
    }

    @Test
    void unsupportedStrategicMergeDirectivesAreRefusedAtInput() {
        List<String> p = problems("""
                version: v1
                resourceModifierRules:
                - conditions: {groupResource: pods}
                  strategicPatches:
                  - patchData: |
                      spec:
                        $setElementOrder/containers: [{name: a}]
                - conditions: {groupResource: pods}
                  strategicPatches:
                  - patchData: |
                      spec:
                        containers: [{name: a, $patch: merge}]
                """);
        assertProblem(p, "$.resourceModifierRules[0].strategicPatches[0].patchData", "$setElementOrder/... is not supported");
        assertProblem(p, "$.resourceModifierRules[1].strategicPatches[0].patchData", "must be replace or delete");
    }

    /** Velero's rule for {@code value}: JSON when it looks like JSON, a string otherwise, quotes force a string. */
    @Test
    void valuesFollowVelerosRule() {
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("premium", "premium");
        expected.put("3", 3L);
        expected.put("\"3\"", "3");
        expected.put("true", true);
        expected.put("\"true\"", "true");
        expected.put("false", false);
        expected.put("null", null);
        expected.put("", "");
        expected.put("1e3", 1000L);
        expected.put("-2.5", new BigDecimal("-2.5"));
        expected.put("[1, \"a\"]", List.of(1L, "a"));
        expected.put("{\"name\": \"nginx\", \"ports\": [{\"containerPort\": 80}]}",
                Map.of("name", "nginx", "ports", List.of(Map.of("containerPort", 80L))));
        expected.put("1_000", "1_000");
        expected.put("-", "-");
        expected.put("say \\\"hi\\\"", "say \"hi\"");
        expected.put("registry.example.com/web:1.2", "registry.example.com/web:1.2");
        expected.forEach((text, value) -> assertTrue(Trees.same(value, JsonPatchOperation.value(text)),
                "'" + text + "' read as " + JsonPatchOperation.value(text)));
    }

    @Test
    void valuesVeleroWouldHandOverAsBrokenJsonAreRefusedAtInput() {
        for (String text : List.of("True", "FALSE", "01", "+1", ".5", "NaN", "Inf", "{name: x}", "[1,", "say \"hi\"", "C:\\path")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> JsonPatchOperation.value(text), text);
            assertTrue(e.getMessage().contains("'" + text + "'"), e.getMessage());
        }
        List<String> p = problems("""
                version: v1
                resourceModifierRules:
                - conditions: {groupResource: deployments.apps}
                  patches:
                  - {operation: replace, path: /spec/replicas, value: 1}
                  - {operation: replace, path: /spec/paused, value: "True"}
                """);
        assertProblem(p, "$.resourceModifierRules[0].patches[0].value", "must be text, found number 1");
        assertProblem(p, "$.resourceModifierRules[0].patches[1].value", "lower case");
    }

    @Test
    void groupResourceGlobsFollowVelero() {
        Glob star = Glob.compile("*", '.');
        assertTrue(star.matches("pods") && !star.matches("deployments.apps"), "* is the core group's resources");
        assertTrue(Glob.compile("*.*", '.').matches("deployments.apps"));
        assertTrue(Glob.compile("*.apps", '.').matches("statefulsets.apps"));
        assertTrue(!Glob.compile("*.apps", '.').matches("ingresses.networking.k8s.io"));
        assertTrue(Glob.compile("**", '.').matches("ingresses.networking.k8s.io"));
        Glob alternatives = Glob.compile("{pods,services}", '.');
        assertTrue(alternatives.matches("pods") && alternatives.matches("services") && !alternatives.matches("secrets"));
        assertTrue(Glob.compile("prod-[0-9]", (char) 0).matches("prod-7"));
        assertTrue(Glob.compile("team-*", (char) 0).matches("team-a.b"), "namespaces have no separator");
        for (String bad : List.of("[abc", "{a,b", "a}", "x\\", "[z-a]")) {
            assertThrows(IllegalArgumentException.class, () -> Glob.compile(bad, '.'), bad);
        }
    }

    @Test
    void loadsTheOneDataKeyOfTheReferencedConfigMap() {
        InMemoryCluster cluster = new InMemoryCluster();
        cluster.add(Map.of("apiVersion", "v1", "kind", "Namespace", "metadata", Map.of("name", "velero")));
        cluster.add(configMap("velero", "mods", Map.of("anything.yaml",
                "version: v1\nresourceModifierRules:\n- conditions: {groupResource: pods}\n  mergePatches: [{patchData: '{}'}]\n")));
        cluster.add(configMap("velero", "two", Map.of("a", "x", "b", "y")));
        assertEquals(1, ResourceModifiers.load(cluster, new NamespacedName("mods", "velero")).size());
        assertEquals(ResourceModifiers.NONE, ResourceModifiers.load(cluster, null));

        InvalidInputException missing = assertThrows(InvalidInputException.class,
                () -> ResourceModifiers.load(cluster, new NamespacedName("nope", "velero")));
        assertEquals("resourceModifierReference", missing.problems().get(0).path());
        assertTrue(missing.getMessage().contains("ConfigMap velero/nope does not exist"), missing.getMessage());
        InvalidInputException two = assertThrows(InvalidInputException.class,
                () -> ResourceModifiers.load(cluster, new NamespacedName("two", "velero")));
        assertTrue(two.getMessage().contains("holds 2 data keys"), two.getMessage());

        cluster.add(configMap("velero", "bad", Map.of("rules", "version: v1\nresourceModifierRules:\n- conditions: {}\n")));
        InvalidInputException bad = assertThrows(InvalidInputException.class,
                () -> ResourceModifiers.load(cluster, new NamespacedName("bad", "velero")));
        assertTrue(bad.problems().stream().anyMatch(p -> p.path().equals(
                "ConfigMap velero/bad data.rules $.resourceModifierRules[0].conditions.groupResource")), bad.getMessage());
    }

    @Test
    void readsALocalFileAndNamesItWhenItCannotBeRead(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("rules.yaml");
        Files.writeString(file, "version: v1\nresourceModifierRules:\n- conditions: {groupResource: pods}\n"
                + "  patches: [{operation: remove, path: /metadata/labels/x}]\n");
        assertEquals(1, ResourceModifiers.read(file).size());
        assertEquals(dir.resolve("missing.yaml") + ": no such file", assertThrows(InvalidInputException.class,
                () -> ResourceModifiers.read(dir.resolve("missing.yaml"))).getMessage());
        assertTrue(assertThrows(InvalidInputException.class, () -> ResourceModifiers.read(dir)).getMessage().contains("is a directory"));
        Files.write(file, new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1});
        assertTrue(assertThrows(InvalidInputException.class, () -> ResourceModifiers.read(file)).getMessage().contains("not UTF-8"));
    }

    @Test
    void rulesComeFromTheReferenceOrFromTheCallerNeverBoth() {
        InMemoryCluster cluster = new InMemoryCluster();
        ResourceModifiers given = ResourceModifiers.parse(
                "version: v1\nresourceModifierRules:\n- conditions: {groupResource: pods}\n  mergePatches: [{patchData: '{}'}]\n",
                "local.yaml");
        assertEquals(given, ResourceModifiers.forRestore(cluster, null, given));
        InvalidInputException both = assertThrows(InvalidInputException.class,
                () -> ResourceModifiers.forRestore(cluster, new NamespacedName("mods", "velero"), given));
        assertTrue(both.getMessage().contains("local.yaml"), both.getMessage());
    }

    static Map<String, Object> configMap(String ns, String name, Map<String, String> data) {
        return new LinkedHashMap<>(Map.of("apiVersion", "v1", "kind", "ConfigMap",
                "metadata", Map.of("name", name, "namespace", ns), "data", data));
    }
}
