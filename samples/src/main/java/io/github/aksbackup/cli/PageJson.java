package io.github.aksbackup.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.io.UncheckedIOException;

/**
 * Indented JSON that can stand inside an HTML {@code <script>} element as it is: {@code <}, {@code >} and
 * {@code &} in strings are written as {@code \u003C}, {@code \u003E}, {@code \u0026} (and U+2028/U+2029
 * escaped too), so neither {@code </script>} nor {@code <!--} can occur in the text. A JSON reader gets
 * exactly the same values. The {@code --json} output of the commands that also write a page uses this
 * writer, so the page embeds the {@code --json} document byte for byte.
 */
final class PageJson {
    private static final ObjectWriter WRITER = new ObjectMapper().writerWithDefaultPrettyPrinter().with(new HtmlSafe());

    private PageJson() {
    }

    /** The tree as indented, script-safe JSON text followed by a line break, as {@code --json} prints it. */
    static String write(JsonNode tree) {
        try {
            return WRITER.writeValueAsString(tree) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** JSON's own escapes plus the characters that mean something to an HTML parser inside a script element. */
    private static final class HtmlSafe extends CharacterEscapes {
        private static final long serialVersionUID = 1L;
        private final int[] ascii;

        HtmlSafe() {
            ascii = standardAsciiEscapesForJSON();
            ascii['<'] = ESCAPE_STANDARD;
            ascii['>'] = ESCAPE_STANDARD;
            ascii['&'] = ESCAPE_STANDARD;
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return ascii;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            // Line and paragraph separators end a line in older JavaScript parsers.
            return ch == 0x2028 ? new SerializedString("\\u2028") : ch == 0x2029 ? new SerializedString("\\u2029") : null;
        }
    }
}
