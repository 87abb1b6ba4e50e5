package io.github.aksbackup.policy;

import io.github.aksbackup.api.InvalidInputException;
import io.github.aksbackup.api.policy.BackupPolicy;
import io.github.aksbackup.internal.json.JsonDocuments;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Azure Data Protection {@code BackupPolicy} JSON for AKS, read and written exactly as Azure's tools
 * print it.
 *
 * <p>Reads both the policy itself ({@code {"objectType": "BackupPolicy", "datasourceTypes": [...],
 * "policyRules": [...]}}, as {@code az dataprotection backup-policy get-default-policy-template}
 * prints it) and the ARM resource form ({@code {"id", "name", "type", "properties": {...}}}, as {@code
 * az dataprotection backup-policy show} prints it), keeping the policy name. Read-only fields such as {@code tagInfo.id},
 * {@code tagInfo.eTag} and the resource's {@code id}, {@code type} and {@code systemData} are
 * accepted and dropped (they describe the stored policy and ask for nothing); a field that is none of
 * Azure's is a problem, never dropped. The datasource type may be written in any letter case. Which
 * field acts where is listed in {@code docs/accepted-fields.md}.
 *
 * <p>Reading checks structure only and reports every problem at once, each with a location such as
 * {@code $.policyRules[1].lifecycles[0].deleteAfter.duration}. Whether the policy makes sense (one
 * default tag, allowed frequencies, retention limits) is {@link PolicyValidator}'s job; {@link
 * Policies} does both.
 */
public final class PolicyJson {

    /** What a policy document is called in messages. */
    static final String WHAT = "an Azure backup policy (BackupPolicy JSON)";

    /** Name given to a policy whose document carries none. */
    public static final String DEFAULT_NAME = "policy";

    private PolicyJson() {
    }

    /**
     * Reads a policy document.
     *
     * @param json the document text
     * @param defaultName the name to use when the document carries none
     * @throws InvalidInputException with every structural problem found
     */
    public static PolicyDocument parse(String json, String defaultName) {
        Objects.requireNonNull(json, "json");
        return PolicyReader.read(JsonDocuments.parseObject(json, WHAT), defaultName);
    }

    /** Reads a policy document given as bytes (UTF-8); see {@link #parse(String, String)}. */
    public static PolicyDocument parse(byte[] json, String defaultName) {
        Objects.requireNonNull(json, "json");
        return PolicyReader.read(JsonDocuments.parseObject(json, WHAT), defaultName);
    }

    /**
     * Reads a policy file; a document without a name is named after the file.
     *
     * @throws io.github.aksbackup.api.NotFoundException when the file does not exist
     * @throws InvalidInputException when it is not a readable policy document
     */
    public static PolicyDocument parse(Path file) {
        Objects.requireNonNull(file, "file");
        return PolicyReader.read(JsonDocuments.readObject(file, WHAT), nameOf(file));
    }

    /** Reads a policy document and returns the policy; see {@link #parse(String, String)}. */
    public static BackupPolicy read(String json) {
        return parse(json, DEFAULT_NAME).policy();
    }

    /**
     * The policy as Azure's policy templates print it: the properties object, with the policy name.
     * This is what {@code az dataprotection backup-policy create --policy} takes.
     */
    public static String write(BackupPolicy policy) {
        return JsonDocuments.write(PolicyWriter.properties(policy, true));
    }

    /**
     * The policy in ARM resource form, as {@code az dataprotection backup-policy show} prints it.
     *
     * @param resourceId the resource id, or {@code null} to leave it out
     */
    public static String writeResource(BackupPolicy policy, String resourceId) {
        return JsonDocuments.write(PolicyWriter.resource(policy, resourceId));
    }

    static String nameOf(Path file) {
        Path fileName = file.getFileName();
        if (fileName == null) {
            return DEFAULT_NAME;
        }
        String n = fileName.toString();
        int dot = n.lastIndexOf('.');
        n = dot > 0 ? n.substring(0, dot) : n;
        return n.isBlank() ? DEFAULT_NAME : n;
    }
}
