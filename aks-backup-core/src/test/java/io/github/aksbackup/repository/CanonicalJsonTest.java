package io.github.aksbackup.repository;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CanonicalJsonTest {

    @Test
    void sortsKeysByUtf16CodeUnitsAndDropsWhitespace() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("b", 1L);
        m.put("a", Map.of("z", true, "y", false));
        m.put("\uD83D\uDE00", "emoji");
        m.put("\uFB01", "ligature");
        // U+1F600 is a surrogate pair starting with 0xD83D, which sorts before U+FB01 in UTF-16.
        assertEquals("{\"a\":{\"y\":false,\"z\":true},\"b\":1,\"\uD83D\uDE00\":\"emoji\",\"\uFB01\":\"ligature\"}",
                CanonicalJson.writeString(m));
    }

    @Test
    void escapesOnlyWhatJsonRequires() {
        Map<String, Object> m = Map.of("s", "q\" b\\ \b\f\n\r\t \u0001 / é \u2028");
        assertEquals("{\"s\":\"q\\\" b\\\\ \\b\\f\\n\\r\\t \\u0001 / é \u2028\"}", CanonicalJson.writeString(m));
    }

    @Test
    void escapesLoneSurrogates() {
        assertEquals("{\"s\":\"a\\udc00b\"}", CanonicalJson.writeString(Map.of("s", "a\uDC00b")));
    }

    @Test
    void normalizesNumbersToTheirExactDecimalValue() {
        assertEquals("1", CanonicalJson.number(new BigDecimal("1.000")));
        assertEquals("1", CanonicalJson.number(1.0d));
        assertEquals("100", CanonicalJson.number(new BigDecimal("1E2")));
        assertEquals("0.0015", CanonicalJson.number(new BigDecimal("1.5E-3")));
        assertEquals("0", CanonicalJson.number(-0.0d));
        assertEquals("0.1", CanonicalJson.number(0.1d));
        assertEquals("0.5", CanonicalJson.number(0.5f));
        assertEquals("123456789012345678901234567890", CanonicalJson.number(new BigInteger("123456789012345678901234567890")));
        assertEquals("-42", CanonicalJson.writeString(Map.of("n", -42)).replaceAll(".*:(.*)}", "$1"));
        assertThrows(IllegalArgumentException.class, () -> CanonicalJson.number(Double.NaN));
    }

    @Test
    void equalContentHasEqualBytesWhateverTheInputOrderAndNumberSpelling() {
        byte[] a = CanonicalJson.write(CanonicalJson.parse("{ \"b\" : [1.0, 2], \"a\": null }".getBytes()));
        byte[] b = CanonicalJson.write(CanonicalJson.parse("{\"a\":null,\"b\":[1,2.00]}".getBytes()));
        assertArrayEquals(a, b);
        assertEquals("{\"a\":null,\"b\":[1,2]}", new String(a));
    }

    @Test
    void sortsObjectsOfManyMembersAsObjectsOfFew() {
        Map<String, Object> big = new LinkedHashMap<>();
        StringBuilder expected = new StringBuilder("{");
        for (int i = 99; i >= 0; i--) {
            big.put(String.format("k%02d", i), (long) i);
        }
        for (int i = 0; i < 100; i++) {
            expected.append(i == 0 ? "" : ",").append(String.format("\"k%02d\":%d", i, i));
        }
        assertEquals(expected.append('}').toString(), CanonicalJson.writeString(big));
    }

    @Test
    void writingWithoutMembersEqualsWritingACopyWithoutThem() {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("resourceVersion", "7");
        meta.put("name", "a");
        meta.put("labels", Map.of("resourceVersion", "kept below the top level"));
        Map<String, Object> tree = new LinkedHashMap<>();
        tree.put("resourceVersion", "kept outside the member");
        tree.put("metadata", meta);
        tree.put("spec", Map.of("metadata", Map.of("resourceVersion", "kept in other objects")));
        Map<String, Object> copy = new LinkedHashMap<>(tree);
        Map<String, Object> metaCopy = new LinkedHashMap<>(meta);
        metaCopy.remove("resourceVersion");
        copy.put("metadata", metaCopy);

        assertArrayEquals(CanonicalJson.write(copy), CanonicalJson.writeWithout(tree, "metadata", java.util.Set.of("resourceVersion")));
        assertEquals("7", meta.get("resourceVersion"), "the tree is left as it is");
        assertArrayEquals(CanonicalJson.write(Map.of("metadata", "not an object")),
                CanonicalJson.writeWithout(Map.of("metadata", "not an object"), "metadata", java.util.Set.of("x")));
    }

    @Test
    void parsingRejectsDuplicateKeysAndNonObjects() {
        assertThrows(IllegalArgumentException.class, () -> CanonicalJson.parse("{\"a\":1,\"a\":2}".getBytes()));
        assertThrows(IllegalArgumentException.class, () -> CanonicalJson.parse("[1]".getBytes()));
    }

    @Test
    void rejectsValuesThatAreNotJson() {
        assertThrows(IllegalArgumentException.class, () -> CanonicalJson.write(Map.of("t", java.time.Instant.EPOCH)));
        assertEquals("{\"l\":[\"x\",true]}", CanonicalJson.writeString(Map.of("l", Arrays.asList("x", true))));
        assertEquals("[]", CanonicalJson.writeString(List.of()));
    }

    @Test
    void everyStringSurvivesTheRoundTripWhereverItsFirstSpecialCharacterIs() throws Exception {
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        java.util.Random random = new java.util.Random(7);
        char[] alphabet = {'a', 'Z', '0', ' ', '/', '"', '\\', '\n', '\u0001', '\u001f', '\u007f', '\u00e9', '\u2028',
            '\uFB01', '\uD83D', '\uDE00', '\uDC00'};
        for (int round = 0; round < 5000; round++) {
            StringBuilder sb = new StringBuilder();
            int plain = random.nextInt(40);
            for (int i = 0; i < plain; i++) {
                sb.append((char) ('a' + random.nextInt(26)));
            }
            int mixed = random.nextInt(12);
            for (int i = 0; i < mixed; i++) {
                sb.append(alphabet[random.nextInt(alphabet.length)]);
            }
            String s = sb.toString();
            byte[] written = CanonicalJson.write(Map.of("s", s));
            String back = json.readTree(written).get("s").textValue();
            assertEquals(s, back, () -> "round trip of " + s.chars().mapToObj(Integer::toHexString).toList());
        }
    }
}
