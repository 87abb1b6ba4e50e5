package io.github.aksbackup.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code aks-backup completion bash|zsh}: prints the shell completion script, generated from the command
 * definitions themselves (picocli's {@link AutoComplete}), so it always knows every command and option.
 */
@Command(name = "completion",
        mixinStandardHelpOptions = true,
        description = {"Print a completion script for bash or zsh that completes every command, option and choice.",
            "bash:  source <(aks-backup completion bash)      (add the line to ~/.bashrc to keep it)",
            "zsh:   source <(aks-backup completion zsh)       (add the line to ~/.zshrc; it loads bashcompinit)"})
final class CompletionCommand implements Callable<Integer> {
    /** The shells the script is for. */
    enum Shell { bash, zsh }

    @Parameters(paramLabel = "SHELL", description = "bash or zsh.")
    Shell shell;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        // The same script serves both: under zsh it turns on bashcompinit and registers itself through it.
        String script = AutoComplete.bash("aks-backup", spec.root().commandLine());
        PrintWriter out = spec.commandLine().getOut();
        out.print(script);
        out.flush();
        return AksBackupCli.OK;
    }
}
