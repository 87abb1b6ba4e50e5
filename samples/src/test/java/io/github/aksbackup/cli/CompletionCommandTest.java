package io.github.aksbackup.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CompletionCommandTest {
    @TempDir
    Path dir;

    /** Every command path below the root, e.g. "vault report". */
    private static List<String> commandPaths(CommandLine cmd, String prefix, List<String> out) {
        for (CommandLine sub : new java.util.LinkedHashSet<>(cmd.getSubcommands().values())) {
            String path = (prefix + " " + sub.getCommandName()).trim();
            out.add(path);
            commandPaths(sub, path, out);
        }
        return out;
    }

    @Test
    void theScriptNamesEverySubcommandForBothShells() {
        List<String> paths = commandPaths(AksBackupCli.newCommandLine(new PrintWriter(new StringWriter()),
                new PrintWriter(new StringWriter())), "", new ArrayList<>());
        assertTrue(paths.containsAll(List.of("policy simulate", "vault report", "completion", "recovery-points list")), paths.toString());
        for (String shell : List.of("bash", "zsh")) {
            CliRun r = CliRun.of("completion", shell);
            assertEquals(0, r.code(), r.err());
            Set<String> words = new TreeSet<>(List.of(Pattern.compile("[^A-Za-z0-9_-]+").split(r.out())));
            for (String path : paths) {
                for (String name : path.split(" ")) {
                    assertTrue(words.contains(name), shell + " script does not name '" + name + "' (of " + path + ")");
                }
            }
            assertTrue(r.out().contains("complete -F _complete_aks-backup"), r.out());
            assertTrue(r.out().contains("bashcompinit"), "under zsh the script loads bash completion");
        }
    }

    @Test
    void bashCompletesTheSubcommandsAndOptionsOfVault() throws Exception {
        Path script = Files.writeString(dir.resolve("aks-backup.bash"), CliRun.of("completion", "bash").out());
        String probe = "source " + script + "\n"
                + "complete_line() { COMP_LINE=\"$1\"; read -ra COMP_WORDS <<< \"$1\"; [[ \"$1\" == *' ' ]] && COMP_WORDS+=(''); "
                + "COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 )); COMP_POINT=${#COMP_LINE}; COMPREPLY=(); _complete_aks-backup 2>/dev/null; "
                + "echo \"${COMPREPLY[*]}\"; }\n"
                + "complete_line 'aks-backup vault '\n"
                + "complete_line 'aks-backup vault report --h'\n";
        Process p = new ProcessBuilder("bash", "-c", probe).redirectErrorStream(true).start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "bash did not finish");
        List<String> lines = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        assertEquals(0, p.exitValue(), lines.toString());
        assertEquals(Set.of("init", "verify", "gc", "report"), Set.of(lines.get(0).split(" ")), lines.toString());
        assertEquals(Set.of("--help", "--html"), Set.of(lines.get(1).split(" ")), lines.toString());
    }

    @Test
    void anUnknownShellIsBadInput() {
        CliRun r = CliRun.of("completion", "fish");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("bash, zsh"), r.err());
    }
}
