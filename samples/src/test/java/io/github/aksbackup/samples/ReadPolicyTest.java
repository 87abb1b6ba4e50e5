package io.github.aksbackup.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The README's Java sample is this module's ReadPolicy, and it runs. */
class ReadPolicyTest {

    @Test
    void readmeShowsTheSampleAsItIsInTheSources() throws IOException {
        String source = Files.readString(Path.of("src/main/java/io/github/aksbackup/samples/ReadPolicy.java"));
        String body = source.lines()
                .filter(l -> !l.startsWith("package ") && !l.startsWith("/**") && !l.isEmpty())
                .collect(Collectors.joining("\n", "", "\n"));
        String readme = Files.readString(Path.of("..", "README.md"));
        assertTrue(readme.contains("```java\n" + body + "```\n"), "README.md must show ReadPolicy.java:\n" + body);
        assertTrue(body.lines().count() <= 15, "the README sample is at most 15 lines");
    }

    @Test
    void printsTheSummaryOfAValidPolicyAndEveryProblemOfAnInvalidOne() throws IOException {
        assertTrue(run("policies/aks-default.json", true).startsWith("Policy AKSPolicy1 (Microsoft.ContainerService/managedClusters)\n"));
        Path bad = Files.createTempFile("bad-policy", ".json");
        try {
            Files.writeString(bad, Files.readString(Path.of("policies/aks-default.json")).replace("\"P7D\"", "\"P0D\""));
            assertEquals("$.policyRules[1].lifecycles[0].deleteAfter: must be longer than zero\n", run(bad.toString(), false));
        } finally {
            Files.delete(bad);
        }
    }

    private static String run(String file, boolean stdout) {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = stdout ? System.out : System.err;
        PrintStream capture = new PrintStream(captured, true, StandardCharsets.UTF_8);
        if (stdout) {
            System.setOut(capture);
        } else {
            System.setErr(capture);
        }
        try {
            ReadPolicy.main(new String[] {file});
        } finally {
            if (stdout) {
                System.setOut(original);
            } else {
                System.setErr(original);
            }
        }
        return captured.toString(StandardCharsets.UTF_8);
    }
}
