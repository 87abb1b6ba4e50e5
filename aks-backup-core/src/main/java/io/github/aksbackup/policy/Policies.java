package io.github.aksbackup.policy;

import io.github.aksbackup.api.InvalidInputException;
import io.github.aksbackup.api.ValidationProblem;
import io.github.aksbackup.api.policy.BackupPolicy;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * The entry point for policies: read an Azure policy document and validate it in one step.
 *
 * <pre>{@code
 * BackupPolicy policy = Policies.read(Path.of("aks-default.json"));   // throws with every problem
 * List<ValidationProblem> problems = PolicyValidator.validate(policy); // for a policy built in code
 * }</pre>
 */
public final class Policies {

    private Policies() {
    }

    /**
     * Reads and validates a policy file under Azure's rules.
     *
     * @throws io.github.aksbackup.api.NotFoundException when the file does not exist
     * @throws InvalidInputException with every problem, each located in the document
     */
    public static BackupPolicy read(Path file) {
        return read(file, PolicyValidator.Options.AZURE);
    }

    /** Reads and validates a policy file; see {@link #read(Path)}. */
    public static BackupPolicy read(Path file, PolicyValidator.Options options) {
        return readDocument(file, options).policy();
    }

    /**
     * Reads and validates a policy file, keeping where each rule stands in it and its resource id.
     *
     * @throws io.github.aksbackup.api.NotFoundException when the file does not exist
     * @throws InvalidInputException with every problem, each located in the document
     */
    public static PolicyDocument readDocument(Path file, PolicyValidator.Options options) {
        return checked(PolicyJson.parse(file), options);
    }

    /**
     * Reads and validates a policy document under Azure's rules.
     *
     * @throws InvalidInputException with every problem, each located in the document
     */
    public static BackupPolicy read(String json) {
        return read(json, PolicyValidator.Options.AZURE);
    }

    /** Reads and validates a policy document; see {@link #read(String)}. */
    public static BackupPolicy read(String json, PolicyValidator.Options options) {
        return checked(PolicyJson.parse(json, PolicyJson.DEFAULT_NAME), options).policy();
    }

    /**
     * Validates a policy built in code.
     *
     * @throws InvalidInputException with every problem, located as {@link PolicyJson#write} lays the policy out
     */
    public static BackupPolicy requireValid(BackupPolicy policy, PolicyValidator.Options options) {
        Objects.requireNonNull(policy, "policy");
        return checked(PolicyDocument.of(policy), options).policy();
    }

    private static PolicyDocument checked(PolicyDocument doc, PolicyValidator.Options options) {
        List<ValidationProblem> problems = PolicyValidator.validate(doc, options);
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        return doc;
    }
}
