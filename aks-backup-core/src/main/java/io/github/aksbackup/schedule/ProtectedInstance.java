package io.github.aksbackup.schedule;

import io.github.aksbackup.api.instance.ProtectionState;
import io.github.aksbackup.api.policy.BackupPolicy;
import java.util.Objects;

/**
 * An instance as the protection engine sees it: its name, the policy that governs it, and its state.
 * Scheduled backups run only in {@code ProtectionConfigured}; expiry and vault copies of existing recovery
 * points continue in every state except {@code ProtectionDeleted}.
 */
public record ProtectedInstance(String name, BackupPolicy policy, ProtectionState state) {
    public ProtectedInstance {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(policy, "policy");
        state = state == null ? ProtectionState.ProtectionConfigured : state;
    }
}
