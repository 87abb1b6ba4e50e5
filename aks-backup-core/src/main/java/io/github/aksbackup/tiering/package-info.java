/**
 * Moving recovery points between tiers over time: the one-per-day vault rule
 * ({@link io.github.aksbackup.tiering.VaultDayRule}), the pass that makes due vault copies and deletes
 * expired ones ({@link io.github.aksbackup.tiering.TieringPass}), and the interfaces through which it
 * reads lifecycle state ({@link io.github.aksbackup.tiering.LifecycleStore}) and moves data
 * ({@link io.github.aksbackup.tiering.TieringActions}).
 */
package io.github.aksbackup.tiering;
