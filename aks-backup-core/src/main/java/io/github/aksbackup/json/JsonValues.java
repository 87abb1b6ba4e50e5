package io.github.aksbackup.json;

import io.github.aksbackup.internal.Json;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The JSON form of the SDK's value types, as the vault stores them and the command line's
 * {@code --json} documents print them: records by their components, {@code java.time} values,
 * durations and label selectors as strings, whole numbers as {@code Long} and others as
 * {@code BigDecimal}, null members left out, duplicate keys refused when reading. For applications
 * that print or forward what the client returns (jobs, recovery points, verify reports) in the same
 * shape; the Azure documents (policies, backup configurations, restore configs) have their own
 * readers and writers ({@code policy.PolicyJson}, {@code config.*Json}).
 */
public final class JsonValues {
    private JsonValues() {
    }

    /**
     * {@code value} as a JSON tree: a {@code Map} for an object (a record, a map), a {@code List}
     * for an array, else a string, number, boolean or {@code null}.
     */
    public static Object toTree(Object value) {
        return Json.toAnyTree(value);
    }

    /** {@code value} as compact JSON on one line. */
    public static String write(Object value) {
        try {
            return Json.mapper().writeValueAsString(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException("cannot write JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** {@code value} as indented JSON, for people. */
    public static String pretty(Object value) {
        return Json.pretty(value);
    }

    /**
     * Parses a JSON object into a tree of maps and lists.
     *
     * @throws IllegalArgumentException when {@code json} is not one JSON object
     */
    public static Map<String, Object> parseObject(byte[] json) {
        return Json.parseTree(json);
    }

    /**
     * Parses a JSON object into a tree of maps and lists.
     *
     * @throws IllegalArgumentException when {@code json} is not one JSON object
     */
    public static Map<String, Object> parseObject(String json) {
        return Json.parseTree(json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
