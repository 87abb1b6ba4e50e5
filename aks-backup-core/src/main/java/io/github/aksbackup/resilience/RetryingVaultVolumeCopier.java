package io.github.aksbackup.resilience;

import io.github.aksbackup.api.recovery.VolumeSnapshotRecord;
import io.github.aksbackup.api.restore.StagingLocation;
import io.github.aksbackup.spi.ObjectStore;
import io.github.aksbackup.spi.RestoredVolume;
import io.github.aksbackup.spi.VaultVolumeCopier;
import io.github.aksbackup.spi.VolumeRestoreRequest;
import java.time.Clock;
import java.util.Objects;

/**
 * A {@link VaultVolumeCopier} that repeats calls failing transiently, as {@link RetryOptions} say.
 * Copiers are idempotent (an export whose key exists is complete or resumed, an import or restore
 * finds what an earlier try made, a delete of what is gone does nothing), so every call may be repeated;
 * one that ran longer than the options' time limit before it failed is not.
 */
public final class RetryingVaultVolumeCopier implements VaultVolumeCopier {
    private final VaultVolumeCopier delegate;
    private final Retrier retry;

    /** Retries calls of {@code delegate} as {@code options} say. */
    public RetryingVaultVolumeCopier(VaultVolumeCopier delegate, RetryOptions options) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.retry = new Retrier("vault volume copier", options, Clock.systemUTC(), Sleeper.THREAD);
    }

    /** {@code copier} itself when it retries already or is {@code null}, otherwise it retried as {@code options} say. */
    public static VaultVolumeCopier wrap(VaultVolumeCopier copier, RetryOptions options) {
        return copier == null || copier instanceof RetryingVaultVolumeCopier ? copier
                : new RetryingVaultVolumeCopier(copier, options);
    }

    @Override
    public void exportTo(VolumeSnapshotRecord snapshot, ObjectStore vault, String key) {
        retry.run(attempt -> {
            delegate.exportTo(snapshot, vault, key);
            return null;
        });
    }

    @Override
    public VolumeSnapshotRecord importFrom(ObjectStore vault, String key, VolumeSnapshotRecord original,
            StagingLocation staging) {
        return retry.run(attempt -> delegate.importFrom(vault, key, original, staging));
    }

    @Override
    public RestoredVolume restoreImported(VolumeSnapshotRecord imported, VolumeRestoreRequest request, StagingLocation staging) {
        return retry.run(attempt -> delegate.restoreImported(imported, request, staging));
    }

    @Override
    public void deleteImported(VolumeSnapshotRecord imported) {
        retry.run(attempt -> {
            delegate.deleteImported(imported);
            return null;
        });
    }
}
