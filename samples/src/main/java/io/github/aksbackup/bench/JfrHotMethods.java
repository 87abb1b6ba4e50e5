package io.github.aksbackup.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Turns a Java Flight Recorder recording into the tables a performance note needs: the hottest
 * methods by execution samples, on their own ("self": the method was on top of the stack) and with
 * what they call ("total": the method was anywhere on the stack), the samples per thread, and the
 * samples per package group, which says which layer (JSON parsing, TLS, compression, ...) the time
 * goes to. Plus the counts of classes loaded and methods compiled when the recording holds them.
 *
 * <pre>
 * java -cp samples/target/aks-backup-cli.jar io.github.aksbackup.bench.JfrHotMethods [--top 20] [--thread REGEX] FILE.jfr...
 * </pre>
 */
public final class JfrHotMethods {
    /** Package prefixes, most specific first, and the layer each stands for. */
    private static final String[][] LAYERS = {
        {"io.github.aksbackup.k8s.", "aks-backup k8s adapter"},
        {"io.github.aksbackup.repository.", "aks-backup repository (canonical JSON, hash, packs)"},
        {"io.github.aksbackup.backup.", "aks-backup backup engine"},
        {"io.github.aksbackup.", "aks-backup other"},
        {"com.fasterxml.jackson.", "Jackson"},
        {"okhttp3.", "OkHttp"}, {"okio.", "OkHttp"},
        {"io.kubernetes.", "client-java"},
        {"com.google.gson.", "Gson"},
        {"org.yaml.snakeyaml.", "SnakeYAML"},
        {"kotlin.", "Kotlin stdlib"},
        {"picocli.", "picocli"},
        {"com.azure.", "Azure SDK"}, {"reactor.", "Azure SDK"},
        {"org.bouncycastle.", "BouncyCastle"},
        {"sun.security.", "JDK TLS and crypto"}, {"javax.crypto.", "JDK TLS and crypto"}, {"com.sun.crypto.", "JDK TLS and crypto"},
        {"java.util.zip.", "JDK zip (DEFLATE, jar reading)"},
        {"jdk.internal.loader.", "JDK class loading"}, {"java.lang.ClassLoader", "JDK class loading"},
        {"java.lang.invoke.", "JDK method handles and lambdas"}, {"jdk.internal.reflect.", "JDK reflection"},
        {"java.lang.reflect.", "JDK reflection"},
        {"sun.nio.", "JDK I/O"}, {"java.io.", "JDK I/O"}, {"java.nio.", "JDK I/O"}, {"java.net.", "JDK I/O"}, {"sun.net.", "JDK I/O"},
        {"java.util.", "JDK collections and util"},
        {"java.lang.", "JDK lang (strings, ...)"},
        {"jdk.jfr.", "JFR itself"},
    };

    private JfrHotMethods() {
    }

