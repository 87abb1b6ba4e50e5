package io.github.aksbackup.api.policy;

/** Azure's {@code weeksOfTheMonth} values; constant names equal Azure's JSON values. */
public enum WeekNumber {
    First,
    Second,
    Third,
    Fourth,
    Last
}
