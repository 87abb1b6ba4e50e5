package io.github.aksbackup.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The skeleton every page of the command line shares: one self-contained HTML file with the shared
 * style ({@code page/page.css}), the shared drawing code ({@code page/page.js}: tooltip, time axis,
 * timeline, step and column charts, tables), the page's data as a {@code <script type="application/json">}
 * element, and the page's own script that draws from it. A content security policy forbids every load,
 * so the page works offline and can never reach the network.
 */
final class HtmlPage {
    private static final String CSS = resource("page.css");
    private static final String LIBRARY = resource("page.js");

    private HtmlPage() {
    }

    /**
     * The page.
     *
     * @param title the document title (plain text)
     * @param dataId the id of the data element the page script reads
     * @param json the data, written by {@link PageJson} (safe inside a script element)
     * @param script the resource name of the page's own script under {@code page/}
     */
    static String render(String title, String dataId, String json, String script) {
        if (json.contains("</") || json.contains("<!--")) {
            throw new IllegalStateException("page data is not script-safe; write it with PageJson");
        }
        return "<!DOCTYPE html>\n"
                + "<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                + "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
                + "script-src 'unsafe-inline'\">\n"
                + "<title>" + escape(title) + "</title>\n"
                + "<style>\n" + CSS + "</style>\n</head>\n<body>\n"
                + "<noscript><p>This page draws its charts with the script it contains; its data is in the element "
                + "script#" + escape(dataId) + ".</p></noscript>\n"
                + "<script type=\"application/json\" id=\"" + escape(dataId) + "\">" + json + "</script>\n"
                + "<script>\n" + LIBRARY + "\n" + resource(script) + "</script>\n"
                + "</body>\n</html>\n";
    }

    /**
     * Writes a page to the file {@code --html} names.
     *
     * @throws IllegalArgumentException when the file cannot be written (no such directory, a directory, no permission)
     */
    static void write(Path file, String page) {
        try {
            Files.writeString(file, page, StandardCharsets.UTF_8);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IllegalArgumentException("--html " + file + " cannot be written: its directory does not exist", e);
        } catch (java.nio.file.AccessDeniedException e) {
            throw new IllegalArgumentException("--html " + file + " cannot be written: permission denied", e);
        } catch (IOException e) {
            throw new IllegalArgumentException("--html " + file + " cannot be written: " + e.getMessage(), e);
        }
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static String resource(String name) {
        try (InputStream in = HtmlPage.class.getResourceAsStream("page/" + name)) {
            if (in == null) {
                throw new IllegalStateException("page resource " + name + " is missing from the jar");
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            if (text.contains("</script") || text.contains("</style")) {
                throw new IllegalStateException("page resource " + name + " would end its element early");
            }
            return text;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
