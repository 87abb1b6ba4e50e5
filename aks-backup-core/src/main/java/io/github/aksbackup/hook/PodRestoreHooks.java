package io.github.aksbackup.hook;

import io.github.aksbackup.api.hook.RestoreExecStep;
import io.github.aksbackup.api.hook.RestoreHook;
import io.github.aksbackup.api.hook.RestoreHookSpec;
import io.github.aksbackup.api.job.HookStepResult;
import io.github.aksbackup.spi.KubeObject;
import java.util.List;

/**
 * The restore hooks of one restore: for each pod it created, the steps of the entries that match
 * the pod in its restored namespace, each after waiting for its container to be ready.
 */
final class PodRestoreHooks implements RestoreHooks {
    static final String PHASE = "restore";

    private final List<RestoreHook> hooks;
    private final StepRunner runner;

    PodRestoreHooks(List<RestoreHook> hooks, StepRunner runner) {
        this.hooks = List.copyOf(hooks);
        this.runner = runner;
    }

    /**
     * Entries select by the namespace the pod was restored into, which Azure describes as the
     * "restored namespaces where this hook will be executed"; {@code sourceNamespace} does not count.
     */
    @Override
    public HookOutcome afterPodRestored(KubeObject pod, String sourceNamespace) {
        PodSteps steps = new PodSteps();
        for (RestoreHook resource : hooks) {
            for (RestoreHookSpec entry : resource.hooks()) {
                if (!PodSelection.matches(entry.includedNamespaces(), entry.excludedNamespaces(), entry.labelSelector(), pod)) {
                    continue;
                }
                String hook = resource.namespace() + "/" + resource.name() + "/" + entry.name();
                List<RestoreExecStep> list = entry.postHooks();
                for (int i = 0; i < list.size(); i++) {
                    RestoreExecStep s = list.get(i);
                    steps.add(new PodSteps.Step(hook, i + 1, s.container(), s.command(), s.onError(),
                            container -> waitThenExec(hook, pod, container, s)));
                }
            }
        }
        return steps.run(pod, PHASE, runner);
    }

    private HookStepResult waitThenExec(String hook, KubeObject pod, String container, RestoreExecStep s) {
        HookStepResult notReady = runner.awaitReady(hook, PHASE, pod, container, s.command(), s.waitTimeout());
        return notReady != null ? notReady : runner.exec(hook, PHASE, pod, container, s.command(), s.execTimeout());
    }
}
