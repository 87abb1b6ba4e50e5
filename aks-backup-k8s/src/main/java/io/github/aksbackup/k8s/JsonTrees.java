package io.github.aksbackup.k8s;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Converts between JSON text, Gson trees and the plain Java trees {@link io.github.aksbackup.spi.KubeObject}
 * holds (maps, lists, strings, {@code Long}/{@code Double}/{@code BigDecimal}, booleans, {@code null}).
 *
 * <p>Listing goes straight from the response stream to Java trees with Jackson's streaming parser:
 * no intermediate tree, which is what keeps a backup close to the speed of a raw LIST.
 */
final class JsonTrees {
    /** Kubernetes objects can be large (a ConfigMap may hold 1 MiB); the defaults are generous but bounded. */
    static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(64 * 1024 * 1024).build())
            .build();

    private JsonTrees() {
    }

    /** Reads the value at the parser's current token (which must be set) into a Java tree. */
    static Object readValue(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        switch (t) {
            case START_OBJECT:
                return readObject(p, new LinkedHashMap<>());
            case START_ARRAY: {
                List<Object> list = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    list.add(readValue(p));
                }
                return list;
            }
            case VALUE_STRING:
                return p.getText();
            case VALUE_NUMBER_INT:
                if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                    return new BigDecimal(p.getBigIntegerValue());
                }
                return p.getLongValue();
            case VALUE_NUMBER_FLOAT:
                return decimal(p.getText());
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_NULL:
                return null;
            default:
                throw new IOException("unexpected JSON token " + t);
        }
    }

    /**
     * Reads the object at the parser's {@code START_OBJECT} into {@code into}, which may already
     * hold entries (they keep their position, which is how listed items get {@code apiVersion} and
     * {@code kind} first).
     */
    static Map<String, Object> readObject(JsonParser p, Map<String, Object> into) throws IOException {
        String field;
        while ((field = p.nextFieldName()) != null) {
            p.nextToken();
            into.put(field, readValue(p));
        }
        return into;
    }

    /** Parses one JSON object. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> parseObject(String json) {
        try (JsonParser p = FACTORY.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("not a JSON object");
            }
            return (Map<String, Object>) readValue(p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot parse JSON", e);
        }
    }

    /** Writes a Java tree as compact JSON in UTF-8. */
    static byte[] writeBytes(Object tree) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(1024);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            write(g, tree);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write JSON", e);
        }
        return out.toByteArray();
    }

    /** Writes a Java tree as compact JSON. */
    static String write(Object tree) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            write(g, tree);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write JSON", e);
        }
        return out.toString();
    }

    private static void write(JsonGenerator g, Object v) throws IOException {
        if (v == null) {
            g.writeNull();
        } else if (v instanceof Map<?, ?> m) {
            g.writeStartObject();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                g.writeFieldName((String) e.getKey());
                write(g, e.getValue());
            }
            g.writeEndObject();
        } else if (v instanceof List<?> l) {
            g.writeStartArray();
            for (Object o : l) {
                write(g, o);
            }
            g.writeEndArray();
        } else if (v instanceof String s) {
            g.writeString(s);
        } else if (v instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            g.writeNumber(((Number) v).longValue());
        } else if (v instanceof Double d) {
            g.writeNumber(d);
        } else if (v instanceof Float f) {
            g.writeNumber(f);
        } else if (v instanceof BigDecimal d) {
            g.writeNumber(d);
        } else if (v instanceof Number n) {
            g.writeNumber(new BigDecimal(n.toString()));
        } else {
            throw new IllegalArgumentException("not a JSON value: " + v.getClass().getName());
        }
    }

    /** A Gson tree as a Java tree. */
    static Object fromGson(JsonElement e) {
        if (e == null || e.isJsonNull()) {
            return null;
        }
        if (e.isJsonObject()) {
            JsonObject o = e.getAsJsonObject();
            Map<String, Object> map = new LinkedHashMap<>(Math.max(4, o.size() * 4 / 3 + 1));
            for (Map.Entry<String, JsonElement> en : o.entrySet()) {
                map.put(en.getKey(), fromGson(en.getValue()));
            }
            return map;
        }
        if (e.isJsonArray()) {
            JsonArray a = e.getAsJsonArray();
            List<Object> list = new ArrayList<>(a.size());
            for (JsonElement x : a) {
                list.add(fromGson(x));
            }
            return list;
        }
        JsonPrimitive p = e.getAsJsonPrimitive();
        if (p.isBoolean()) {
            return p.getAsBoolean();
        }
        if (p.isNumber()) {
            return number(p.getAsString());
        }
        return p.getAsString();
    }

    /** A Java tree as a Gson tree. */
    static JsonElement toGson(Object v) {
        if (v == null) {
            return JsonNull.INSTANCE;
        }
        if (v instanceof Map<?, ?> m) {
            JsonObject o = new JsonObject();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                o.add((String) e.getKey(), toGson(e.getValue()));
            }
            return o;
        }
        if (v instanceof List<?> l) {
            JsonArray a = new JsonArray(l.size());
            for (Object x : l) {
                a.add(toGson(x));
            }
            return a;
        }
        if (v instanceof String s) {
            return new JsonPrimitive(s);
        }
        if (v instanceof Boolean b) {
            return new JsonPrimitive(b);
        }
        if (v instanceof Number n) {
            return new JsonPrimitive(n);
        }
        throw new IllegalArgumentException("not a JSON value: " + v.getClass().getName());
    }

    /** A JSON number's text as {@code Long} when integral and in range, else {@code Double} or {@code BigDecimal}. */
    static Object number(String text) {
        boolean integral = true;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '.' || c == 'e' || c == 'E') {
                integral = false;
                break;
            }
        }
        if (integral) {
            try {
                return Long.parseLong(text);
            } catch (NumberFormatException tooBig) {
                return new BigDecimal(text);
            }
        }
        return decimal(text);
    }

    /** A fraction as {@code Double} when that keeps its value exactly as written, else {@code BigDecimal}. */
    private static Object decimal(String text) {
        double d = Double.parseDouble(text);
        if (!Double.isInfinite(d) && new BigDecimal(Double.toString(d)).compareTo(new BigDecimal(text)) == 0) {
            return d;
        }
        return new BigDecimal(text);
    }
}
