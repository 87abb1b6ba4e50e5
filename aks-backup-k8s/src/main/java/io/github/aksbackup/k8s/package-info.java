/**
 * The Kubernetes side on the official client-java: {@link
 * io.github.aksbackup.k8s.KubernetesClusterClient} (discovery, paged listing, create, patch,
 * delete, pod exec, dry run) and {@link io.github.aksbackup.k8s.CsiVolumeSnapshotter} (CSI
 * VolumeSnapshots), with the preflight checks of a cluster; API errors are translated once into
 * the SDK's error codes.
 */
package io.github.aksbackup.k8s;
