package io.github.aksbackup.hook;

import io.github.aksbackup.api.hook.BackupHook;
import io.github.aksbackup.api.hook.BackupHookSpec;
import io.github.aksbackup.api.hook.ExecStep;
import io.github.aksbackup.spi.KubeObject;
import java.util.List;

/** The backup hooks of one backup: the pre and post steps of the entries that match each pod. */
final class PodBackupHooks implements BackupHooks {
    static final String PRE = "pre";
    static final String POST = "post";

    private final List<BackupHook> hooks;
    private final StepRunner runner;

    PodBackupHooks(List<BackupHook> hooks, StepRunner runner) {
        this.hooks = List.copyOf(hooks);
        this.runner = runner;
    }

    @Override
    public HookOutcome beforePodVolumes(KubeObject pod) {
        return steps(pod, PRE).run(pod, PRE, runner);
    }

    @Override
    public HookOutcome afterPodVolumes(KubeObject pod, PodVolumes volumes) {
        return steps(pod, POST).run(pod, POST, runner);
    }

    private PodSteps steps(KubeObject pod, String phase) {
        PodSteps steps = new PodSteps();
        for (BackupHook resource : hooks) {
            for (BackupHookSpec entry : resource.hooks()) {
                if (!PodSelection.matches(entry.includedNamespaces(), entry.excludedNamespaces(), entry.labelSelector(), pod)) {
                    continue;
                }
                String hook = resource.namespace() + "/" + resource.name() + "/" + entry.name();
                List<ExecStep> list = phase.equals(PRE) ? entry.preHooks() : entry.postHooks();
                for (int i = 0; i < list.size(); i++) {
                    ExecStep s = list.get(i);
                    steps.add(new PodSteps.Step(hook, i + 1, s.container(), s.command(), s.onError(),
                            container -> runner.exec(hook, phase, pod, container, s.command(), s.timeout())));
                }
            }
        }
        return steps;
    }
}
