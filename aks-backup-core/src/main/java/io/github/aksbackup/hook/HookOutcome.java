package io.github.aksbackup.hook;

import io.github.aksbackup.api.job.HookStepResult;
import java.util.List;
import java.util.Objects;

/**
 * What running the hooks of one pod at one point did: the steps run (recorded in the job as they
 * are), whether a step with {@code onError: Fail} failed, and warnings (for example a failed step
 * with {@code onError: Continue}) that the job lists.
 *
 * @param steps every step run, in order
 * @param failed true when a step whose {@code onError} is {@code Fail} failed
 * @param message why it failed, naming hook and step ({@code null} unless {@code failed})
 * @param warnings warnings for the job
 */
public record HookOutcome(List<HookStepResult> steps, boolean failed, String message, List<String> warnings) {
    /** No hook matched: nothing ran. */
    public static final HookOutcome NOTHING = new HookOutcome(List.of(), false, null, List.of());

    public HookOutcome {
        steps = List.copyOf(Objects.requireNonNull(steps, "steps"));
        warnings = List.copyOf(Objects.requireNonNull(warnings, "warnings"));
        if (failed && message == null) {
            throw new IllegalArgumentException("a failed hook outcome needs a message");
        }
    }
}
