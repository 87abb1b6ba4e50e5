package io.github.aksbackup.cli;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One {@code aks-backup serve} replica as its own JVM on the built command-line jar, as users run it:
 * standard output and error go to files; {@link #url()} is read from its first line.
 */
final class ServeProcess implements AutoCloseable {
    static final Path JAR = Path.of("target", "aks-backup-cli.jar");
    private static final Pattern URL = Pattern.compile("http://127\\.0\\.0\\.1:(\\d+)");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    final String replica;
    final Process process;
    final Path out;
    final Path err;
    private String url;

    private ServeProcess(String replica, Process process, Path out, Path err) {
        this.replica = replica;
        this.process = process;
        this.out = out;
        this.err = err;
    }

    /** Starts {@code java -jar aks-backup-cli.jar serve ARGS --replica-id REPLICA --http-address 127.0.0.1 --http-port 0}. */
    static ServeProcess start(Path dir, String replica, List<String> args) throws IOException {
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException(JAR.toAbsolutePath() + " is missing: the integration tests run after 'package'");
        }
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:TieredStopAtLevel=1", "-jar", JAR.toString(), "serve"));
        cmd.addAll(args);
        cmd.addAll(List.of("--replica-id", replica, "--http-address", "127.0.0.1", "--http-port", "0"));
        Path out = dir.resolve("serve-" + replica + ".out");
        Path err = dir.resolve("serve-" + replica + ".err");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().remove("AKSB_LOG_LEVEL");
        return new ServeProcess(replica, pb.start(), out, err);
    }

    /** The base URL of its HTTP endpoints, once it printed it (waits up to 90 s: JVMs start slowly on a loaded machine). */
    String url() throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (url == null && System.nanoTime() < end) {
            Matcher m = URL.matcher(Files.readString(out, StandardCharsets.UTF_8));
            if (m.find()) {
                url = m.group();
            } else if (!process.isAlive()) {
                throw new AssertionError("serve " + replica + " ended with " + process.exitValue() + ": " + log());
            } else {
                Thread.sleep(200);
            }
        }
        if (url == null) {
            throw new AssertionError("serve " + replica + " printed no URL within 90 s: " + log());
        }
        return url;
    }

    /** GET of a path: status and body. */
    HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url() + path)).timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Standard output and error so far. */
    String log() throws IOException {
        return Files.readString(out, StandardCharsets.UTF_8) + Files.readString(err, StandardCharsets.UTF_8);
    }

    /** Sends a signal ({@code TERM}, {@code KILL}) with kill(1). */
    void signal(String name) throws Exception {
        if (new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).start().waitFor() != 0) {
            throw new AssertionError("kill -" + name + " " + process.pid() + " failed; serve " + replica + " alive: " + process.isAlive());
        }
    }

    /** Waits for the exit, returning the exit code, or fails after {@code limit}. */
    int awaitExit(Duration limit) throws Exception {
        if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("serve " + replica + " still running after " + limit + ": " + log());
        }
        return process.exitValue();
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
