package io.github.aksbackup.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.aksbackup.api.InvalidInputException;
import io.github.aksbackup.api.ValidationProblem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every document under {@code src/test/resources/policies/invalid} is rejected with the message and
 * location {@code expected.tsv} gives for it.
 */
class InvalidPoliciesTest {

    private static final Path DIR = Path.of("src", "test", "resources", "policies", "invalid");

    static Stream<Arguments> documents() throws IOException {
        return Files.readAllLines(DIR.resolve("expected.tsv")).stream()
                .filter(l -> !l.isBlank() && !l.startsWith("#"))
                .map(l -> l.split("\t"))
                .map(f -> Arguments.of(f[0], f[1], f[2]));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("documents")
    void isRejectedWithTheExpectedProblem(String file, String location, String message) {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> Policies.read(DIR.resolve(file)));
        List<ValidationProblem> problems = e.problems();
        String all = problems.stream().map(ValidationProblem::toString).collect(Collectors.joining("\n"));
        assertTrue(problems.stream().anyMatch(p -> p.path().equals(location) && p.message().contains(message)),
                "expected " + location + ": ..." + message + "...\nbut got\n" + all);
    }

    @Test
    void everyDocumentHasAnExpectation() throws IOException {
        List<String> listed = documents().map(a -> (String) a.get()[0]).sorted().toList();
        try (Stream<Path> files = Files.list(DIR)) {
            List<String> present = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json")).sorted().toList();
            assertEquals(present, listed);
        }
        assertTrue(listed.size() >= 30, "at least 30 invalid documents");
    }
}
