package io.github.aksbackup.internal;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.github.aksbackup.api.IsoDuration;
import io.github.aksbackup.api.selector.LabelSelector;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Function;

/**
 * The engine's JSON mapping: records by their components, {@code java.time} values, durations and
 * label selectors as strings, numbers as {@code Long}/{@code BigDecimal}, duplicate keys rejected.
 * Used for manifests, job records and catalog entries; not for user-facing Azure documents.
 */
public final class Json {
    private static final TypeReference<Map<String, Object>> TREE = new TypeReference<>() { };
    private static final ObjectMapper MAPPER = build();
    /** Resolving the tree type once matters: trees are parsed for every object of a backup. */
    private static final com.fasterxml.jackson.databind.ObjectReader TREE_READER = MAPPER.readerFor(TREE);

    private Json() {
    }

    private static ObjectMapper build() {
        SimpleModule m = new SimpleModule("aks-backup");
        asString(m, Instant.class, Instant::toString, Instant::parse);
        asString(m, Duration.class, Duration::toString, Duration::parse);
        asString(m, IsoDuration.class, IsoDuration::toString, IsoDuration::parse);
        asString(m, LabelSelector.class, LabelSelector::toString, LabelSelector::parse);
        return JsonMapper.builder()
                .visibility(PropertyAccessor.ALL, JsonAutoDetect.Visibility.NONE)
                .visibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY)
                .serializationInclusion(JsonInclude.Include.NON_NULL)
                .enable(DeserializationFeature.USE_LONG_FOR_INTS)
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                .addModule(m)
                .build();
    }

    private static <T> void asString(SimpleModule m, Class<T> type, Function<T, String> write, Function<String, T> read) {
        m.addSerializer(type, new JsonSerializer<T>() {
            @Override
            public void serialize(T value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
                gen.writeString(write.apply(value));
            }
        });
        m.addDeserializer(type, new JsonDeserializer<T>() {
            @Override
            public T deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
                return read.apply(p.getValueAsString());
            }
        });
    }

    /** The configured mapper. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** A value as a JSON tree of maps and lists. */
    public static Map<String, Object> toTree(Object value) {
        return MAPPER.convertValue(value, TREE);
    }

    /** A value as any JSON tree (object, list, scalar). */
    public static Object toAnyTree(Object value) {
        return MAPPER.convertValue(value, Object.class);
    }

    /** A JSON tree as a value of {@code type}. */
    public static <T> T fromTree(Object tree, Class<T> type) {
        return MAPPER.convertValue(tree, type);
    }

    /** A JSON tree as a value of a generic type. */
    public static <T> T fromTree(Object tree, TypeReference<T> type) {
        return MAPPER.convertValue(tree, type);
    }

    /** Parses a JSON object into a tree. */
    public static Map<String, Object> parseTree(byte[] json) {
        try {
            Map<String, Object> m = TREE_READER.readValue(json);
            if (m == null) {
                throw new IllegalArgumentException("expected a JSON object, found null");
            }
            return m;
        } catch (IOException e) {
            throw new IllegalArgumentException("not a JSON object: " + e.getMessage(), e);
        }
    }

    /** Writes a value as indented JSON, for people. */
    public static String pretty(Object value) {
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(value);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot write JSON: " + e.getMessage(), e);
        }
    }
}
