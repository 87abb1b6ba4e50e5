package io.github.aksbackup.cli.logging;

import io.github.aksbackup.json.JsonValues;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;

/** One named logger of {@link CliLoggerProvider}: writes a line per event as {@link CliLogging} says. */
final class CliLogger extends LegacyAbstractLogger {
    private static final long serialVersionUID = 1L;

    CliLogger(String name) {
        this.name = name;
    }

    private boolean enabled(Level level) {
        return level.toInt() >= CliLogging.settings().threshold(name);
    }

    @Override
    public boolean isTraceEnabled() {
        return enabled(Level.TRACE);
    }

    @Override
    public boolean isDebugEnabled() {
        return enabled(Level.DEBUG);
    }

    @Override
    public boolean isInfoEnabled() {
        return enabled(Level.INFO);
    }

    @Override
    public boolean isWarnEnabled() {
        return enabled(Level.WARN);
    }

    @Override
    public boolean isErrorEnabled() {
        return enabled(Level.ERROR);
    }

    @Override
    protected String getFullyQualifiedCallerName() {
        return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] arguments, Throwable error) {
        CliLogging.Settings s = CliLogging.settings();
        if (level.toInt() < s.threshold(name)) {
            return;
        }
        String message = MessageFormatter.basicArrayFormat(pattern, arguments);
        String line = s.format() == CliLogging.Format.JSON ? json(s, level, message, error) : text(level, message, error);
        PrintStream out = s.out() != null ? s.out() : System.err;
        synchronized (CliLogger.class) {
            out.println(line);
            out.flush();
        }
    }

    private String text(Level level, String message, Throwable error) {
        String line = "[" + Thread.currentThread().getName() + "] " + level + " " + name + " - " + message;
        return error == null ? line : line + System.lineSeparator() + stack(error).stripTrailing();
    }

    private String json(CliLogging.Settings s, Level level, String message, Throwable error) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("time", s.clock().instant().toString());
        m.put("level", level.toString());
        m.put("logger", name);
        m.put("thread", Thread.currentThread().getName());
        m.put("message", message);
        if (error != null) {
            m.put("error", error.toString());
            m.put("stackTrace", stack(error));
        }
        try {
            return JsonValues.write(m);
        } catch (java.io.UncheckedIOException e) {
            return "{\"level\":\"ERROR\",\"message\":\"a log line could not be written as JSON\"}";
        }
    }

    private static String stack(Throwable error) {
        StringWriter w = new StringWriter();
        error.printStackTrace(new PrintWriter(w));
        return w.toString();
    }
}
