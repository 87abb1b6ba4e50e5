package io.github.aksbackup.cli;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * Debian's {@code chromium}, headless, as the page tests run it: a fresh profile per run, nothing that
 * reaches the network, console messages on standard error ({@code --enable-logging=stderr --v=0} prints
 * each as a {@code CONSOLE} line, also uncaught exceptions).
 *
 * <p>The browser is {@code chromium} on the PATH, or the binary {@value #BINARY} names. When {@value #REQUIRED}
 * is {@code required} (scripts/test-all.sh sets it) a missing browser fails the tests; otherwise they are
 * skipped with a message saying how to run them.
 */
final class Chromium {
    /** The environment variable that makes browser tests mandatory. */
    static final String REQUIRED = "AKSB_BROWSER_TESTS";
    /** The environment variable that names another browser binary than {@code chromium} on the PATH. */
    static final String BINARY = "AKSB_CHROMIUM";
    private static final long TIMEOUT_SECONDS = 120;
    private static final List<String> FLAGS = List.of("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
            "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--hide-scrollbars", "--enable-logging=stderr", "--v=0");

    private final Path binary;
    private final Path work;

    private Chromium(Path binary, Path work) {
        this.binary = binary;
        this.work = work;
    }

    /** The browser, or a skipped test (a failed one when {@value #REQUIRED}=required). */
    static Chromium findOrSkip(Path work) {
        Optional<Path> found = find();
        if (found.isEmpty()) {
            String why = System.getenv(BINARY) != null ? BINARY + "=" + System.getenv(BINARY) + " is not an executable file"
                    : "chromium is not installed (apt-get install chromium; .ci/run does it)";
            if ("required".equals(System.getenv(REQUIRED))) {
                fail(REQUIRED + "=required but " + why);
            }
            String message = "browser tests skipped: " + why + "; set " + REQUIRED + "=required to make this a failure";
            System.err.println(message);
            Assumptions.abort(message);
        }
        return new Chromium(found.get(), work);
    }

    private static Optional<Path> find() {
        String chosen = System.getenv(BINARY);
        if (chosen != null && !chosen.isBlank()) {
            return Optional.of(Path.of(chosen)).filter(Files::isExecutable);
        }
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        return Stream.of(path.split(java.io.File.pathSeparator)).map(p -> Path.of(p, "chromium"))
                .filter(Files::isExecutable).findFirst();
    }

    /** What the page's DOM was after its scripts ran, and what it wrote to the console. */
    record Rendered(String dom, List<String> console) {
    }

    /** The DOM after the page's scripts ran ({@code --dump-dom}). */
    Rendered dumpDom(Path page) {
        Run r = run(page, List.of("--dump-dom"));
        return new Rendered(r.stdout, r.console);
    }

    /** A screenshot at {@code width x height}; returns the console messages. */
    List<String> screenshot(Path page, Path png, int width, int height) {
        Run r = run(page, List.of("--window-size=" + width + "," + height, "--screenshot=" + png.toAbsolutePath()));
        if (!Files.isRegularFile(png)) {
            fail("chromium wrote no screenshot " + png + ":\n" + r.stderr);
        }
        return r.console;
    }

    private record Run(String stdout, String stderr, List<String> console) {
    }

    private Run run(Path page, List<String> args) {
        try {
            Path profile = Files.createTempDirectory(work, "chromium-profile");
            Path out = work.resolve(profile.getFileName() + ".out");
            Path err = work.resolve(profile.getFileName() + ".err");
            List<String> cmd = new ArrayList<>();
            cmd.add(binary.toString());
            cmd.addAll(FLAGS);
            cmd.add("--user-data-dir=" + profile);
            cmd.addAll(args);
            cmd.add(page.toAbsolutePath().toUri().toString());
            Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                fail("chromium did not finish " + page + " within " + TIMEOUT_SECONDS + " s");
            }
            String stderr = Files.readString(err, StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                fail("chromium exited " + p.exitValue() + " on " + page + ":\n" + stderr);
            }
            List<String> console = stderr.lines().filter(l -> l.contains(":CONSOLE")).toList();
            Run r = new Run(Files.readString(out, StandardCharsets.UTF_8), stderr, console);
            deleteTree(profile);
            return r;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Deletes a directory and everything in it, if it exists. */
    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }
}
