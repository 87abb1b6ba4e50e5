package io.github.aksbackup.cli;

import io.github.aksbackup.policy.PolicyDocument;
import io.github.aksbackup.policy.PolicySummary;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code aks-backup policy validate FILE}: checks a policy and says in one line what it does. */
@Command(name = "validate",
        mixinStandardHelpOptions = true,
        description = {"Check an Azure backup policy for AKS (plain or ARM resource form).",
            "Prints one line about the policy and exits 0 when it is valid; prints one line per problem "
                + "(file, location, message) on standard error and exits 2 when it is not."})
final class PolicyValidateCommand implements Callable<Integer> {
    @Mixin
    PolicyCommand.PolicyFile policy;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PolicyDocument doc = policy.read();
        spec.commandLine().getOut().println(policy.file + ": valid " + PolicySummary.of(doc.policy()).oneLine());
        spec.commandLine().getOut().flush();
        return AksBackupCli.OK;
    }
}