    public static void main(String[] args) throws IOException {
        int top = 20;
        String thread = null;
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--top" -> top = Integer.parseInt(args[++i]);
                case "--thread" -> thread = args[++i];
                default -> files.add(Path.of(args[i]));
            }
        }
        if (files.isEmpty()) {
            throw new IllegalArgumentException("usage: JfrHotMethods [--top N] [--thread REGEX] FILE.jfr...");
        }
        for (Path f : files) {
            report(f, top, thread);
        }
    }

    private static void report(Path file, int top, String threadRegex) throws IOException {
        Map<String, Integer> self = new HashMap<>();
        Map<String, Integer> total = new HashMap<>();
        Map<String, Integer> threads = new HashMap<>();
        Map<String, Integer> layers = new HashMap<>();
        int samples = 0;
        int classLoads = 0;
        int compilations = 0;
        long compileNanos = 0;
        for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
            String type = e.getEventType().getName();
            if (type.equals("jdk.ClassLoad")) {
                classLoads++;
            } else if (type.equals("jdk.Compilation")) {
                compilations++;
                compileNanos += e.getDuration().toNanos();
            }
            if (!type.equals("jdk.ExecutionSample")) {
                continue;
            }
            String threadName = e.getThread("sampledThread") == null ? "?" : e.getThread("sampledThread").getJavaName();
            threadName = threadName == null ? "?" : threadName.replaceAll("\\d+", "N");
            if (threadRegex != null && !threadName.matches(threadRegex)) {
                continue;
            }
            RecordedStackTrace st = e.getStackTrace();
            if (st == null || st.getFrames().isEmpty()) {
                continue;
            }
            samples++;
            threads.merge(threadName, 1, Integer::sum);
            List<RecordedFrame> frames = st.getFrames();
            String topMethod = name(frames.get(0).getMethod());
            self.merge(topMethod, 1, Integer::sum);
            layers.merge(layerOf(frames), 1, Integer::sum);
            Set<String> seen = new HashSet<>();
            for (RecordedFrame fr : frames) {
                if (fr.getMethod() == null || isPlumbing(fr.getMethod().getType().getName())) {
                    continue;
                }
                String m = name(fr.getMethod());
                if (seen.add(m)) {
                    total.merge(m, 1, Integer::sum);
                }
            }
        }
        System.out.printf(Locale.ROOT, "## %s: %,d execution samples%s%n%n", file.getFileName(), samples,
                threadRegex == null ? "" : " on threads matching " + threadRegex);
        if (classLoads > 0 || compilations > 0) {
            System.out.printf(Locale.ROOT, "recorded: %,d classes loaded, %,d compilations (%.0f ms in compilations over the "
                    + "threshold)%n%n", classLoads, compilations, compileNanos / 1e6);
        }
        table("samples by layer (the top frame's package; JDK frames count for the nearest caller outside the JDK's "
                + "general packages)", layers, samples, top, Function.identity());
        table("samples by thread", threads, samples, top, Function.identity());
        final int all = samples;
        table("top " + top + " methods, self", self, samples, top, m -> m + withTotal(total, m, all));
        table("top " + top + " methods, with callees (thread-pool and command-line plumbing left out)", total, samples, top,
                Function.identity());
    }

    /** Frames on nearly every stack (thread pools, the command-line framework), which would fill the "with callees" table. */
    private static boolean isPlumbing(String type) {
        return type.equals("java.lang.Thread") || type.startsWith("java.util.concurrent.") || type.startsWith("picocli.")
                || type.startsWith("okhttp3.internal.concurrent.") || type.equals("io.github.aksbackup.cli.AksBackupCli")
                || type.startsWith("java.lang.invoke.") || type.startsWith("jdk.internal.reflect.") || type.startsWith("java.lang.reflect.");
    }

    private static String withTotal(Map<String, Integer> total, String m, int samples) {
        return String.format(Locale.ROOT, " (with callees %.1f %%)", 100.0 * total.getOrDefault(m, 0) / samples);
    }

    private static void table(String title, Map<String, Integer> counts, int samples, int top, Function<String, String> label) {
        System.out.println("### " + title);
        System.out.println();
        System.out.println("| samples | % | what |");
        System.out.println("|---:|---:|---|");
        TreeMap<Integer, List<String>> byCount = new TreeMap<>();
        counts.forEach((k, v) -> byCount.computeIfAbsent(-v, x -> new ArrayList<>()).add(k));
        int n = 0;
        for (Map.Entry<Integer, List<String>> e : byCount.entrySet()) {
            for (String k : e.getValue().stream().sorted().toList()) {
                if (n++ >= top) {
                    System.out.println();
                    return;
                }
                System.out.printf(Locale.ROOT, "| %,d | %.1f | %s |%n", -e.getKey(), 100.0 * -e.getKey() / Math.max(1, samples),
                        label.apply(k));
            }
        }
        System.out.println();
    }

    /**
     * The layer a sample belongs to: the first frame from the top whose package says more than
     * "the JDK's general library" (collections, strings, I/O), so that a HashMap.put inside Jackson
     * counts for Jackson; when every frame is general, the top frame's layer.
     */
    private static String layerOf(List<RecordedFrame> frames) {
        String first = null;
        for (RecordedFrame f : frames) {
            String type = f.getMethod() == null ? "?" : f.getMethod().getType().getName();
            String layer = "other: " + packageOf(type);
            for (String[] l : LAYERS) {
                if (type.startsWith(l[0])) {
                    layer = l[1];
                    break;
                }
            }
            if (first == null) {
                first = layer;
            }
            if (!layer.startsWith("JDK collections") && !layer.startsWith("JDK lang") && !layer.startsWith("JDK I/O")) {
                return layer;
            }
        }
        return first;
    }

    private static String packageOf(String type) {
        int dot = type.lastIndexOf('.');
        return dot < 0 ? type : type.substring(0, dot);
    }

    private static String name(RecordedMethod m) {
        if (m == null) {
            return "?";
        }
        String type = m.getType().getName();
        return type.substring(type.lastIndexOf('.') + 1) + "." + m.getName() + " (" + packageOf(type) + ")";
    }
}
