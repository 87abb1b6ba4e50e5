package io.github.aksbackup.logging;

import java.util.ArrayList;
import java.util.List;

/**
 * Every log line of the tests' SLF4J backend ({@link CapturingServiceProvider}), at every level, kept
 * while capture is on. Lines include the message of every throwable and cause, and their stack traces.
 */
public final class CapturedLogs {
    private static final List<String> LINES = new ArrayList<>();
    private static boolean capturing;

    private CapturedLogs() {
    }

    /** Starts keeping lines (and forgets earlier ones). */
    public static synchronized void start() {
        LINES.clear();
        capturing = true;
    }

    /** Stops keeping lines and returns those kept. */
    public static synchronized List<String> stop() {
        capturing = false;
        List<String> out = List.copyOf(LINES);
        LINES.clear();
        return out;
    }

    static synchronized void add(String line) {
        if (capturing) {
            LINES.add(line);
        }
    }
}
