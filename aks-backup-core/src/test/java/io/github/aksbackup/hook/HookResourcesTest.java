package io.github.aksbackup.hook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.aksbackup.api.InvalidInputException;
import io.github.aksbackup.api.ValidationProblem;
import io.github.aksbackup.api.hook.BackupHook;
import io.github.aksbackup.api.hook.BackupHookSpec;
import io.github.aksbackup.api.hook.ExecStep;
import io.github.aksbackup.api.hook.OnError;
import io.github.aksbackup.api.hook.RestoreExecStep;
import io.github.aksbackup.api.hook.RestoreHook;
import io.github.aksbackup.api.hook.RestoreHookSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HookResourcesTest {

    /** The list form, as Azure's documentation shows it (with its empty fields). */
    static final String BACKUP_LIST_FORM = """
            apiVersion: clusterbackup.dataprotection.microsoft.com/v1alpha1
            kind: BackupHook
            metadata:
              name: bkphookname0
              namespace: default
            spec:
              backupHook:
              - name: hook1
                includedNamespaces:
                - hrweb
                excludedNamespaces:
                labelSelector:
                preHooks:
                  - exec:
                      container: webcontainer
                      command:
                        - /bin/uname
                        - -a
                      onError: Continue
                      timeout: 10s
                  - exec:
                      command:
                        - /bin/bash
                        - -c
                        - echo hello > hello.txt && echo goodbye > goodbye.txt
                postHooks:
                  - exec:
                      container: webcontainer
                      command: ["/bin/uname", "-a"]
                      onError: Fail
                      timeout: 1h30m
            """;

    static final String RESTORE_LIST_FORM = """
            apiVersion: clusterbackup.dataprotection.microsoft.com/v1alpha1
            kind: RestoreHook
            metadata:
              name: restorehookname0
              namespace: hooks
            spec:
              restoreHook:
                - name: myhook-1
                  includedNamespaces:
                  excludedNamespaces: [kube-system]
                  labelSelector:
                    matchLabels:
                      app: db
                    matchExpressions:
                      - {key: tier, operator: In, values: [backend, cache]}
                  postHooks:
                    - exec:
                        command: ["/bin/sh", "-c", "echo restored"]
                    - exec:
                        container: sidecar
                        command: ["/bin/true"]
                        onError: Fail
                        execTimeout: 45s
                        waitTimeout: 10m
            """;

    @Test
    void readsBackupHookListFormWithEveryDefault() {
        HookDocuments docs = HookResources.parse(BACKUP_LIST_FORM, "hooks.yaml");
        assertEquals(1, docs.backupHooks().size());
        BackupHook hook = docs.backupHooks().get(0);
        assertEquals("bkphookname0", hook.name());
        assertEquals("default", hook.namespace());
        BackupHookSpec spec = hook.hooks().get(0);
        assertEquals("hook1", spec.name());
        assertEquals(List.of("hrweb"), spec.includedNamespaces());
        assertEquals(List.of(), spec.excludedNamespaces());
        assertNull(spec.labelSelector());
        ExecStep explicit = spec.preHooks().get(0);
        assertEquals(new ExecStep("webcontainer", List.of("/bin/uname", "-a"), OnError.Continue, Duration.ofSeconds(10)), explicit);
        ExecStep defaults = spec.preHooks().get(1);
        assertNull(defaults.container(), "container defaults to the pod's first container");
        assertEquals(OnError.Fail, defaults.onError());
        assertEquals(Duration.ofSeconds(30), defaults.timeout());
        assertEquals(List.of("/bin/bash", "-c", "echo hello > hello.txt && echo goodbye > goodbye.txt"), defaults.command());
        assertTrue(docs.isDefault(defaults, "onError") && docs.isDefault(defaults, "timeout") && docs.isDefault(defaults, "container"));
        assertTrue(!docs.isDefault(explicit, "onError") && !docs.isDefault(explicit, "timeout"));
        assertEquals(Duration.ofMinutes(90), spec.postHooks().get(0).timeout());
    }

    @Test
    void readsRestoreHookListFormWithEveryDefault() {
        RestoreHook hook = HookResources.parse(RESTORE_LIST_FORM, "r.yaml").restoreHooks().get(0);
        assertEquals("hooks", hook.namespace());
        RestoreHookSpec spec = hook.hooks().get(0);
        assertEquals(List.of(), spec.includedNamespaces());
        assertEquals(List.of("kube-system"), spec.excludedNamespaces());
        assertTrue(spec.labelSelector().matches(Map.of("app", "db", "tier", "cache")));
        assertTrue(!spec.labelSelector().matches(Map.of("app", "db", "tier", "front")));
        RestoreExecStep defaults = spec.postHooks().get(0);
        assertNull(defaults.container());
        assertEquals(OnError.Continue, defaults.onError());
        assertEquals(Duration.ofSeconds(30), defaults.execTimeout());
        assertEquals(Duration.ofMinutes(5), defaults.waitTimeout());
        assertEquals(new RestoreExecStep("sidecar", List.of("/bin/true"), OnError.Fail, Duration.ofSeconds(45), Duration.ofMinutes(10)),
                spec.postHooks().get(1));
    }

    @Test
    void readsTheSingleHookFormDirectlyUnderSpec() {
        HookDocuments docs = HookResources.parse("""
                apiVersion: clusterbackup.dataprotection.microsoft.com/v1alpha1
                kind: BackupHook
                metadata: {name: freeze-db, namespace: ops}
                spec:
                  includedNamespaces: [db]
                  labelSelector: app=postgres,tier in (primary)
                  preHooks:
                    - exec: {command: [/sbin/fsfreeze, --freeze, /var/lib/postgresql]}
                  postHooks:
                    - exec: {command: [/sbin/fsfreeze, --unfreeze, /var/lib/postgresql], onError: Continue}
                ---
                apiVersion: clusterbackup.dataprotection.microsoft.com/v1alpha1
                kind: RestoreHook
                metadata: {name: warm, namespace: ops}
                spec:
                  name: warm-cache
                  postHooks:
                    - exec: {command: [/app/warm]}
                """, "single.yaml");
        BackupHookSpec spec = docs.backupHooks().get(0).hooks().get(0);
        assertEquals("freeze-db", spec.name(), "the single form takes the resource's name");
        assertEquals("app=postgres,tier in (primary)", spec.labelSelector().toString());
        assertEquals(OnError.Fail, spec.preHooks().get(0).onError());
        assertEquals(OnError.Continue, spec.postHooks().get(0).onError());
        assertEquals("warm-cache", docs.restoreHooks().get(0).hooks().get(0).name());
    }

    @Test
    void readsJsonAndKubectlLists() {
        HookDocuments docs = HookResources.parse("""
                {"apiVersion": "v1", "kind": "List", "items": [
                  {"apiVersion": "clusterbackup.dataprotection.microsoft.com/v1alpha1", "kind": "BackupHook",
                   "metadata": {"name": "a", "namespace": "x", "uid": "123", "resourceVersion": "7"},
                   "spec": {"backupHook": [{"name": "h", "labelSelector": {"matchLabels": {"app": "web"}},
                     "preHooks": [{"exec": {"command": ["sync"], "timeout": "1m30s"}}]}]}},
                  {"apiVersion": "clusterbackup.dataprotection.microsoft.com/v1alpha1", "kind": "RestoreHook",
                   "metadata": {"name": "b"},
                   "spec": {"restoreHook": [{"name": "r", "postHooks": [{"exec": {"command": ["true"], "waitTimeout": "2m"}}]}]}}
                ]}""", "list.json");
        assertEquals(Duration.ofSeconds(90), docs.backupHooks().get(0).hooks().get(0).preHooks().get(0).timeout());
        assertEquals("default", docs.restoreHooks().get(0).namespace(), "namespace defaults to default, as kubectl does");
        assertEquals(Duration.ofMinutes(2), docs.restoreHooks().get(0).hooks().get(0).postHooks().get(0).waitTimeout());
    }

    @Test
    void reportsEveryProblemWithFileLineAndPath() {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> HookResources.parse("""
                apiVersion: clusterbackup.dataprotection.microsoft.com/v1alpha1
                kind: BackupHook
                metadata:
                  name: bad
                spec:
                  backupHook:
                  - name: h1
                    includedNamespace: [db]
                    labelSelector: "app in (a,b"
                    preHooks:
                    - exec:
                        command: []
                        onError: Ignore
                        timout: 10s
                    - exec:
                        command: [sync]
                        timeout: 10x
                    postHooks:
                    - exec:
                        command: "fsfreeze --unfreeze /data"
                        execTimeout: 5s
                """, "bad.yaml"));
        List<String> lines = e.problems().stream().map(ValidationProblem::toString).toList();
        assertEquals(List.of(
                "bad.yaml:8 spec.backupHook[0].includedNamespace: unknown field 'includedNamespace'; did you mean 'includedNamespaces'?",
                "bad.yaml:9 spec.backupHook[0].labelSelector: selector 'app in (a,b' column 12: expected ')' to close the value list",
                "bad.yaml:14 spec.backupHook[0].preHooks[0].exec.timout: unknown field 'timout'; did you mean 'timeout'?",
                "bad.yaml:12 spec.backupHook[0].preHooks[0].exec.command: command is empty; give the program and its arguments, such as [\"/bin/sync\"]",
                "bad.yaml:13 spec.backupHook[0].preHooks[0].exec.onError: onError 'Ignore' is not one of Continue, Fail",
                "bad.yaml:17 spec.backupHook[0].preHooks[1].exec.timeout: '10x' is not a duration; expected numbers with units ns, us, ms, s, m or h, such as 30s, 5m or 1h30m",
                "bad.yaml:21 spec.backupHook[0].postHooks[0].exec.execTimeout: unknown field 'execTimeout': backup hooks use 'timeout'; 'execTimeout' and 'waitTimeout' belong to restore hooks",
                "bad.yaml:20 spec.backupHook[0].postHooks[0].exec.command: command must be a list of the program and its arguments, such as [\"fsfreeze\", \"--unfreeze\", \"/data\"]; it is run directly, not through a shell"),
                lines);
    }

    @Test
    void explainsDurationsThatAreNotGoDurations() {
        assertEquals(List.of(
                "d.yaml:8 spec.postHooks[0].exec.execTimeout: 'PT30S' is an ISO 8601 duration; hook resources use durations such as 30s, 5m or 1h30m (here: 30s)",
                "d.yaml:9 spec.postHooks[0].exec.waitTimeout: waitTimeout 300 has no unit; write it with one, such as 300s or 300m",
                "d.yaml:11 spec.postHooks[1].exec.timeout: unknown field 'timeout': restore hooks use 'execTimeout' (how long the command may run) and 'waitTimeout' (how long to wait for the container to be ready)",
                "d.yaml:10 spec.postHooks[1].exec.execTimeout: execTimeout must be positive; leave it out for the default"),
                problems("""
                apiVersion: clusterbackup.dataprotection.microsoft.com/v1alpha1
                kind: RestoreHook
                metadata: {name: r}
                spec:
                  postHooks:
                  - exec:
                      command: [a]
                      execTimeout: PT30S
                      waitTimeout: 300
                  - exec: {command: [b], execTimeout: 0s,
                      timeout: 1s}
                """, "d.yaml"));
    }

    @Test
    void reportsStructuralMistakes() {
        assertEquals(List.of(
                "s.yaml:2 kind: kind 'BackupHooks' is not BackupHook or RestoreHook; did you mean 'BackupHook'?",
                "s.yaml:6 apiVersion: apiVersion 'v1' is not clusterbackup.dataprotection.microsoft.com/v1alpha1",
                "s.yaml:7 metadata.name: required field 'name' is missing",
                "s.yaml:11 spec.preHooks: 'preHooks' cannot be combined with 'backupHook': either list hooks under spec.backupHook or give one hook's fields directly under spec",
                "s.yaml:10 spec.backupHook[0].name: required field 'name' is missing; every hook needs a name",
                "s.yaml:17 spec.restoreHook: unknown field 'restoreHook': 'restoreHook' belongs in a RestoreHook resource; this one is a BackupHook and lists its hooks under 'backupHook'",
                "s.yaml:19 spec.postHooks[0]: put the step's fields under 'exec:' (- exec: {command: [...]})",
                "s.yaml:24 spec: no hooks: expected a list under spec.restoreHook, or one hook's fields (postHooks) directly under spec"),
                problems("""
                apiVersion: clusterbackup.dataprotection.microsoft.com/v1alpha1
                kind: BackupHooks
                spec: {}
                ---
                kind: BackupHook
                apiVersion: v1
                metadata:
                  namespace: x
                spec:
                  backupHook: [{preHooks: [{exec: {command: [a]}}]}]
                  preHooks: []
                ---
                apiVersion: clusterbackup.dataprotection.microsoft.com/v1alpha1
                kind: BackupHook
                metadata: {name: y}
                spec:
                  restoreHook: []
                  postHooks:
                  - command: [sync]
                ---
                apiVersion: clusterbackup.dataprotection.microsoft.com/v1alpha1
                kind: RestoreHook
                metadata: {name: z}
                spec: {}
                """, "s.yaml"));
    }

    @Test
    void reportsSelectorAndNamespaceProblems() {
        assertEquals(List.of(
                "l.yaml:7 spec.includedNamespaces[0]: 'Prod' is not a namespace name (lowercase letters, digits and '-', at most 63 characters) or '*'",
                "l.yaml:9 spec.labelSelector.matchLabel: unknown field 'matchLabel'; did you mean 'matchLabels'?",
                "l.yaml:10 spec.labelSelector.matchExpressions[0]: matchExpressions operator 'Equals' is not one of In, NotIn, Exists, DoesNotExist",
                "l.yaml:11 spec.labelSelector.matchExpressions[1].values[0]: expected a string, found the number 1; write it in quotes: \"1\""),
                problems("""
                apiVersion: clusterbackup.dataprotection.microsoft.com/v1alpha1
                kind: BackupHook
                metadata:
                  name: l
                  namespace: ops
                spec:
                  includedNamespaces: [Prod]
                  labelSelector:
                    matchLabel: {app: x}
                    matchExpressions: [{key: app, operator: Equals, values: [x]},
                      {key: tier, operator: In, values: [1]}]
                  preHooks: [{exec: {command: [a]}}]
                """, "l.yaml"));
    }

    @Test
    void reportsYamlSyntaxErrorsAndDuplicateKeysAndEmptyFiles() {
        List<String> syntax = problems("kind: BackupHook\nspec: [a\n", "y.yaml");
        assertEquals(1, syntax.size());
        assertEquals("y.yaml:3:1: YAML syntax error: expected ',' or ']', but got <stream end> (while parsing a flow sequence)", syntax.get(0));
        assertEquals(List.of("d.yaml:5 spec.preHooks: duplicate key 'preHooks' (first on line 4); the later one would silently win"),
                problems("""
                        apiVersion: clusterbackup.dataprotection.microsoft.com/v1alpha1
                        kind: BackupHook
                        spec:
                          preHooks: [{exec: {command: [a]}}]
                          preHooks: [{exec: {command: [b]}}]
                        metadata: {name: d}
                        """, "d.yaml"));
        assertEquals(List.of("e.yaml: no BackupHook or RestoreHook resource found"), problems("# nothing\n", "e.yaml"));
    }

    @Test
    void readsWindowsFilesWithByteOrderMarkAndCrLf() {
        String windows = "\uFEFF" + BACKUP_LIST_FORM.replace("\n", "\r\n");
        assertEquals(HookResources.parse(BACKUP_LIST_FORM, "a").backupHooks(), HookResources.parse(windows, "b").backupHooks());
        String json = "\uFEFF{\"apiVersion\": \"clusterbackup.dataprotection.microsoft.com/v1alpha1\", \"kind\": \"BackupHook\",\r\n"
                + "\t\"metadata\": {\"name\": \"j\"}, \"spec\": {\"preHooks\": [{\"exec\": {\"command\": [\"sync\"]}}]}}";
        assertEquals("j", HookResources.parse(json, "j.json").backupHooks().get(0).name());
    }

    @Test
    void readsFilesAndNamesMissingOnes(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("hooks.yaml");
        Files.writeString(file, BACKUP_LIST_FORM + "---\n" + RESTORE_LIST_FORM);
        HookDocuments docs = HookResources.read(file);
        assertEquals(1, docs.backupHooks().size());
        assertEquals(1, docs.restoreHooks().size());
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> HookResources.read(dir.resolve("nope.yaml")));
        assertTrue(e.getMessage().endsWith("nope.yaml: no such file"), e.getMessage());
    }

    @Test
    void summarizesStepsWithEffectiveDefaults() {
        HookDocuments docs = HookResources.parse(BACKUP_LIST_FORM + "---\n" + RESTORE_LIST_FORM, "hooks.yaml");
        assertEquals(List.of(
                "BackupHook default/bkphookname0 (hooks.yaml:1)",
                "  hook hook1: pods in namespace hrweb, any labels",
                "    pre 1: [\"/bin/uname\", \"-a\"] in container webcontainer, onError Continue, timeout 10s",
                "    pre 2: [\"/bin/bash\", \"-c\", \"echo hello > hello.txt && echo goodbye > goodbye.txt\"] in the pod's first container (default), onError Fail (default), timeout 30s (default)",
                "    post 1: [\"/bin/uname\", \"-a\"] in container webcontainer, onError Fail, timeout 1h30m",
                "RestoreHook hooks/restorehookname0 (hooks.yaml:33)",
                "  hook myhook-1: restored pods in all namespaces except kube-system, labels app=db,tier in (backend,cache)",
                "    post 1: [\"/bin/sh\", \"-c\", \"echo restored\"] in the pod's first container (default), onError Continue (default), waitTimeout 5m (default), execTimeout 30s (default)",
                "    post 2: [\"/bin/true\"] in container sidecar, onError Fail, waitTimeout 10m, execTimeout 45s",
                "1 BackupHook (1 hook, 3 steps), 1 RestoreHook (1 hook, 2 steps)"),
                docs.summary());
    }

    private static List<String> problems(String text, String source) {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> HookResources.parse(text, source));
        return e.problems().stream().map(ValidationProblem::toString).toList();
    }
}
