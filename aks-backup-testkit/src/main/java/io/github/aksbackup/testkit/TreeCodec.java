package io.github.aksbackup.testkit;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.InflaterInputStream;

/**
 * Encodes JSON trees (maps, lists, strings, numbers, booleans, {@code null}) to bytes and back, the
 * way {@link InMemoryCluster} stores objects. A round trip gives what a JSON round trip through a
 * real API server gives: members sorted by key, integral numbers as {@code Long} (or
 * {@code BigInteger}), other numbers as {@code BigDecimal}, and a tree the reader owns.
 */
final class TreeCodec {
    private static final int NULL = 0;
    private static final int FALSE = 1;
    private static final int TRUE = 2;
    private static final int STRING = 3;
    private static final int LONG = 4;
    private static final int BIG_INTEGER = 5;
    private static final int DECIMAL = 6;
    private static final int LIST = 7;
    private static final int MAP = 8;

    private TreeCodec() {
    }

    /** Encodes a tree; {@code compress} deflates the bytes. */
    static byte[] encode(Map<String, Object> tree, boolean compress) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (DataOutputStream out = new DataOutputStream(compress ? new DeflaterOutputStream(bytes) : bytes)) {
            write(out, tree);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Decodes what {@link #encode} made with the same {@code compress}. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> decode(byte[] encoded, boolean compress) {
        java.io.InputStream raw = new java.io.ByteArrayInputStream(encoded);
        try (DataInputStream in = new DataInputStream(compress ? new InflaterInputStream(raw) : raw)) {
            return (Map<String, Object>) read(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A copy of a tree as the cluster would give it back. */
    static Map<String, Object> copy(Map<String, Object> tree) {
        return decode(encode(tree, false), false);
    }

    @SuppressWarnings("unchecked")
    private static void write(DataOutputStream out, Object v) throws IOException {
        if (v == null) {
            out.writeByte(NULL);
        } else if (v instanceof Boolean b) {
            out.writeByte(b ? TRUE : FALSE);
        } else if (v instanceof String s) {
            out.writeByte(STRING);
            writeString(out, s);
        } else if (v instanceof Number n) {
            writeNumber(out, n);
        } else if (v instanceof Map<?, ?> m) {
            out.writeByte(MAP);
            String[] keys = ((Map<String, Object>) m).keySet().toArray(new String[0]);
            Arrays.sort(keys);
            out.writeInt(keys.length);
            for (String k : keys) {
                writeString(out, k);
                write(out, m.get(k));
            }
        } else if (v instanceof List<?> l) {
            out.writeByte(LIST);
            out.writeInt(l.size());
            for (Object o : l) {
                write(out, o);
            }
        } else {
            throw new IllegalArgumentException("cannot store a " + v.getClass().getName()
                    + " in a Kubernetes object; allowed are Map, List, String, Number, Boolean and null");
        }
    }

    private static void writeNumber(DataOutputStream out, Number n) throws IOException {
        BigDecimal d;
        if (n instanceof Long || n instanceof Integer || n instanceof Short || n instanceof Byte) {
            out.writeByte(LONG);
            out.writeLong(n.longValue());
            return;
        } else if (n instanceof BigInteger bi) {
            d = new BigDecimal(bi);
        } else if (n instanceof BigDecimal bd) {
            d = bd;
        } else if (n instanceof Double || n instanceof Float) {
            double x = n.doubleValue();
            if (Double.isNaN(x) || Double.isInfinite(x)) {
                throw new IllegalArgumentException("JSON has no representation for " + x);
            }
            d = n instanceof Float ? new BigDecimal(n.toString()) : BigDecimal.valueOf(x);
        } else {
            d = new BigDecimal(n.toString());
        }
        d = d.signum() == 0 ? BigDecimal.ZERO : d.stripTrailingZeros();
        if (d.scale() <= 0) {
            BigInteger i = d.toBigIntegerExact();
            if (i.bitLength() < 64) {
                out.writeByte(LONG);
                out.writeLong(i.longValue());
            } else {
                out.writeByte(BIG_INTEGER);
                writeString(out, i.toString());
            }
        } else {
            out.writeByte(DECIMAL);
            writeString(out, d.toPlainString());
        }
    }

    private static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    private static String readString(DataInputStream in) throws IOException {
        byte[] b = new byte[in.readInt()];
        in.readFully(b);
        return new String(b, java.nio.charset.StandardCharsets.UTF_8);
    }

    private static Object read(DataInputStream in) throws IOException {
        int tag = in.readUnsignedByte();
        switch (tag) {
            case NULL:
                return null;
            case FALSE:
                return Boolean.FALSE;
            case TRUE:
                return Boolean.TRUE;
            case STRING:
                return readString(in);
            case LONG:
                return in.readLong();
            case BIG_INTEGER:
                return new BigInteger(readString(in));
            case DECIMAL:
                return new BigDecimal(readString(in));
            case LIST: {
                int n = in.readInt();
                List<Object> l = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    l.add(read(in));
                }
                return l;
            }
            case MAP: {
                int n = in.readInt();
                Map<String, Object> m = new LinkedHashMap<>(Math.max(4, n * 2));
                for (int i = 0; i < n; i++) {
                    String k = readString(in);
                    m.put(k, read(in));
                }
                return m;
            }
            default:
                throw new IllegalStateException("stored object is damaged: unknown tag " + tag);
        }
    }
}
