/**
 * The SDK's entry point: {@link io.github.aksbackup.client.AksBackupClient}, built by {@link
 * io.github.aksbackup.client.AksBackupClientBuilder}, which configures protection, runs backups,
 * restores, tiering, expiry and garbage collection as jobs, and owns (and closes) the threads it
 * makes; the package-private classes are its steps.
 */
package io.github.aksbackup.client;
