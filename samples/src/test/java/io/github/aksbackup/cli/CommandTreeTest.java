package io.github.aksbackup.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The tree the command line builds for one top-level command behaves as the whole tree does. */
class CommandTreeTest {
    private static CommandLine tree(String... args) {
        return AksBackupCli.newCommandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()), args);
    }

    /** Every command's usage text below {@code cmd}, keyed by its path. */
    private static void usages(CommandLine cmd, String path, Map<String, String> out) {
        for (Map.Entry<String, CommandLine> e : cmd.getSubcommands().entrySet()) {
            String p = (path + " " + e.getKey()).trim();
            out.put(p, e.getValue().getUsageMessage(CommandLine.Help.Ansi.OFF));
            usages(e.getValue(), p, out);
        }
    }

    @Test
    void aTopLevelCommandGetsATreeOfItselfWithTheSameUsageAsInTheWholeTree() {
        CommandLine whole = tree();
        List<String> checked = new ArrayList<>();
        for (String name : whole.getSubcommands().keySet()) {
            if (Set.of("help", "completion").contains(name)) {
                continue;
            }
            CommandLine one = tree(name, "--help");
            assertEquals(Set.of(name), one.getSubcommands().keySet(), "the tree for '" + name + "'");
            Map<String, String> expected = new java.util.TreeMap<>();
            Map<String, String> actual = new java.util.TreeMap<>();
            usages(whole.getSubcommands().get(name), name, expected);
            expected.put(name, whole.getSubcommands().get(name).getUsageMessage(CommandLine.Help.Ansi.OFF));
            usages(one.getSubcommands().get(name), name, actual);
            actual.put(name, one.getSubcommands().get(name).getUsageMessage(CommandLine.Help.Ansi.OFF));
            assertEquals(expected, actual, "usage of '" + name + "' and its subcommands");
            assertEquals(whole.getCommandSpec().version()[0], one.getCommandSpec().version()[0]);
            checked.add(name);
        }
        assertTrue(checked.containsAll(List.of("backup", "restore", "vault", "instance", "serve")), checked.toString());
    }

    @Test
    void helpCompletionOptionsAndUnknownNamesGetTheWholeTree() {
        int all = tree().getSubcommands().size();
        for (String[] args : List.of(new String[] {"help", "backup"}, new String[] {"completion", "bash"},
                new String[] {"--version"}, new String[] {"bakup"}, new String[0])) {
            assertEquals(all, tree(args).getSubcommands().size(), String.join(" ", args));
        }
    }

    @Test
    void aMistypedSubcommandOfACommandIsStillAnsweredAsBadInputWithTheUsageHint() {
        CliRun r = CliRun.of("vault", "reprot");
        assertEquals(AksBackupCli.BAD_INPUT, r.code(), r.err());
        assertTrue(r.err().contains("Run 'aks-backup vault --help' for usage."), r.err());
        CliRun unknown = CliRun.of("bakup");
        assertEquals(AksBackupCli.BAD_INPUT, unknown.code(), unknown.err());
        assertTrue(unknown.err().contains("Did you mean") || unknown.err().contains("Unmatched argument"), unknown.err());
    }
}
