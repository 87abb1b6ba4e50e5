package io.github.aksbackup.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.google.gson.JsonParser;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTreesTest {

    @Test
    void parsesIntegersAsLongAndLargerOnesAsBigDecimal() {
        Map<String, Object> m = JsonTrees.parseObject("{\"a\":1,\"b\":-9223372036854775808,\"c\":9223372036854775808}");
        assertEquals(1L, m.get("a"));
        assertEquals(Long.MIN_VALUE, m.get("b"));
        assertEquals(new BigDecimal("9223372036854775808"), m.get("c"));
    }

    @Test
    void parsesFractionsAsDoubleUnlessThatWouldChangeTheirValue() {
        Map<String, Object> m = JsonTrees.parseObject("{\"a\":0.25,\"b\":1e3,\"c\":0.1000000000000000000001,\"d\":1e400}");
        assertEquals(0.25, m.get("a"));
        assertEquals(1000.0, m.get("b"));
        assertEquals(new BigDecimal("0.1000000000000000000001"), m.get("c"));
        assertInstanceOf(BigDecimal.class, m.get("d"));
    }

    @Test
    void keepsKeyOrderNullsAndNesting() {
        String json = "{\"z\":{\"y\":[1,\"two\",true,null,{\"x\":false}]},\"a\":null}";
        Map<String, Object> m = JsonTrees.parseObject(json);
        assertEquals(List.of("z", "a"), List.copyOf(m.keySet()));
        assertEquals(json, JsonTrees.write(m));
        assertEquals(Arrays.asList(1L, "two", true, null, Map.of("x", false)), ((Map<?, ?>) m.get("z")).get("y"));
    }

    @Test
    void convertsToAndFromGsonTreesWithTheSameNumberRules() {
        String json = "{\"i\":42,\"f\":0.5,\"big\":123456789012345678901234567890,\"s\":\"x\",\"l\":[true,null]}";
        Object fromGson = JsonTrees.fromGson(JsonParser.parseString(json));
        assertEquals(JsonTrees.parseObject(json), fromGson);
        assertEquals(JsonParser.parseString(json), JsonTrees.toGson(fromGson));
    }

    @Test
    void writesEveryNumberKindTheTreeMayHold() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("l", 7L);
        m.put("i", 7);
        m.put("d", 2.5);
        m.put("b", new BigDecimal("1.10"));
        assertEquals("{\"l\":7,\"i\":7,\"d\":2.5,\"b\":1.10}", JsonTrees.write(m));
    }
}
