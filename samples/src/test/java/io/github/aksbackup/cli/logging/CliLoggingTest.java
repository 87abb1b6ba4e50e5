package io.github.aksbackup.cli.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.aksbackup.json.JsonValues;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/** The command line's SLF4J backend: JSON lines, text lines, levels per logger prefix. */
class CliLoggingTest {
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    @AfterEach
    void reset() {
        System.clearProperty("org.slf4j.simpleLogger.log.io.github.aksbackup.quiet");
        CliLogging.reset();
    }

    List<String> lines() {
        return bytes.toString(StandardCharsets.UTF_8).lines().toList();
    }

    @Test
    void slf4jFindsTheCommandLinesBackend() {
        assertTrue(LoggerFactory.getILoggerFactory().getLogger("x") instanceof CliLogger);
    }

    @Test
    void jsonWritesOneObjectPerLineWithTheErrorAndItsStackTrace() {
        CliLogging.configure(Level.INFO, CliLogging.Format.JSON, out);
        Logger log = LoggerFactory.getLogger("io.github.aksbackup.test");
        log.info("backup {} of {} done", "rp-1", "shop \"quoted\"\nnext line");
        log.debug("not at INFO");
        log.warn("failed", new IllegalStateException("disk full"));
        List<String> lines = lines();
        assertEquals(2, lines.size(), lines.toString());
        Map<String, Object> first = JsonValues.parseObject(lines.get(0).getBytes(StandardCharsets.UTF_8));
        assertEquals("INFO", first.get("level"));
        assertEquals("io.github.aksbackup.test", first.get("logger"));
        assertEquals("backup rp-1 of shop \"quoted\"\nnext line done", first.get("message"));
        assertTrue(first.get("time").toString().endsWith("Z"));
        Map<String, Object> second = JsonValues.parseObject(lines.get(1).getBytes(StandardCharsets.UTF_8));
        assertEquals("java.lang.IllegalStateException: disk full", second.get("error"));
        assertTrue(second.get("stackTrace").toString().contains("CliLoggingTest"));
    }

    @Test
    void textAndLevelsPerLoggerPrefix() {
        System.setProperty("org.slf4j.simpleLogger.log.io.github.aksbackup.quiet", "error");
        CliLogging.configure(Level.DEBUG, CliLogging.Format.TEXT, out);
        LoggerFactory.getLogger("io.github.aksbackup.quiet.Inner").warn("hidden");
        LoggerFactory.getLogger("io.github.aksbackup.quieter").debug("shown {}", 1);
        List<String> lines = lines();
        assertEquals(1, lines.size(), lines.toString());
        assertTrue(lines.get(0).endsWith("DEBUG io.github.aksbackup.quieter - shown 1"), lines.get(0));
        assertFalse(LoggerFactory.getLogger("io.github.aksbackup.quiet").isWarnEnabled());
    }
}
