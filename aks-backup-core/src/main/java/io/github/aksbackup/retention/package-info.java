/**
 * Which tag a recovery point gets ({@link io.github.aksbackup.retention.Tagger}) and which copies it has
 * until when ({@link io.github.aksbackup.retention.RetentionPlanner}), with the policy checks these rely on
 * ({@link io.github.aksbackup.retention.RetentionChecks}). Pure functions; no clock is read.
 */
package io.github.aksbackup.retention;
