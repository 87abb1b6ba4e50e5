package io.github.aksbackup.azure.internal;

/**
 * Checks object-store keys against the {@link io.github.aksbackup.spi.ObjectStore} contract:
 * {@code /}-separated printable ASCII without spaces or backslashes, no empty segments and none
 * starting with {@code .} (reserved for stores' own bookkeeping; this also rules out {@code ..}), at
 * most 1,024 characters (Azure's blob name limit) — the same rule as the core's local stores.
 */
public final class ObjectKeys {
    private static final int MAX_LENGTH = 1024;

    private ObjectKeys() {
    }

    /** Returns the key, or throws {@link IllegalArgumentException} naming what is wrong with it. */
    public static String requireValid(String key) {
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("key must not be empty");
        }
        if (key.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("key must be at most " + MAX_LENGTH + " characters, was " + key.length());
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c < 0x21 || c > 0x7e || c == '\\') {
                throw new IllegalArgumentException("key must be printable ASCII without spaces or backslashes,"
                        + " found character "
                        + (int) c + " at index " + i + " in '" + printable(key) + "'");
            }
        }
        for (String segment : key.split("/", -1)) {
            if (segment.isEmpty() || segment.startsWith(".")) {
                throw new IllegalArgumentException("key must be '/'-separated names, none empty or starting with"
                        + " '.', was '" + key + "'");
            }
        }
        return key;
    }

    /** Checks a listing prefix: empty, or the start of a valid key. */
    public static String requireValidPrefix(String prefix) {
        if (prefix == null) {
            throw new IllegalArgumentException("prefix must not be null (use \"\" for every key)");
        }
        if (prefix.isEmpty()) {
            return prefix;
        }
        String probe = prefix.endsWith("/") ? prefix + "x" : prefix;
        requireValid(probe);
        return prefix;
    }

    private static String printable(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length() && i < 80; i++) {
            char c = s.charAt(i);
            b.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return b.toString();
    }
}
