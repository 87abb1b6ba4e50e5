/**
 * Jobs as the SDK reports them: every backup, restore, tiering and deletion is a {@link
 * io.github.aksbackup.api.job.Job} with a status, counts, errors (code, message, recommended
 * action) and per-item and per-hook-step results.
 */
package io.github.aksbackup.api.job;
