package io.github.aksbackup.api.policy;

/** Azure's absolute tagging markers; constant names equal Azure's JSON values. */
public enum AbsoluteMarker {
    AllBackup,
    FirstOfDay,
    FirstOfWeek,
    FirstOfMonth,
    FirstOfYear
}
