package io.github.aksbackup.api.job;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The record of one hook command run in a pod: which hook and phase, where it ran, the command,
 * its exit code ({@code null} when it did not finish), how long it took, its output truncated to a
 * few KB, and the outcome.
 *
 * @param hook {@code namespace/resource/entry} of the hook
 * @param phase {@code pre}, {@code post} or {@code restore}
 * @param pod {@code namespace/name} of the pod
 * @param container container the command ran in
 * @param command the command
 * @param exitCode exit code, or {@code null} when the command timed out or could not start
 * @param duration how long it ran
 * @param stdout standard output, truncated
 * @param stderr standard error, truncated
 * @param outcome {@code Succeeded}, {@code Failed}, {@code TimedOut} or {@code NotReady}
 * @param message detail for failures, or {@code null}
 */
public record HookStepResult(String hook, String phase, String pod, String container, List<String> command,
        Integer exitCode, Duration duration, String stdout, String stderr, String outcome, String message) {
    public HookStepResult {
        Objects.requireNonNull(hook, "hook");
        Objects.requireNonNull(phase, "phase");
        Objects.requireNonNull(pod, "pod");
        command = List.copyOf(Objects.requireNonNull(command, "command"));
        Objects.requireNonNull(duration, "duration");
        Objects.requireNonNull(outcome, "outcome");
    }
}
