package io.github.aksbackup.client;

import io.github.aksbackup.repository.VerifyReport;
import java.util.Objects;

/** The verification of both tiers of a vault. */
public record VaultCheck(VerifyReport operational, VerifyReport vaultTier) {
    public VaultCheck {
        Objects.requireNonNull(operational, "operational");
        Objects.requireNonNull(vaultTier, "vaultTier");
    }

    /** True when neither tier has damage. */
    public boolean ok() {
        return operational.ok() && vaultTier.ok();
    }
}
