package io.github.aksbackup.api.job;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The record of one backup, restore, tiering, expiry or maintenance run: what it did, how it ended,
 * its counters, errors (each with a code, message and recommended action), warnings, per-item
 * results and hook steps.
 *
 * @param id job id, unique in the vault
 * @param operation what the job does
 * @param instanceName the backup instance concerned ({@code null} for vault-wide jobs)
 * @param recoveryPointId the recovery point made or used ({@code null} when none)
 * @param status state of the job
 * @param start when it started
 * @param end when it ended ({@code null} while in progress)
 * @param phase the current or last phase, for progress display
 * @param counts counters
 * @param errors errors met
 * @param warnings warnings
 * @param items per-item results (may be capped for very large jobs; counts stay exact)
 * @param hookSteps hook commands run
 */
public record Job(String id, Operation operation, String instanceName, String recoveryPointId, JobStatus status,
        Instant start, Instant end, String phase, JobCounts counts, List<JobError> errors, List<String> warnings,
        List<ItemResult> items, List<HookStepResult> hookSteps) {

    public Job {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(start, "start");
        counts = counts == null ? JobCounts.ZERO : counts;
        errors = List.copyOf(Objects.requireNonNull(errors, "errors"));
        warnings = List.copyOf(Objects.requireNonNull(warnings, "warnings"));
        items = List.copyOf(Objects.requireNonNull(items, "items"));
        hookSteps = List.copyOf(Objects.requireNonNull(hookSteps, "hookSteps"));
        if (end != null && end.isBefore(start)) {
            throw new IllegalArgumentException("end " + end + " is before start " + start);
        }
    }

    /** How long the job ran, if it ended. */
    public Optional<Duration> duration() {
        return end == null ? Optional.empty() : Optional.of(Duration.between(start, end));
    }
}
