package io.github.aksbackup.cli;

import io.github.aksbackup.hook.HookDocuments;
import io.github.aksbackup.hook.HookResources;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code aks-backup hooks}: commands for BackupHook and RestoreHook custom resources. */
@Command(name = "hooks",
        mixinStandardHelpOptions = true,
        description = "Work with BackupHook and RestoreHook custom resources.",
        subcommands = {HooksCommand.Validate.class})
final class HooksCommand {

    /** {@code aks-backup hooks validate FILE}: checks a hook file and summarizes what it would run. */
    @Command(name = "validate",
            mixinStandardHelpOptions = true,
            description = {"Check a YAML or JSON file of BackupHook / RestoreHook resources.",
                "Prints each hook with the pods it selects and every step with its effective settings "
                    + "(defaults marked), or one line per problem (file:line field: message) and exits 2."})
    static final class Validate implements Callable<Integer> {
        @Parameters(paramLabel = "FILE", description = "The hook resources: YAML (one or more documents) or JSON.")
        Path file;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            HookDocuments docs = HookResources.read(file);
            docs.summary().forEach(spec.commandLine().getOut()::println);
            spec.commandLine().getOut().flush();
            return AksBackupCli.OK;
        }
    }
}
