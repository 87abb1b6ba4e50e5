package io.github.aksbackup.hook;

import io.github.aksbackup.spi.KubeObject;

/**
 * The backup hooks of one backup, called per selected pod around its volume snapshots. Called from
 * one thread per backup.
 */
public interface BackupHooks {

    /** Runs nothing. */
    BackupHooks NONE = new BackupHooks() {
        @Override
        public HookOutcome beforePodVolumes(KubeObject pod) {
            return HookOutcome.NOTHING;
        }

        @Override
        public HookOutcome afterPodVolumes(KubeObject pod, PodVolumes volumes) {
            return HookOutcome.NOTHING;
        }
    };

    /**
     * Runs the pre hooks matching the pod, before its volumes are snapshotted. Called for every pod
     * the backup selects, with or without volumes. When the outcome {@link HookOutcome#failed()}, the
     * engine takes no snapshot of the pod's volumes and reports the pod failed.
     */
    HookOutcome beforePodVolumes(KubeObject pod);

    /**
     * Runs the post hooks matching the pod, after its volumes were handled, whatever happened to
     * them. When the outcome {@link HookOutcome#failed()}, the engine reports the pod failed.
     */
    HookOutcome afterPodVolumes(KubeObject pod, PodVolumes volumes);

    /** What happened to a pod's volumes between the pre and the post hooks. */
    enum PodVolumes {
        /** Every volume the backup snapshots of this pod was snapshotted. */
        Snapshotted,
        /** At least one snapshot failed. */
        SnapshotFailed,
        /** No snapshot was attempted: the pod has no snapshotted volume, snapshots are off, or a pre hook failed. */
        NotSnapshotted
    }
}
