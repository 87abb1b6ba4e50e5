/**
 * The command line's own SLF4J backend: to standard error, as text or as one JSON object per line,
 * at a default level with overrides per logger-name prefix.
 */
package io.github.aksbackup.cli.logging;
