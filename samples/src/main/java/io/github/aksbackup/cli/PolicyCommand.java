package io.github.aksbackup.cli;

import io.github.aksbackup.api.InvalidInputException;
import io.github.aksbackup.api.ValidationProblem;
import io.github.aksbackup.policy.Policies;
import io.github.aksbackup.policy.PolicyDocument;
import io.github.aksbackup.policy.PolicyValidator;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code aks-backup policy}: commands for Azure backup policies. Each subcommand is its own class;
 * add a new one to {@code subcommands}.
 */
@Command(name = "policy",
        mixinStandardHelpOptions = true,
        description = "Work with Azure Backup for AKS policies (BackupPolicy JSON as az prints it).",
        subcommands = {
            PolicyValidateCommand.class,
            PolicyShowCommand.class,
            PolicySimulateCommand.class,
        })
final class PolicyCommand {

    private PolicyCommand() {
    }

    /**
     * The policy file argument and options every policy subcommand shares; a subcommand adds it
     * with {@code @Mixin PolicyCommand.PolicyFile policy;} and calls {@link #read()}.
     */
    static final class PolicyFile {
        @Parameters(paramLabel = "FILE", description = "The policy JSON file, as az prints it (plain or ARM resource form).")
        Path file;

        @Option(names = "--allow-any-interval",
                description = "Accept any backup frequency of at least PT1H, not only Azure's PT4H, PT6H, PT8H, PT12H and P1D.")
        boolean allowAnyInterval;

        /**
         * Reads and validates the file; problems come back with the file's name in front, one per
         * line, so a user sees which file and which field: {@code policy.json $.policyRules[1].name: ...}.
         */
        PolicyDocument read() {
            PolicyValidator.Options options = allowAnyInterval
                    ? PolicyValidator.Options.anyInterval() : PolicyValidator.Options.AZURE;
            try {
                return Policies.readDocument(file, options);
            } catch (InvalidInputException e) {
                String name = file.getFileName() == null ? file.toString() : file.getFileName().toString();
                List<ValidationProblem> located = e.problems().stream()
                        .map(p -> new ValidationProblem(p.path().equals("$") || p.path().equals(file.toString())
                                ? name : name + " " + p.path(), p.message()))
                        .toList();
                throw new InvalidInputException(located);
            }
        }
    }
}
