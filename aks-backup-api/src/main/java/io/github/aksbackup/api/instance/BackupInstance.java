package io.github.aksbackup.api.instance;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One protected cluster under one policy, with what to back up.
 *
 * @param name instance name, unique in a vault: letters, digits, '-', '_' and '.', 1..63 characters
 * @param clusterRef the protected cluster (an ARM resource id, a kubeconfig context, or any id the caller uses)
 * @param policyName the name of the backup policy that governs this instance; blank when the instance is
 *     handed to {@code configureProtection}, which then fills in its policy's name (and refuses another name)
 * @param configuration what is captured
 * @param snapshotLocation where the operational tier lives
 * @param protectionState current state
 */
public record BackupInstance(String name, String clusterRef, String policyName, BackupConfiguration configuration,
        SnapshotLocation snapshotLocation, ProtectionState protectionState) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");

    public BackupInstance {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("instance name '" + name
                    + "' is invalid: use 1..63 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        Objects.requireNonNull(clusterRef, "clusterRef");
        Objects.requireNonNull(policyName, "policyName");
        Objects.requireNonNull(configuration, "configuration");
        snapshotLocation = snapshotLocation == null ? new SnapshotLocation(null, null, null) : snapshotLocation;
        protectionState = protectionState == null ? ProtectionState.ProtectionConfigured : protectionState;
    }

    /** The same instance in another protection state. */
    public BackupInstance withProtectionState(ProtectionState state) {
        return new BackupInstance(name, clusterRef, policyName, configuration, snapshotLocation, state);
    }
}
