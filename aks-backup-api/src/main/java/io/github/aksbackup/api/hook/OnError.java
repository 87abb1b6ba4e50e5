package io.github.aksbackup.api.hook;

/** What a failing hook step does: stop that pod's work ({@code Fail}) or record a warning ({@code Continue}). */
public enum OnError {
    Continue,
    Fail
}
