package io.github.aksbackup.resilience;

import io.github.aksbackup.api.recovery.VolumeSnapshotRecord;
import io.github.aksbackup.spi.RestoredVolume;
import io.github.aksbackup.spi.SnapshotRequest;
import io.github.aksbackup.spi.SnapshotStatus;
import io.github.aksbackup.spi.VolumeRestoreRequest;
import io.github.aksbackup.spi.VolumeSnapshotter;
import java.time.Clock;
import java.util.Objects;

/**
 * A {@link VolumeSnapshotter} that repeats calls failing transiently, as {@link RetryOptions} say.
 * Snapshotters are idempotent (a repeated snapshot finds the one an earlier try made), so every call
 * may be repeated. A call that ran longer than the options' time limit before it failed (a snapshot
 * that waited minutes for readiness) is not repeated.
 */
public final class RetryingVolumeSnapshotter implements VolumeSnapshotter {
    private final VolumeSnapshotter delegate;
    private final Retrier retry;

    /** Retries calls of {@code delegate} as {@code options} say. */
    public RetryingVolumeSnapshotter(VolumeSnapshotter delegate, RetryOptions options) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.retry = new Retrier("volume snapshotter", options, Clock.systemUTC(), Sleeper.THREAD);
    }

    /** {@code snapshotter} itself when it retries already or is {@code null}, otherwise it retried as {@code options} say. */
    public static VolumeSnapshotter wrap(VolumeSnapshotter snapshotter, RetryOptions options) {
        return snapshotter == null || snapshotter instanceof RetryingVolumeSnapshotter ? snapshotter
                : new RetryingVolumeSnapshotter(snapshotter, options);
    }

    @Override
    public boolean supports(String csiDriver) {
        return retry.run(attempt -> delegate.supports(csiDriver));
    }

    @Override
    public VolumeSnapshotRecord snapshot(SnapshotRequest request) {
        return retry.run(attempt -> delegate.snapshot(request));
    }

    @Override
    public SnapshotStatus status(VolumeSnapshotRecord snapshot) {
        return retry.run(attempt -> delegate.status(snapshot));
    }

    @Override
    public void delete(VolumeSnapshotRecord snapshot) {
        retry.run(attempt -> {
            delegate.delete(snapshot);
            return null;
        });
    }

    @Override
    public RestoredVolume restore(VolumeSnapshotRecord snapshot, VolumeRestoreRequest request) {
        return retry.run(attempt -> delegate.restore(snapshot, request));
    }
}
