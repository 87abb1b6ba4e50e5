package io.github.aksbackup.api.policy;

/** What starts a backup: a schedule ({@code ScheduleBasedTriggerContext}) or a user ({@code AdhocBasedTriggerContext}). */
public sealed interface Trigger permits ScheduleTrigger, AdhocTrigger {
}
