package io.github.aksbackup.api.policy;

/**
 * Azure's {@code AdhocBasedTriggerContext}: backups started by a user, tagged with {@code tagName}
 * ({@code null} means the policy's default tag).
 */
public record AdhocTrigger(String tagName) implements Trigger {
}
