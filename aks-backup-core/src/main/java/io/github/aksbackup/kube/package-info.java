/**
 * What the SDK knows about Kubernetes kinds, in one place: {@link io.github.aksbackup.kube.KindTable}
 * (for each kind its restore priority, which kinds are never restored, which API groups are
 * Kubernetes' own, and which other objects an object needs: a claim its volume and storage class, a
 * volume its storage class, a RoleBinding its ClusterRole, a custom resource its CRD),
 * {@link io.github.aksbackup.kube.RestorePriority} (the restore tiers, in order) and
 * {@link io.github.aksbackup.kube.Need}. Kinds are {@link io.github.aksbackup.spi.GroupKind} values of
 * the API module. The engines read this table instead of comparing kind strings.
 */
package io.github.aksbackup.kube;
