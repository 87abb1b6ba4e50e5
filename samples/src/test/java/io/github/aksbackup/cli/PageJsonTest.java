package io.github.aksbackup.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class PageJsonTest {
    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    void markupCharactersAreEscapedAndReadBackUnchanged() throws Exception {
        String hostile = "</script><!-- & <b>\u2028\u2029é";
        ObjectNode tree = mapper.createObjectNode().put("name", hostile).put("n", 3);
        String text = PageJson.write(tree);
        assertFalse(text.contains("<") || text.contains(">") || text.contains("&"), text);
        assertFalse(text.contains("\u2028") || text.contains("\u2029"), text);
        assertTrue(text.endsWith("}\n"), text);
        JsonNode back = mapper.readTree(text);
        assertEquals(hostile, back.get("name").asText());
        assertEquals(tree, back);
    }

    @Test
    void plainDocumentsKeepTheLayoutJacksonPrints() throws Exception {
        ObjectNode tree = mapper.createObjectNode().put("a", "x");
        tree.putArray("b").add(1);
        assertEquals(mapper.writerWithDefaultPrettyPrinter().writeValueAsString(tree) + "\n", PageJson.write(tree));
    }

    @Test
    void aPageRefusesDataThatWouldEndItsScriptElement() {
        assertThrows(IllegalStateException.class, () -> HtmlPage.render("t", "d", "{\"x\":\"</script>\"}", "simulation.js"));
        String page = HtmlPage.render("a <title> & more", "d", PageJson.write(mapper.createObjectNode()), "simulation.js");
        assertTrue(page.contains("<title>a &lt;title&gt; &amp; more</title>"), page);
        assertTrue(page.contains("Content-Security-Policy\" content=\"default-src 'none'"), "the page may load nothing");
        assertFalse(page.contains("src=\"http") || page.contains("href=\"http"), "no external resources");
    }
}
