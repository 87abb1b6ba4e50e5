package io.github.aksbackup.hook;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as hook resources write them: Go / Kubernetes {@code metav1.Duration} syntax, a sequence
 * of decimal numbers each with a unit ({@code ns}, {@code us}, {@code µs}, {@code ms}, {@code s},
 * {@code m}, {@code h}), such as {@code 10s}, {@code 5m}, {@code 1h30m} or {@code 1.5s}.
 *
 * <p>ISO 8601 forms such as {@code PT30S} are refused with a hint giving the Go form: Azure's own
 * hook controller parses these fields with Go's {@code time.ParseDuration}, so a resource that passes
 * here must also work there.
 */
public final class HookDuration {
    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(ns|us|µs|μs|ms|s|m|h)");
    private static final Pattern ISO = Pattern.compile("(?i)P(?:\\d+D)?(?:T(?:\\d+H)?(?:\\d+M)?(?:\\d+(?:\\.\\d+)?S)?)?");

    private HookDuration() {
    }

    /**
     * Parses a Go-style duration.
     *
     * @throws IllegalArgumentException saying what is wrong and what is expected
     */
    public static Duration parse(String text) {
        String t = text.trim();
        if (t.isEmpty()) {
            throw new IllegalArgumentException("duration is empty; expected a duration such as 30s, 5m or 1h30m");
        }
        if (t.startsWith("-")) {
            throw new IllegalArgumentException("'" + text + "' is negative; a timeout must be positive, such as 30s");
        }
        if (t.length() > 1 && ISO.matcher(t).matches()) {
            String hint = isoHint(t);
            throw new IllegalArgumentException("'" + text + "' is an ISO 8601 duration; hook resources use durations such as 30s, 5m or 1h30m"
                    + (hint == null ? "" : " (here: " + hint + ")"));
        }
        if (t.chars().allMatch(c -> Character.isDigit(c) || c == '.')) {
            throw new IllegalArgumentException("'" + text + "' has no unit; write it with one, such as " + t + "s or " + t + "m");
        }
        Matcher m = PART.matcher(t);
        int pos = 0;
        BigDecimal nanos = BigDecimal.ZERO;
        while (pos < t.length()) {
            if (!m.find(pos) || m.start() != pos) {
                throw new IllegalArgumentException("'" + text + "' is not a duration; expected numbers with units ns, us, ms, s, m or h, such as 30s, 5m or 1h30m");
            }
            nanos = nanos.add(new BigDecimal(m.group(1).startsWith(".") ? "0" + m.group(1) : m.group(1))
                    .multiply(BigDecimal.valueOf(unitNanos(m.group(2)))));
            pos = m.end();
        }
        if (nanos.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            throw new IllegalArgumentException("'" + text + "' is too long a duration");
        }
        return Duration.ofNanos(nanos.setScale(0, RoundingMode.HALF_UP).longValueExact());
    }

    /** The Go-style form of a duration, such as {@code 30s}, {@code 5m}, {@code 1h30m} or {@code 1500ms}. */
    public static String format(Duration d) {
        if (d.isZero()) {
            return "0s";
        }
        StringBuilder sb = new StringBuilder();
        if (d.toHours() > 0) {
            sb.append(d.toHours()).append('h');
        }
        if (d.toMinutesPart() > 0) {
            sb.append(d.toMinutesPart()).append('m');
        }
        int nanos = d.toNanosPart();
        if (nanos == 0) {
            if (d.toSecondsPart() > 0) {
                sb.append(d.toSecondsPart()).append('s');
            }
        } else if (nanos % 1_000_000 == 0) {
            sb.append(d.toSecondsPart() * 1000L + nanos / 1_000_000).append("ms");
        } else {
            sb.append(d.toSecondsPart() * 1_000_000_000L + nanos).append("ns");
        }
        return sb.toString();
    }

    private static long unitNanos(String unit) {
        return switch (unit) {
            case "ns" -> 1L;
            case "us", "µs", "μs" -> 1_000L;
            case "ms" -> 1_000_000L;
            case "s" -> 1_000_000_000L;
            case "m" -> 60_000_000_000L;
            case "h" -> 3_600_000_000_000L;
            default -> throw new IllegalStateException(unit);
        };
    }

    private static String isoHint(String iso) {
        try {
            return format(Duration.parse(iso.toUpperCase(Locale.ROOT)));
        } catch (RuntimeException e) {
            return null;
        }
    }
}
