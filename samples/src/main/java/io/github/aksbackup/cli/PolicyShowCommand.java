package io.github.aksbackup.cli;

import io.github.aksbackup.policy.PolicyDocument;
import io.github.aksbackup.policy.PolicySummary;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code aks-backup policy show FILE [--json]}: explains a policy's schedule, tags and retention. */
@Command(name = "show",
        mixinStandardHelpOptions = true,
        description = {"Explain an Azure backup policy for AKS: schedule and time zone, tags with priorities and "
                + "criteria, retention per tier with the copy to the vault.",
            "An invalid policy is reported as by 'policy validate' (exit 2)."})
final class PolicyShowCommand implements Callable<Integer> {
    @Option(names = "--json", description = "Print the summary as JSON.")
    boolean json;

    @Mixin
    PolicyCommand.PolicyFile policy;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PolicyDocument doc = policy.read();
        PolicySummary summary = PolicySummary.of(doc.policy());
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.print(summary.json());
        } else {
            summary.lines().forEach(out::println);
        }
        out.flush();
        return AksBackupCli.OK;
    }
}
