/**
 * Recording a job while it runs ({@link io.github.aksbackup.job.JobRecorder}): items, warnings,
 * errors and progress, reported to a {@link io.github.aksbackup.job.ProgressListener}.
 */
package io.github.aksbackup.job;
