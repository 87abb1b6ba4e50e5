package io.github.aksbackup.backup;

import java.math.BigDecimal;
import java.util.Map;

/** Parses Kubernetes resource quantities ({@code 10Gi}, {@code 500M}, {@code 1e9}) into bytes. */
final class Quantities {
    private static final Map<String, BigDecimal> SUFFIX = Map.ofEntries(
            Map.entry("Ki", BigDecimal.valueOf(1L << 10)), Map.entry("Mi", BigDecimal.valueOf(1L << 20)),
            Map.entry("Gi", BigDecimal.valueOf(1L << 30)), Map.entry("Ti", BigDecimal.valueOf(1L << 40)),
            Map.entry("Pi", BigDecimal.valueOf(1L << 50)), Map.entry("Ei", BigDecimal.valueOf(1L << 60)),
            Map.entry("k", BigDecimal.valueOf(1_000L)), Map.entry("M", BigDecimal.valueOf(1_000_000L)),
            Map.entry("G", BigDecimal.valueOf(1_000_000_000L)), Map.entry("T", BigDecimal.valueOf(1_000_000_000_000L)),
            Map.entry("P", BigDecimal.valueOf(1_000_000_000_000_000L)), Map.entry("E", BigDecimal.valueOf(1_000_000_000_000_000_000L)));

    private Quantities() {
    }

    /** The quantity in bytes, or 0 when it cannot be parsed. */
    static long bytes(String q) {
        String s = q.trim();
        try {
            for (String suffix : new String[] {"Ki", "Mi", "Gi", "Ti", "Pi", "Ei", "k", "M", "G", "T", "P", "E"}) {
                if (s.endsWith(suffix)) {
                    return new BigDecimal(s.substring(0, s.length() - suffix.length())).multiply(SUFFIX.get(suffix)).longValue();
                }
            }
            return new BigDecimal(s).longValue();
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
