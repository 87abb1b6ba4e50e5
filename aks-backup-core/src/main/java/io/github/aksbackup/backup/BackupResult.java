package io.github.aksbackup.backup;

import io.github.aksbackup.api.job.Job;
import io.github.aksbackup.repository.Manifest;
import java.util.Objects;
import java.util.Optional;

/** The outcome of a backup: its job record, and the manifest of the recovery point it made (none when it failed). */
public record BackupResult(Job job, Manifest manifest) {
    public BackupResult {
        Objects.requireNonNull(job, "job");
    }

    /** The recovery point's manifest, when one was made. */
    public Optional<Manifest> recoveryPoint() {
        return Optional.ofNullable(manifest);
    }
}
