package io.github.aksbackup.bench;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * How {@link KubeBenchmark} states its figures (medians, ranges, ratios, the result table) and what it
 * needs from the machine (load average, trust in the API server's CA, scratch directories).
 */
final class BenchFigures {
    private BenchFigures() {
    }

    /** One line of the table: a measurement per data set. */
    record Row(String what, Map<BenchData, String> cells, String target) {
    }

    static String label(String variant) {
        return variant.isEmpty() ? "" : " [" + variant + "]";
    }

    static String mb(double v) {
        return v < 0 ? "n/a" : String.format(Locale.ROOT, "%.0f MiB", v);
    }

    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return String.format(Locale.ROOT, "%.2f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
    }

    static SSLContext trusting(byte[] caPem) throws Exception {
        KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
        ks.load(null, null);
        int i = 0;
        for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(caPem))) {
            ks.setCertificateEntry("ca-" + i++, c);
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    static double median(List<Double> s) {
        List<Double> sorted = s.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    static String range(List<Double> s) {
        double min = s.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
        double max = s.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
        return String.format(Locale.ROOT, "%.2f s (%.2f–%.2f)", median(s), min, max);
    }

    static String fmt(double seconds) {
        return String.format(Locale.ROOT, "%.2f s", seconds);
    }

    static String ratio(double r) {
        return String.format(Locale.ROOT, "%.2fx", r);
    }

    /** Prints the table of {@code rows}, a column per data set. */
    static void printTable(List<Row> rows, List<BenchData> datasets) {
        List<String> head = new ArrayList<>(List.of("measurement"));
        datasets.forEach(d -> head.add(d.id + ": time  vs floor"));
        List<List<String>> table = new ArrayList<>();
        table.add(head);
        for (Row r : rows) {
            List<String> line = new ArrayList<>(List.of(r.what));
            datasets.forEach(d -> line.add(r.cells.getOrDefault(d, "")));
            table.add(line);
        }
        int[] w = new int[head.size()];
        for (List<String> line : table) {
            for (int i = 0; i < line.size(); i++) {
                w[i] = Math.max(w[i], line.get(i).length());
            }
        }
        for (List<String> line : table) {
            StringBuilder sb = new StringBuilder("| ");
            for (int i = 0; i < line.size(); i++) {
                sb.append(String.format("%-" + w[i] + "s", line.get(i))).append(" | ");
            }
            System.out.println(sb.toString().stripTrailing());
            if (line == head) {
                System.out.println(Arrays.stream(w).mapToObj(n -> "-".repeat(n + 2)).collect(Collectors.joining("|", "|", "|")));
            }
        }
    }
}
