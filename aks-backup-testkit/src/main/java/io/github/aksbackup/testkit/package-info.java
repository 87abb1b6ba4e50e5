/**
 * What tests of code built on the SDK need, without a cluster or a cloud: the in-memory cluster
 * and object store, the fake volume snapshotter, the manual clock, fault injection ({@link
 * io.github.aksbackup.testkit.FaultPlan}), the object-store and cluster-client contracts every
 * implementation is held to, sample workloads, and the JUnit 5 {@link
 * io.github.aksbackup.testkit.TestkitExtension}. The fakes may change in any release.
 */
package io.github.aksbackup.testkit;
