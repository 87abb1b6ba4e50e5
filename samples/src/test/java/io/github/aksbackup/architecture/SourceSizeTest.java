package io.github.aksbackup.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No main source file of any module is longer than {@value #LIMIT} lines: a class that grows past it
 * has more than one job and is split into named steps (issue 14).
 */
class SourceSizeTest {
    static final int LIMIT = 500;

    /** The main Java sources of every module under {@code root} longer than {@code limit} lines, with their lengths. */
    static Map<String, Long> longerThan(int limit, Path root) throws IOException {
        Map<String, Long> out = new TreeMap<>();
        try (Stream<Path> modules = Files.list(root)) {
            for (Path main : modules.map(m -> m.resolve("src/main/java")).filter(Files::isDirectory).toList()) {
                try (Stream<Path> files = Files.walk(main)) {
                    files.filter(f -> f.toString().endsWith(".java")).forEach(f -> {
                        long lines = lines(f);
                        if (lines > limit) {
                            out.put(root.relativize(f).toString(), lines);
                        }
                    });
                }
            }
        }
        return out;
    }

    private static long lines(Path f) {
        try (Stream<String> l = Files.lines(f)) {
            return l.count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The repository root: the nearest directory upwards that holds the API module. */
    static Path root() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isDirectory(p.resolve("aks-backup-api/src/main/java"))) {
            p = p.getParent();
        }
        assertTrue(p != null, "the repository root is above " + Path.of("").toAbsolutePath());
        return p;
    }

    @Test
    void noMainSourceFileIsLongerThanTheLimit() throws IOException {
        Path root = root();
        assertTrue(longerThan(0, root).size() > 100, "the check sees the main sources of every module");
        assertEquals(Map.of(), longerThan(LIMIT, root), "main source files over " + LIMIT + " lines");
    }

    @Test
    void aMainSourceFileOverTheLimitIsReported(@TempDir Path root) throws IOException {
        Path big = Files.createDirectories(root.resolve("some-module/src/main/java/x")).resolve("Big.java");
        Files.writeString(big, "class Big {\n" + "\n".repeat(LIMIT - 1) + "}\n");
        Path test = Files.createDirectories(root.resolve("some-module/src/test/java/x")).resolve("BigTest.java");
        Files.writeString(test, "\n".repeat(LIMIT * 2));
        assertEquals(Map.of("some-module/src/main/java/x/Big.java", (long) LIMIT + 1), longerThan(LIMIT, root));
    }
}
