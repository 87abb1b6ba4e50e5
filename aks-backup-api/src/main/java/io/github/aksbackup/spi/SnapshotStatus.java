package io.github.aksbackup.spi;

import java.util.Objects;

/** Readiness of a snapshot, with a message when it failed. */
public record SnapshotStatus(State state, String message) {
    /** Snapshot states. */
    public enum State {
        Pending,
        Ready,
        Failed
    }

    public SnapshotStatus {
        Objects.requireNonNull(state, "state");
    }

    public static SnapshotStatus ready() {
        return new SnapshotStatus(State.Ready, null);
    }

    public static SnapshotStatus pending() {
        return new SnapshotStatus(State.Pending, null);
    }

    public static SnapshotStatus failed(String message) {
        return new SnapshotStatus(State.Failed, message);
    }
}
