package io.github.aksbackup.api.policy;

import io.github.aksbackup.api.IsoDuration;
import java.util.Objects;

/**
 * When a recovery point is copied to the vault: at once ({@code ImmediateCopyOption}), when the
 * operational copy expires ({@code CopyOnExpiryOption}), or a fixed time after the recovery point
 * ({@code CustomCopyOption}).
 */
public sealed interface CopyOption permits CopyOption.Immediate, CopyOption.OnExpiry, CopyOption.Custom {

    /** Azure's {@code ImmediateCopyOption}. */
    record Immediate() implements CopyOption {
    }

    /** Azure's {@code CopyOnExpiryOption}. */
    record OnExpiry() implements CopyOption {
    }

    /** Azure's {@code CustomCopyOption} with its {@code duration}. */
    record Custom(IsoDuration duration) implements CopyOption {
        public Custom {
            Objects.requireNonNull(duration, "duration");
        }
    }
}
