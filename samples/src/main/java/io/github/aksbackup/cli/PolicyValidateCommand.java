package io.github.aksbackup.cli;

import io.github.aksbackup.policy.PolicyDocument;
import io.github.aksbackup.policy.PolicySummary;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code aks-backup policy validate FILE}: checks a policy and says in one line what it does. */
@Command(name = "validate",
        mixinStandardHelpOptions = true,
        description = {"Check an Azure backup policy for AKS (plain or ARM resource form).",
            "Prints one line about the policy and exits 0 when it is valid; prints one line per problem "
                + "(file, location, message) on standard error and exits 2 when it is not."})
final class PolicyValidateCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", description = "The policy JSON file.")
    Path file;

    @Mixin
    PolicyCommand.PolicyFileOptions options;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PolicyDocument doc = PolicyCommand.read(file, options.validatorOptions());
        spec.commandLine().getOut().println(file + ": valid " + PolicySummary.of(doc.policy()).oneLine());
        spec.commandLine().getOut().flush();
        return AksBackupCli.OK;
    }
}
