package io.github.aksbackup.restore.modifier;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The engine's object trees ({@link io.github.aksbackup.spi.KubeObject}: maps, lists, strings,
 * {@code Long}/{@code Double}/{@code BigDecimal}, booleans, {@code null}) next to JSON-P values and
 * Jackson nodes: conversion, deep copy, equality that compares numbers by value (1 equals 1.0, as
 * JSON and Velero's Go code see them), and the list of paths where two trees differ.
 */
final class Trees {
    private Trees() {
    }

    /** A deep, mutable copy. */
    static Object copy(Object v) {
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, x) -> out.put((String) k, copy(x)));
            return out;
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            l.forEach(x -> out.add(copy(x)));
            return out;
        }
        return v;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> copyMap(Map<String, Object> m) {
        return (Map<String, Object>) copy(m);
    }

    /** Deep equality; numbers are equal when their values are. */
    static boolean same(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            return decimal(x).compareTo(decimal(y)) == 0;
        }
        if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
            if (x.size() != y.size()) {
                return false;
            }
            for (Map.Entry<?, ?> e : x.entrySet()) {
                if (!y.containsKey(e.getKey()) || !same(e.getValue(), y.get(e.getKey()))) {
                    return false;
                }
            }
            return true;
        }
        if (a instanceof List<?> x && b instanceof List<?> y) {
            if (x.size() != y.size()) {
                return false;
            }
            for (int i = 0; i < x.size(); i++) {
                if (!same(x.get(i), y.get(i))) {
                    return false;
                }
            }
            return true;
        }
        return a == null ? b == null : a.equals(b);
    }

    private static BigDecimal decimal(Number n) {
        if (n instanceof BigDecimal d) {
            return d;
        }
        if (n instanceof BigInteger i) {
            return new BigDecimal(i);
        }
        if (n instanceof Double || n instanceof Float) {
            return BigDecimal.valueOf(n.doubleValue());
        }
        return BigDecimal.valueOf(n.longValue());
    }

    /** The tree as a JSON-P value. */
    static JsonValue toJson(Object v) {
        if (v == null) {
            return JsonValue.NULL;
        }
        if (v instanceof Map<?, ?> m) {
            JsonObjectBuilder b = Json.createObjectBuilder();
            m.forEach((k, x) -> b.add((String) k, toJson(x)));
            return b.build();
        }
        if (v instanceof List<?> l) {
            JsonArrayBuilder b = Json.createArrayBuilder();
            l.forEach(x -> b.add(toJson(x)));
            return b.build();
        }
        if (v instanceof String s) {
            return Json.createValue(s);
        }
        if (v instanceof Boolean bool) {
            return bool ? JsonValue.TRUE : JsonValue.FALSE;
        }
        if (v instanceof Number n) {
            return Json.createValue(decimal(n));
        }
        throw new IllegalArgumentException("not a JSON value: " + v.getClass().getName());
    }

    /** A JSON-P value as a tree: whole numbers become {@code Long} (or {@code BigDecimal} when too large), others {@code BigDecimal}. */
    static Object fromJson(JsonValue v) {
        switch (v.getValueType()) {
            case OBJECT: {
                Map<String, Object> out = new LinkedHashMap<>();
                ((JsonObject) v).forEach((k, x) -> out.put(k, fromJson(x)));
                return out;
            }
            case ARRAY: {
                List<Object> out = new ArrayList<>();
                ((JsonArray) v).forEach(x -> out.add(fromJson(x)));
                return out;
            }
            case STRING:
                return ((JsonString) v).getString();
            case NUMBER:
                return number(((JsonNumber) v).bigDecimalValue());
            case TRUE:
                return Boolean.TRUE;
            case FALSE:
                return Boolean.FALSE;
            default:
                return null;
        }
    }

    private static Object number(BigDecimal d) {
        if (d.scale() <= 0) {
            try {
                return d.longValueExact();
            } catch (ArithmeticException tooLarge) {
                return d;
            }
        }
        return d;
    }

    /** A Jackson node (a parsed patch) as a tree. */
    static Object fromNode(JsonNode n) {
        if (n == null || n.isNull() || n.isMissingNode()) {
            return null;
        }
        if (n.isObject()) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> e : n.properties()) {
                out.put(e.getKey(), fromNode(e.getValue()));
            }
            return out;
        }
        if (n.isArray()) {
            List<Object> out = new ArrayList<>();
            n.forEach(x -> out.add(fromNode(x)));
            return out;
        }
        if (n.isBoolean()) {
            return n.booleanValue();
        }
        if (n.isNumber()) {
            return number(n.decimalValue());
        }
        return n.asText();
    }

    /**
     * JSON pointers of the places where {@code after} differs from {@code before}: a changed or added
     * value, a removed key, a list whose length changed; at most {@code limit} (the caller says there are more).
     */
    static void differences(Object before, Object after, String at, List<String> out, int limit) {
        if (out.size() > limit || same(before, after)) {
            return;
        }
        if (before instanceof Map<?, ?> b && after instanceof Map<?, ?> a) {
            for (Map.Entry<?, ?> e : a.entrySet()) {
                String p = at + "/" + escape((String) e.getKey());
                if (!b.containsKey(e.getKey())) {
                    out.add(p);
                } else {
                    differences(b.get(e.getKey()), e.getValue(), p, out, limit);
                }
            }
            for (Object k : b.keySet()) {
                if (!a.containsKey(k)) {
                    out.add(at + "/" + escape((String) k));
                }
            }
            return;
        }
        if (before instanceof List<?> b && after instanceof List<?> a && a.size() == b.size()) {
            for (int i = 0; i < a.size(); i++) {
                differences(b.get(i), a.get(i), at + "/" + i, out, limit);
            }
            return;
        }
        out.add(at.isEmpty() ? "/" : at);
    }

    /** The value at a JSON pointer, or {@code MISSING}. */
    static Object at(Object tree, String pointer) {
        Object cur = tree;
        if (pointer.isEmpty()) {
            return cur;
        }
        for (String token : pointer.substring(1).split("/", -1)) {
            String t = token.replace("~1", "/").replace("~0", "~");
            if (cur instanceof Map<?, ?> m && m.containsKey(t)) {
                cur = m.get(t);
            } else if (cur instanceof List<?> l && t.matches("0|[1-9][0-9]{0,8}") && Integer.parseInt(t) < l.size()) {
                cur = l.get(Integer.parseInt(t));
            } else {
                return MISSING;
            }
        }
        return cur;
    }

    /** What {@link #at} returns for a path the tree does not have. */
    static final Object MISSING = new Object();

    static String escape(String key) {
        return key.replace("~", "~0").replace("/", "~1");
    }
}
