/**
 * Benchmarks that print figures (never timed tests): backup, restore, the object stores, the
 * policy simulator, and the command line against a real or stand-in API server ({@link
 * io.github.aksbackup.bench.KubeBenchmark}).
 */
package io.github.aksbackup.bench;
