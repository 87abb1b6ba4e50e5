package io.github.aksbackup.testkit;

/** Checks object-store keys the way every {@link io.github.aksbackup.spi.ObjectStore} must accept them. */
final class StoreKeys {
    private StoreKeys() {
    }

    /**
     * Rejects keys that are not {@code /}-separated printable ASCII, that have empty or {@code .}/{@code ..}
     * segments, or whose segments start with a dot (reserved for the stores' own bookkeeping).
     */
    static String check(String key) {
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("object key must not be empty");
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c <= 0x20 || c >= 0x7f || c == '\\') {
                throw new IllegalArgumentException("object key '" + key
                        + "' may only hold printable ASCII without spaces or backslashes");
            }
        }
        for (String segment : key.split("/", -1)) {
            if (segment.isEmpty() || segment.startsWith(".")) {
                throw new IllegalArgumentException("object key '" + key
                        + "' has an empty segment or one starting with '.'");
            }
        }
        return key;
    }
}
