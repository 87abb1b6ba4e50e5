package io.github.aksbackup.hook;

import io.github.aksbackup.api.hook.OnError;
import io.github.aksbackup.api.job.HookStepResult;
import io.github.aksbackup.spi.KubeObject;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The steps one pod runs at one point (before or after its volumes, after its restore), in order,
 * with the onError rule: a failed {@code Fail} step stops the rest and fails the pod, a failed
 * {@code Continue} step is a warning.
 */
final class PodSteps {
    /** One step: which hook entry it belongs to, its position, and how it runs in a given container. */
    record Step(String hook, int number, String container, List<String> command, OnError onError,
            Function<String, HookStepResult> run) {
    }

    private final List<Step> steps = new ArrayList<>();

    void add(Step step) {
        steps.add(step);
    }

    /** Runs the steps in the pod; {@code phase} names the point in messages. */
    HookOutcome run(KubeObject pod, String phase, StepRunner runner) {
        if (steps.isEmpty()) {
            return HookOutcome.NOTHING;
        }
        String finished = PodSelection.finishedPhase(pod);
        if (finished != null) {
            return new HookOutcome(List.of(), false, null, List.of(phase + " hooks skipped for pod " + pod.qualifiedName()
                    + ": it has " + finished + " and can run no command"));
        }
        List<HookStepResult> results = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        for (Step step : steps) {
            HookStepResult result;
            String container = step.container();
            try {
                container = StepRunner.container(pod, step.container());
                result = step.run().apply(container);
            } catch (IllegalArgumentException e) {
                result = runner.notRun(step.hook(), phase, pod, container, step.command(), e.getMessage());
            }
            results.add(result);
            if (StepRunner.SUCCEEDED.equals(result.outcome())) {
                continue;
            }
            String what = phase + " hook " + step.hook() + " step " + step.number() + " " + HookFields.quoted(step.command())
                    + " in pod " + pod.qualifiedName() + (result.container() == null ? "" : " container " + result.container())
                    + " " + result.outcome() + ": " + result.message();
            if (step.onError() == OnError.Fail) {
                int skipped = steps.size() - results.size();
                return new HookOutcome(results, true, what + (skipped == 0 ? "" : "; " + skipped + " later step"
                        + (skipped == 1 ? "" : "s") + " not run"), warnings);
            }
            warnings.add(what + " (onError Continue)");
        }
        return new HookOutcome(results, false, null, warnings);
    }
}
