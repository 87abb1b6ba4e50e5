package io.github.aksbackup.repository;

import io.github.aksbackup.internal.Json;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The one JSON form the repository hashes and stores, so that equal content always has the same
 * bytes and therefore the same {@link BlobId}.
 *
 * <p>Definition (format version 1):
 * <ul>
 *   <li>UTF-8, no byte-order mark, no whitespace outside strings.</li>
 *   <li>Object members sorted by key, comparing keys as sequences of UTF-16 code units
 *       ({@link String#compareTo}); {@code null} member values are kept ({@code "k":null}).</li>
 *   <li>Strings: {@code "} and {@code \} escaped as {@code \"} and {@code \\}; U+0008, U+000C, U+000A,
 *       U+000D, U+0009 as {@code \b \f \n \r \t}; other code points below U+0020 as {@code \}{@code u00xx}
 *       (lowercase hex); a lone surrogate as {@code \}{@code uxxxx}; everything else as its UTF-8 bytes,
 *       {@code /} and non-ASCII included.</li>
 *   <li>Numbers denote their exact decimal value: trailing zeros of the fraction are dropped, an
 *       integral value is written as an integer ({@code 1.0} and {@code 1E0} become {@code 1},
 *       {@code -0} becomes {@code 0}), other values in plain notation without exponent
 *       ({@code 1.5E-3} becomes {@code 0.0015}). A {@code double} is taken by its shortest decimal
 *       form ({@link Double#toString}); NaN and infinities are rejected.</li>
 *   <li>{@code true}, {@code false}, {@code null} as such; arrays keep their order.</li>
 * </ul>
 * Accepted Java values: {@code Map} with {@code String} keys, {@code List}, {@code String},
 * {@code Number}, {@code Boolean} and {@code null}.
 */
public final class CanonicalJson {
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private CanonicalJson() {
    }

    /**
     * One buffer per thread, reused from object to object: a backup writes every object it stores, and
     * growing a fresh buffer to an object's size copied it several times over.
     */
    private static final ThreadLocal<Buffer> BUFFERS = ThreadLocal.withInitial(() -> new Buffer(4096));
    /** A buffer grown beyond this by a huge object is not kept for the next one. */
    private static final int KEPT_CAPACITY = 1 << 20;

    /** The canonical bytes of a JSON tree. */
    public static byte[] write(Object tree) {
        return write(tree, null, null);
    }

    /**
     * The canonical bytes of a JSON object as if the members {@code omitted} of its member object
     * {@code member} were removed, leaving the tree as it is: what a copy without them would give,
     * without the copy.
     */
    public static byte[] writeWithout(Map<String, Object> tree, String member, Set<String> omitted) {
        return write(tree, java.util.Objects.requireNonNull(member, "member"), java.util.Objects.requireNonNull(omitted, "omitted"));
    }

    private static byte[] write(Object tree, String member, Set<String> omitted) {
        // An array, not the set: the keys of listed objects are fresh strings whose hash a set lookup
        // would compute for every member, while equals stops at the first differing length or byte.
        String[] left = omitted == null ? null : omitted.toArray(new String[0]);
        Buffer out = BUFFERS.get();
        out.len = 0;
        try {
            if (member != null && tree instanceof Map<?, ?> m) {
                writeObject(m, out, null, member, left);
            } else {
                writeValue(tree, out);
            }
            return out.toByteArray();
        } finally {
            if (out.buf.length > KEPT_CAPACITY) {
                BUFFERS.remove();
            }
        }
    }

    /** The canonical form as a string, for messages and tests. */
    public static String writeString(Object tree) {
        return new String(write(tree), StandardCharsets.UTF_8);
    }

    /**
     * Parses a JSON object into a tree of {@code Map}, {@code List}, {@code String}, {@code Long}
     * (or {@code BigInteger}), {@code BigDecimal}, {@code Boolean} and {@code null}. Duplicate keys
     * are rejected.
     *
     * @throws IllegalArgumentException when the bytes are not a JSON object
     */
    public static Map<String, Object> parse(byte[] json) {
        return Json.parseTree(json);
    }

    /** {@link #parse(byte[])} from a stream (not closed). */
    public static Map<String, Object> parse(InputStream in) {
        try {
            return parse(in.readAllBytes());
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read JSON: " + e.getMessage(), e);
        }
    }

    private static void writeValue(Object v, Buffer out) {
        if (v == null) {
            out.ascii("null");
        } else if (v instanceof String s) {
            writeString(s, out);
        } else if (v instanceof Map<?, ?> m) {
            writeObject(m, out, null, null, null);
        } else if (v instanceof List<?> l) {
            out.put('[');
            boolean first = true;
            for (Object e : l) {
                if (!first) {
                    out.put(',');
                }
                first = false;
                writeValue(e, out);
            }
            out.put(']');
        } else if (v instanceof Boolean b) {
            out.ascii(b ? "true" : "false");
        } else if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            out.ascii(Long.toString(((Number) v).longValue()));
        } else if (v instanceof Number n) {
            out.ascii(number(n));
        } else {
            throw new IllegalArgumentException("cannot write a " + v.getClass().getName()
                    + " as JSON; allowed are Map, List, String, Number, Boolean and null");
        }
    }

    /** The canonical text of a number. */
    static String number(Number n) {
        BigDecimal d;
        if (n instanceof BigDecimal bd) {
            d = bd;
        } else if (n instanceof BigInteger bi) {
            return bi.toString();
        } else if (n instanceof Double || n instanceof Float) {
            double x = n.doubleValue();
            if (Double.isNaN(x) || Double.isInfinite(x)) {
                throw new IllegalArgumentException("JSON has no representation for " + x);
            }
            d = n instanceof Float ? new BigDecimal(n.toString()) : BigDecimal.valueOf(x);
        } else {
            d = new BigDecimal(n.toString());
        }
        if (d.signum() == 0) {
            return "0";
        }
        d = d.stripTrailingZeros();
        return d.scale() <= 0 ? d.toBigIntegerExact().toString() : d.toPlainString();
    }

    /**
     * Writes an object, its members sorted by key. Sorting the entries themselves (insertion sort: most
     * objects have a handful of members) spares a lookup per member. Members named in {@code skip}
     * are left out, and so are the members {@code omitted} of the member object {@code member}
     * (each {@code null} for none).
     */
    private static void writeObject(Map<?, ?> m, Buffer out, String[] skip, String member, String[] omitted) {
        int n = m.size();
        Map.Entry<?, ?>[] entries = new Map.Entry<?, ?>[n];
        int size = 0;
        for (Map.Entry<?, ?> e : m.entrySet()) {
            if (!(e.getKey() instanceof String key)) {
                throw new IllegalArgumentException("JSON object keys must be strings, found " + e.getKey());
            }
            if (skip != null && isAny(key, skip)) {
                continue;
            }
            int j = size++;
            if (n <= SORT_BY_INSERTION) {
                while (j > 0 && ((String) entries[j - 1].getKey()).compareTo(key) > 0) {
                    entries[j] = entries[j - 1];
                    j--;
                }
            }
            entries[j] = e;
        }
        if (n > SORT_BY_INSERTION) {
            Arrays.sort(entries, 0, size, BY_KEY);
        }
        out.put('{');
        boolean first = true;
        for (int i = 0; i < size; i++) {
            Map.Entry<?, ?> e = entries[i];
            String key = (String) e.getKey();
            Object value = e.getValue();
            if (!first) {
                out.put(',');
            }
            first = false;
            writeString(key, out);
            out.put(':');
            if (member != null && key.equals(member) && value instanceof Map<?, ?> inner) {
                writeObject(inner, out, omitted, null, null);
            } else {
                writeValue(value, out);
            }
        }
        out.put('}');
    }

    private static boolean isAny(String key, String[] names) {
        for (String n : names) {
            if (n.equals(key)) {
                return true;
            }
        }
        return false;
    }

    /** Objects up to this many members are sorted by insertion, larger ones by {@link Arrays#sort}. */
    private static final int SORT_BY_INSERTION = 24;
    private static final java.util.Comparator<Map.Entry<?, ?>> BY_KEY = (a, b) -> ((String) a.getKey()).compareTo((String) b.getKey());

    private static void writeString(String s, Buffer out) {
        int n = s.length();
        // Most strings in Kubernetes objects are plain ASCII: those are copied without a capacity
        // check per byte, the rest goes on character by character from the first special one.
        out.ensure(n + 2);
        byte[] buf = out.buf;
        int len = out.len;
        buf[len++] = '"';
        int i = 0;
        for (; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c >= 0x80 || c == '"' || c == '\\') {
                break;
            }
            buf[len++] = (byte) c;
        }
        out.len = len;
        if (i < n) {
            writeRest(s, i, out);
        }
        out.put('"');
    }

    private static void writeRest(String s, int from, Buffer out) {
        int n = s.length();
        for (int i = from; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
                out.put(c);
            } else if (c < 0x80) {
                switch (c) {
                    case '"' -> out.ascii("\\\"");
                    case '\\' -> out.ascii("\\\\");
                    case '\b' -> out.ascii("\\b");
                    case '\f' -> out.ascii("\\f");
                    case '\n' -> out.ascii("\\n");
                    case '\r' -> out.ascii("\\r");
                    case '\t' -> out.ascii("\\t");
                    default -> {
                        if (c < 0x20) {
                            unicodeEscape(c, out);
                        } else {
                            out.put(c);
                        }
                    }
                }
            } else if (c < 0x800) {
                out.put(0xc0 | (c >> 6));
                out.put(0x80 | (c & 0x3f));
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                out.put(0xf0 | (cp >> 18));
                out.put(0x80 | ((cp >> 12) & 0x3f));
                out.put(0x80 | ((cp >> 6) & 0x3f));
                out.put(0x80 | (cp & 0x3f));
            } else if (Character.isSurrogate(c)) {
                unicodeEscape(c, out);
            } else {
                out.put(0xe0 | (c >> 12));
                out.put(0x80 | ((c >> 6) & 0x3f));
                out.put(0x80 | (c & 0x3f));
            }
        }
    }

    private static void unicodeEscape(char c, Buffer out) {
        out.ascii("\\u");
        out.put(HEX[(c >> 12) & 0xf]);
        out.put(HEX[(c >> 8) & 0xf]);
        out.put(HEX[(c >> 4) & 0xf]);
        out.put(HEX[c & 0xf]);
    }

    /** A growable byte array without the synchronization of {@code ByteArrayOutputStream}. */
    private static final class Buffer {
        private byte[] buf;
        private int len;

        Buffer(int capacity) {
            buf = new byte[capacity];
        }

        void put(int b) {
            if (len == buf.length) {
                buf = Arrays.copyOf(buf, buf.length * 2);
            }
            buf[len++] = (byte) b;
        }

        /** Makes room for {@code more} bytes. */
        void ensure(int more) {
            if (buf.length - len < more) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + more));
            }
        }

        void ascii(String s) {
            for (int i = 0; i < s.length(); i++) {
                put(s.charAt(i));
            }
        }

        byte[] toByteArray() {
            return Arrays.copyOf(buf, len);
        }
    }
}
