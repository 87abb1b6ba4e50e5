/**
 * Recovery points: what one backup holds ({@link io.github.aksbackup.api.recovery.RecoveryPoint}),
 * its state in each data store and the volume snapshots it took.
 */
package io.github.aksbackup.api.recovery;
