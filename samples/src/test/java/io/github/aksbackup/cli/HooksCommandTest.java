package io.github.aksbackup.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HooksCommandTest {
    @TempDir
    Path dir;

    @Test
    void validatePrintsTheHooksWithEffectiveDefaults() throws Exception {
        Path file = dir.resolve("hooks.yaml");
        Files.writeString(file, """
                apiVersion: clusterbackup.dataprotection.microsoft.com/v1alpha1
                kind: BackupHook
                metadata: {name: freeze, namespace: ops}
                spec:
                  includedNamespaces: [db]
                  labelSelector: {matchLabels: {app: postgres}}
                  preHooks:
                  - exec: {command: [/sbin/fsfreeze, --freeze, /data], container: pg}
                  postHooks:
                  - exec: {command: [/sbin/fsfreeze, --unfreeze, /data], container: pg, onError: Continue, timeout: 1m}
                """);
        CliRun r = run("hooks", "validate", file.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals("""
                BackupHook ops/freeze (hooks.yaml:1)
                  hook freeze: pods in namespace db, labels app=postgres
                    pre 1: ["/sbin/fsfreeze", "--freeze", "/data"] in container pg, onError Fail (default), timeout 30s (default)
                    post 1: ["/sbin/fsfreeze", "--unfreeze", "/data"] in container pg, onError Continue, timeout 1m
                1 BackupHook (1 hook, 2 steps), 0 RestoreHooks (0 hooks, 0 steps)
                """, r.out());
        assertEquals("", r.err());
    }

    @Test
    void validateExitsTwoWithOneLinePerProblem() throws Exception {
        Path file = dir.resolve("bad.yaml");
        Files.writeString(file, """
                apiVersion: clusterbackup.dataprotection.microsoft.com/v1alpha1
                kind: RestoreHook
                metadata: {name: r}
                spec:
                  restoreHook:
                  - name: a
                    postHooks:
                    - exec: {command: [], onError: fail, waitTimeout: 5 m}
                """);
        CliRun r = run("hooks", "validate", file.toString());
        assertEquals(2, r.code());
        assertEquals("", r.out());
        assertEquals("""
                bad.yaml:8 spec.restoreHook[0].postHooks[0].exec.command: command is empty; give the program and its arguments, such as ["/bin/sync"]
                bad.yaml:8 spec.restoreHook[0].postHooks[0].exec.onError: onError 'fail' is not one of Continue, Fail; did you mean 'Fail'?
                bad.yaml:8 spec.restoreHook[0].postHooks[0].exec.waitTimeout: '5 m' is not a duration; expected numbers with units ns, us, ms, s, m or h, such as 30s, 5m or 1h30m
                """, r.err());
    }

    @Test
    void validateOfAMissingFileExitsTwo() {
        CliRun r = run("hooks", "validate", dir.resolve("none.yaml").toString());
        assertEquals(2, r.code());
        assertEquals(dir.resolve("none.yaml") + ": no such file\n", r.err());
    }

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }
}
