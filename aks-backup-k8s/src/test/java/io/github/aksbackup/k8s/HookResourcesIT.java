package io.github.aksbackup.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.aksbackup.api.ConflictException;
import io.github.aksbackup.api.InvalidInputException;
import io.github.aksbackup.api.ValidationProblem;
import io.github.aksbackup.api.hook.BackupHook;
import io.github.aksbackup.api.hook.ExecStep;
import io.github.aksbackup.api.hook.OnError;
import io.github.aksbackup.api.hook.RestoreExecStep;
import io.github.aksbackup.api.hook.RestoreHook;
import io.github.aksbackup.api.instance.NamespacedName;
import io.github.aksbackup.hook.HookResources;
import io.github.aksbackup.spi.KubeObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The hook custom resources on a real API server: the CRDs {@link HookResources} ships are accepted
 * and served, and hooks created there in both of Azure's forms are read back by reference.
 */
class HookResourcesIT {
    private static KubernetesClusterClient client;
    private static String ns;

    @BeforeAll
    static void installCrds() {
        client = TestCluster.client();
        for (Map<String, Object> crd : HookResources.customResourceDefinitions()) {
            try {
                client.create(TestCluster.CRDS, new KubeObject(JsonTrees.parseObject(JsonTrees.write(crd))));
            } catch (ConflictException installedByAnEarlierRun) {
                // the server outlives test runs; the definition is the same
            }
            Crds.awaitEstablished(client, (String) ((Map<?, ?>) crd.get("metadata")).get("name"), Duration.ofSeconds(60));
        }
        ns = TestCluster.newNamespace(client, "hooks");
    }

    private static NamespacedName create(String kind, String name, Map<String, Object> spec) {
        KubeObject o = TestCluster.object(BackupHook.API_VERSION, kind, ns, name, Map.of());
        o.content().put("spec", spec);
        client.create(kind.equals("BackupHook") ? HookResources.BACKUP_HOOK_TYPE : HookResources.RESTORE_HOOK_TYPE, o);
        return new NamespacedName(name, ns);
    }

    @Test
    void readsBackupHooksInBothFormsByReference() {
        NamespacedName list = create("BackupHook", "listed", Map.of("backupHook", List.of(Map.of(
                "name", "pg",
                "includedNamespaces", List.of("db"),
                "labelSelector", Map.of("matchLabels", Map.of("app", "postgres")),
                "preHooks", List.of(Map.of("exec", Map.of("command", List.of("/sbin/fsfreeze", "--freeze", "/data"),
                        "container", "postgres", "timeout", "1m"))),
                "postHooks", List.of(Map.of("exec", Map.of("command", List.of("/sbin/fsfreeze", "--unfreeze", "/data"),
                        "onError", "Continue")))))));
        NamespacedName single = create("BackupHook", "single", Map.of(
                "labelSelector", "app in (web, api)",
                "preHooks", List.of(Map.of("exec", Map.of("command", List.of("sync"))))));

        List<BackupHook> hooks = HookResources.backupHooks(client, List.of(single, list));
        assertEquals(List.of("single", "listed"), hooks.stream().map(BackupHook::name).toList());
        assertEquals("single", hooks.get(0).hooks().get(0).name());
        assertEquals("app in (web,api)", hooks.get(0).hooks().get(0).labelSelector().toString());
        assertEquals(new ExecStep("postgres", List.of("/sbin/fsfreeze", "--freeze", "/data"), OnError.Fail, Duration.ofMinutes(1)),
                hooks.get(1).hooks().get(0).preHooks().get(0));
        ExecStep post = hooks.get(1).hooks().get(0).postHooks().get(0);
        assertNull(post.container());
        assertEquals(OnError.Continue, post.onError());
        assertEquals(Duration.ofSeconds(30), post.timeout());
    }

    @Test
    void readsRestoreHooksAndNamesMissingAndInvalidOnes() {
        NamespacedName warm = create("RestoreHook", "warm", Map.of("restoreHook", List.of(Map.of(
                "name", "cache",
                "postHooks", List.of(Map.of("exec", Map.of("command", List.of("/app/warm"), "waitTimeout", "10m")))))));
        NamespacedName bad = create("RestoreHook", "bad", Map.of("postHooks", List.of(Map.of("exec", Map.of(
                "command", List.of("/app/warm"), "timeout", "10s")))));
        List<RestoreHook> hooks = HookResources.restoreHooks(client, List.of(warm));
        assertEquals(new RestoreExecStep(null, List.of("/app/warm"), OnError.Continue, Duration.ofSeconds(30), Duration.ofMinutes(10)),
                hooks.get(0).hooks().get(0).postHooks().get(0));

        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> HookResources.restoreHooks(client, List.of(warm, new NamespacedName("absent", ns), bad)));
        List<String> problems = e.problems().stream().map(ValidationProblem::toString).toList();
        assertEquals(2, problems.size(), problems.toString());
        assertEquals("restoreHookReferences[1]: RestoreHook " + ns + "/absent does not exist in " + client.describe()
                + "; create it first (is the restorehooks.clusterbackup.dataprotection.microsoft.com custom resource definition "
                + "installed?) or correct the reference", problems.get(0));
        assertEquals("RestoreHook " + ns + "/bad spec.postHooks[0].exec.timeout: unknown field 'timeout': restore hooks use "
                + "'execTimeout' (how long the command may run) and 'waitTimeout' (how long to wait for the container to be ready)",
                problems.get(1));
    }
}
