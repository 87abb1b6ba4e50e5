/**
 * Small runnable programs the README shows: reading a policy ({@link
 * io.github.aksbackup.samples.ReadPolicy}) and a backup and restore with the testkit ({@link
 * io.github.aksbackup.samples.QuickStart}).
 */
package io.github.aksbackup.samples;
