/**
 * Playing a policy forward without waiting: {@link io.github.aksbackup.simulate.PolicySimulator} gives
 * every recovery point with its tag and copies, live copies at any instant and a monthly summary;
 * {@link io.github.aksbackup.simulate.CostProjection} prices it per month and tier. Deterministic, no I/O.
 */
package io.github.aksbackup.simulate;
