package io.github.aksbackup.cli;

import io.github.aksbackup.json.JsonValues;
import java.io.PrintWriter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The {@code --json} switch and the output writer of a reporting command. */
final class Output {
    @Option(names = "--json", description = "Print JSON instead of text.")
    boolean json;

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    /** Prints a value as indented JSON. */
    void printJson(Object value) {
        out().println(JsonValues.pretty(JsonValues.toTree(value)));
    }
}
