package io.github.aksbackup.internal.json;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.aksbackup.api.InvalidInputException;
import io.github.aksbackup.api.NotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads user documents (policies, configurations) into Jackson trees with messages a user can act on,
 * and writes trees the way Azure's tools print them: two-space indent, {@code "key": value}, keys in
 * alphabetical order.
 */
public final class JsonDocuments {

    /** Documents larger than this are refused before parsing: no real policy or configuration comes close. */
    public static final int MAX_BYTES = 4 * 1024 * 1024;

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private static final DefaultPrettyPrinter PRINTER;

    static {
        DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
        Separators separators = Separators.createDefaultInstance()
                .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                .withObjectEmptySeparator("")
                .withArrayEmptySeparator("");
        PRINTER = new DefaultPrettyPrinter(separators);
        PRINTER.indentObjectsWith(indenter);
        PRINTER.indentArraysWith(indenter);
    }

    private JsonDocuments() {
    }

    /** A fresh, empty JSON object. */
    public static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }

    /** A fresh, empty JSON array. */
    public static ArrayNode array() {
        return JsonNodeFactory.instance.arrayNode();
    }

    /**
     * Reads a file as a JSON object.
     *
     * @param what what the file should hold, for messages ("an Azure backup policy")
     * @throws NotFoundException when the file does not exist
     * @throws InvalidInputException when it is a directory, empty, not UTF-8 text, not JSON or not an object
     */
    public static JsonNode readObject(Path file, String what) {
        if (Files.isDirectory(file)) {
            throw new InvalidInputException(file.toString(), "is a directory; expected a JSON file holding " + what);
        }
        byte[] bytes;
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new InvalidInputException(file.toString(), "is larger than " + MAX_BYTES / (1024 * 1024)
                        + " MiB; expected a JSON file holding " + what);
            }
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new NotFoundException("file '" + file + "' does not exist");
        } catch (IOException e) {
            throw new InvalidInputException(file.toString(), "cannot be read: " + e.getMessage());
        }
        return parseObject(bytes, what);
    }

    /** Parses text as a JSON object; see {@link #parseObject(byte[], String)}. */
    public static JsonNode parseObject(String text, String what) {
        return parseObject(text.getBytes(StandardCharsets.UTF_8), what);
    }

    /**
     * Parses UTF-8 bytes (a leading byte-order mark is ignored) as a JSON object.
     *
     * @throws InvalidInputException at {@code $} saying why the bytes are not a JSON object
     */
    public static JsonNode parseObject(byte[] bytes, String what) {
        if (bytes.length > MAX_BYTES) {
            throw new InvalidInputException("$", "the document is larger than " + MAX_BYTES / (1024 * 1024)
                    + " MiB; expected " + what);
        }
        String text = decode(bytes, what);
        if (text.isBlank()) {
            throw new InvalidInputException("$", "the document is empty; expected " + what + " as a JSON object");
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            throw new InvalidInputException("$", "not valid JSON" + where + ": " + firstLine(e.getOriginalMessage())
                    + "; expected " + what);
        }
        if (root == null || !root.isObject()) {
            throw new InvalidInputException("$", "expected " + what + " as a JSON object, found "
                    + JsonCursor.describe(root));
        }
        return root;
    }

    /**
     * UTF-8 (with or without byte-order mark), or UTF-16 as Windows PowerShell writes redirected
     * output (with a byte-order mark, or recognized by the zero bytes of ASCII text).
     */
    private static String decode(byte[] bytes, String what) {
        int n = bytes.length;
        int b0 = n > 0 ? bytes[0] & 0xFF : -1;
        int b1 = n > 1 ? bytes[1] & 0xFF : -1;
        if (b0 == 0xFF && b1 == 0xFE) {
            return decode(bytes, 2, StandardCharsets.UTF_16LE, what);
        }
        if (b0 == 0xFE && b1 == 0xFF) {
            return decode(bytes, 2, StandardCharsets.UTF_16BE, what);
        }
        if (n >= 2 && n % 2 == 0 && b0 != 0 && b0 < 0x80 && b1 == 0) {
            return decode(bytes, 0, StandardCharsets.UTF_16LE, what);
        }
        if (n >= 2 && n % 2 == 0 && b0 == 0 && b1 != 0 && b1 < 0x80) {
            return decode(bytes, 0, StandardCharsets.UTF_16BE, what);
        }
        int start = n >= 3 && b0 == 0xEF && b1 == 0xBB && (bytes[2] & 0xFF) == 0xBF ? 3 : 0;
        for (int i = start; i < n; i++) {
            if (bytes[i] == 0) {
                throw new InvalidInputException("$", "the document is binary data (it holds NUL bytes), not JSON; expected " + what);
            }
        }
        return decode(bytes, start, StandardCharsets.UTF_8, what);
    }

    private static String decode(byte[] bytes, int start, Charset charset, String what) {
        try {
            String text = charset.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, start, bytes.length - start))
                    .toString();
            if (text.indexOf('\0') >= 0) {
                throw new InvalidInputException("$", "the document is binary data (it holds NUL characters), not JSON; expected " + what);
            }
            return text;
        } catch (CharacterCodingException e) {
            throw new InvalidInputException("$", "the document is not " + charset.name()
                    + " text (binary data?), not JSON; expected " + what);
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable input";
        }
        String line = message.lines().findFirst().orElse("").strip();
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }

    /** The tree as Azure's tools print it, ending with a newline. */
    public static String write(JsonNode node) {
        try {
            return MAPPER.writer(PRINTER).writeValueAsString(sorted(node)) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A copy of the tree whose objects list their keys alphabetically. */
    static JsonNode sorted(JsonNode node) {
        if (node.isObject()) {
            List<Map.Entry<String, JsonNode>> entries = new ArrayList<>(node.properties());
            entries.sort(Map.Entry.comparingByKey());
            ObjectNode out = object();
            for (Map.Entry<String, JsonNode> e : entries) {
                out.set(e.getKey(), sorted(e.getValue()));
            }
            return out;
        }
        if (node.isArray()) {
            ArrayNode out = array();
            node.forEach(n -> out.add(sorted(n)));
            return out;
        }
        return node;
    }
}
