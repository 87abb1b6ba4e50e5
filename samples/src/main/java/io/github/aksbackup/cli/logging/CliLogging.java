package io.github.aksbackup.cli.logging;

import java.io.PrintStream;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.slf4j.event.Level;

/**
 * How the command line logs (its own SLF4J backend, {@link CliLoggerProvider}): to standard error,
 * as text ({@code [thread] LEVEL logger - message}) or as one JSON object per line, at a default
 * level with overrides per logger-name prefix.
 *
 * <p>The levels are read from the system properties slf4j-simple uses, so the same settings work:
 * {@code org.slf4j.simpleLogger.defaultLogLevel} and {@code org.slf4j.simpleLogger.log.<prefix>}
 * ({@code trace}, {@code debug}, {@code info}, {@code warn}, {@code error} or {@code off}).
 * {@link #configure} changes the default level and the format while the program runs ({@code serve}
 * logs at INFO, in JSON with {@code --log-format json}). Thread-safe.
 */
public final class CliLogging {
    /** Above every level: nothing is logged. */
    static final int OFF = Integer.MAX_VALUE;
    private static final String PROPERTY = "org.slf4j.simpleLogger.";

    /** Output format. */
    public enum Format {
        /** {@code [thread] LEVEL logger - message}, stack traces below. */
        TEXT,
        /** One JSON object per line: time, level, logger, thread, message, and error with its stack trace. */
        JSON
    }

    /** The settings in force; replaced as a whole. */
    record Settings(int defaultLevel, Map<String, Integer> prefixes, Format format, PrintStream out, Clock clock) {
        /** The lowest level logged for a logger name. */
        int threshold(String name) {
            int best = defaultLevel;
            int bestLength = -1;
            for (Map.Entry<String, Integer> e : prefixes.entrySet()) {
                String p = e.getKey();
                if ((name.equals(p) || name.startsWith(p + ".")) && p.length() > bestLength) {
                    best = e.getValue();
                    bestLength = p.length();
                }
            }
            return best;
        }
    }

    private static volatile Settings settings;

    private CliLogging() {
    }

    static Settings settings() {
        Settings s = settings;
        if (s == null) {
            synchronized (CliLogging.class) {
                if (settings == null) {
                    settings = fromProperties(null, Format.TEXT, null);
                }
                s = settings;
            }
        }
        return s;
    }

    /**
     * Sets the default level ({@code null}: the system property's) and the format, and reads the
     * per-logger overrides again. {@code out} null: standard error at the time of each line.
     */
    public static synchronized void configure(Level defaultLevel, Format format, PrintStream out) {
        settings = fromProperties(defaultLevel, Objects.requireNonNull(format, "format"), out);
    }

    /** Back to the settings of the system properties, as text on standard error. */
    public static synchronized void reset() {
        settings = fromProperties(null, Format.TEXT, null);
    }

    private static Settings fromProperties(Level fallback, Format format, PrintStream out) {
        String def = System.getProperty(PROPERTY + "defaultLogLevel");
        int defaultLevel = fallback != null ? fallback.toInt() : def != null ? parse(def) : Level.INFO.toInt();
        Map<String, Integer> prefixes = new TreeMap<>();
        for (String key : System.getProperties().stringPropertyNames()) {
            if (key.startsWith(PROPERTY + "log.")) {
                prefixes.put(key.substring((PROPERTY + "log.").length()), parse(System.getProperty(key)));
            }
        }
        return new Settings(defaultLevel, Map.copyOf(prefixes), format, out, Clock.systemUTC());
    }

    static int parse(String level) {
        return switch (level.trim().toLowerCase(Locale.ROOT)) {
            case "trace" -> Level.TRACE.toInt();
            case "debug" -> Level.DEBUG.toInt();
            case "warn" -> Level.WARN.toInt();
            case "error" -> Level.ERROR.toInt();
            case "off" -> OFF;
            default -> Level.INFO.toInt();
        };
    }
}
