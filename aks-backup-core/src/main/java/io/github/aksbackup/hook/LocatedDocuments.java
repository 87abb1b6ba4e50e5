package io.github.aksbackup.hook;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.github.aksbackup.api.ValidationProblem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The documents of a YAML or JSON text as plain trees (maps, lists, strings, numbers, booleans,
 * {@code null}) — the same shape {@link io.github.aksbackup.spi.KubeObject} content has — with the
 * line of every value and key, so problems can be reported where the user can find them.
 *
 * <p>Paths are written {@code spec.backupHook[0].preHooks[1].exec.timeout}; a key's own line is
 * recorded under its path, which is also the line of its value.
 */
final class LocatedDocuments {
    private static final JsonFactory JSON = new JsonFactory();
    private static final YAMLFactory YAML = new YAMLFactory();
    private static final Pattern MARK = Pattern.compile("\\s*in '[^']*', line (\\d+), column (\\d+):");

    /** One document: its tree and its first line. */
    record Document(Object tree, int line) {
    }

    final List<Document> documents = new ArrayList<>();
    final List<ValidationProblem> problems = new ArrayList<>();
    private final String source;
    private final List<Map<String, Integer>> lines = new ArrayList<>();

    private LocatedDocuments(String source) {
        this.source = source;
    }

    /**
     * Reads every document of {@code text}: JSON when it starts with <code>{</code> or {@code [}, YAML
     * (any number of {@code ---}-separated documents) otherwise. Syntax errors and duplicate keys
     * become problems; documents read before a syntax error are kept.
     */
    static LocatedDocuments read(String text, String source) {
        LocatedDocuments result = new LocatedDocuments(source);
        String t = text.stripLeading();
        boolean json = t.startsWith("{") || t.startsWith("[");
        try (JsonParser p = (json ? JSON : YAML).createParser(text)) {
            JsonToken token;
            while ((token = p.nextToken()) != null) {
                Map<String, Integer> docLines = new HashMap<>();
                int line = p.currentTokenLocation().getLineNr();
                Object tree = result.value(p, token, "", docLines);
                if (tree != null) {
                    result.documents.add(new Document(tree, line));
                    result.lines.add(docLines);
                }
            }
        } catch (JsonProcessingException e) {
            result.problems.add(syntaxProblem(e, source, json ? "JSON" : "YAML"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return result;
    }

    /** The line of {@code path} in document {@code doc}, or of its closest ancestor that has one; 0 when unknown. */
    int lineOf(int doc, String path) {
        Map<String, Integer> docLines = lines.get(doc);
        String p = path;
        while (true) {
            Integer line = docLines.get(p);
            if (line != null) {
                return line;
            }
            if (p.isEmpty()) {
                return documents.get(doc).line();
            }
            p = parent(p);
        }
    }

    static String parent(String path) {
        int cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
        return cut < 0 ? "" : path.substring(0, cut);
    }

    private Object value(JsonParser p, JsonToken token, String path, Map<String, Integer> docLines) throws IOException {
        docLines.putIfAbsent(path, p.currentTokenLocation().getLineNr());
        switch (token) {
            case START_OBJECT: {
                Map<String, Object> map = new LinkedHashMap<>();
                while ((token = p.nextToken()) == JsonToken.FIELD_NAME) {
                    String key = p.currentName();
                    String child = path.isEmpty() ? key : path + "." + key;
                    int keyLine = p.currentTokenLocation().getLineNr();
                    if (map.containsKey(key)) {
                        problems.add(new ValidationProblem(source + ":" + keyLine + " " + child,
                                "duplicate key '" + key + "' (first on line " + docLines.get(child) + "); the later one would silently win"));
                    } else {
                        docLines.put(child, keyLine);
                    }
                    map.put(key, value(p, p.nextToken(), child, docLines));
                }
                return map;
            }
            case START_ARRAY: {
                List<Object> list = new ArrayList<>();
                while ((token = p.nextToken()) != JsonToken.END_ARRAY) {
                    list.add(value(p, token, path + "[" + list.size() + "]", docLines));
                }
                return list;
            }
            case VALUE_STRING:
                return p.getText();
            case VALUE_NUMBER_INT:
                return p.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                        ? new java.math.BigDecimal(p.getBigIntegerValue()) : (Object) p.getLongValue();
            case VALUE_NUMBER_FLOAT:
                return p.getDoubleValue();
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_NULL:
                return null;
            default:
                return p.getText();
        }
    }

    /**
     * A syntax error located at the YAML parser's problem mark ({@code in 'reader', line L, column C}),
     * which is more exact than the location Jackson reports, with the parser's context in parentheses.
     */
    private static ValidationProblem syntaxProblem(JsonProcessingException e, String source, String format) {
        String original = e.getOriginalMessage() == null ? "unreadable input" : e.getOriginalMessage();
        List<String> statements = new ArrayList<>();
        String where = null;
        for (String line : original.split("\n")) {
            Matcher m = MARK.matcher(line);
            if (m.matches()) {
                where = source + ":" + m.group(1) + ":" + m.group(2);
            } else if (!line.isBlank() && !Character.isWhitespace(line.charAt(0))) {
                statements.add(line.strip());
            }
        }
        if (where == null) {
            JsonLocation at = e.getLocation();
            where = at == null || at.getLineNr() < 1 ? source : source + ":" + at.getLineNr() + ":" + at.getColumnNr();
        }
        String message = statements.isEmpty() ? original.strip() : statements.get(statements.size() - 1)
                + (statements.size() > 1 ? " (" + statements.get(0) + ")" : "");
        return new ValidationProblem(where, format + " syntax error: " + message);
    }
}
