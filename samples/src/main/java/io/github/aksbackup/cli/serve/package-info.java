/**
 * What {@code aks-backup serve} adds around the protection service: the HTTP endpoints ({@code
 * /healthz}, {@code /readyz}, Prometheus {@code /metrics}) and the metrics it keeps.
 */
package io.github.aksbackup.cli.serve;
