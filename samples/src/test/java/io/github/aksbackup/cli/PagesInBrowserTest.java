package io.github.aksbackup.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pages of {@code policy simulate --html} and {@code vault report --html} in a real browser (Debian's
 * chromium, headless): the embedded data is the {@code --json} document byte for byte, the drawing has one
 * bar per store copy of that data, the page logs nothing to the console, and its screenshot is not blank.
 * The pages and screenshots stay in {@code target/pages/} to look at.
 */
class PagesInBrowserTest {
    private static final Path PAGES = Path.of("target", "pages");
    private static final Pattern RECT = Pattern.compile("<rect\\b([^>]*)>");
    private static final Pattern CLASS = Pattern.compile("\\bclass=\"([^\"]*)\"");
    private static final Pattern COPIES = Pattern.compile("\\bdata-copies=\"(\\d+)\"");

    /**
     * Every 6 hours; Daily (first of the day) copied to the vault at once and kept there 30 days, Weekly kept
     * 14 days operational then moved to the vault for 8 weeks, Default 3 days.
     */
    static final String POLICY = """
            {
              "name": "six-hourly-tiered", "objectType": "BackupPolicy",
              "datasourceTypes": ["Microsoft.ContainerService/managedClusters"],
              "policyRules": [
                {"name": "BackupSixHourly", "objectType": "AzureBackupRule",
                 "backupParameters": {"backupType": "Incremental", "objectType": "AzureBackupParams"},
                 "dataStore": {"dataStoreType": "OperationalStore", "objectType": "DataStoreInfoBase"},
                 "trigger": {"objectType": "ScheduleBasedTriggerContext",
                   "schedule": {"repeatingTimeIntervals": ["R/2026-01-01T03:00:00+00:00/PT6H"], "timeZone": "W. Europe Standard Time"},
                   "taggingCriteria": [
                     {"isDefault": false, "taggingPriority": 20, "tagInfo": {"tagName": "Weekly"},
                      "criteria": [{"objectType": "ScheduleBasedBackupCriteria", "absoluteCriteria": ["FirstOfWeek"]}]},
                     {"isDefault": false, "taggingPriority": 25, "tagInfo": {"tagName": "Daily"},
                      "criteria": [{"objectType": "ScheduleBasedBackupCriteria", "absoluteCriteria": ["FirstOfDay"]}]},
                     {"isDefault": true, "taggingPriority": 99, "tagInfo": {"tagName": "Default"}}]}},
                {"name": "Weekly", "objectType": "AzureRetentionRule", "isDefault": false,
                 "lifecycles": [
                   {"deleteAfter": {"duration": "P14D", "objectType": "AbsoluteDeleteOption"},
                    "sourceDataStore": {"dataStoreType": "OperationalStore", "objectType": "DataStoreInfoBase"},
                    "targetDataStoreCopySettings": [{"copyAfter": {"objectType": "CopyOnExpiryOption"},
                      "dataStore": {"dataStoreType": "VaultStore", "objectType": "DataStoreInfoBase"}}]},
                   {"deleteAfter": {"duration": "P8W", "objectType": "AbsoluteDeleteOption"},
                    "sourceDataStore": {"dataStoreType": "VaultStore", "objectType": "DataStoreInfoBase"},
                    "targetDataStoreCopySettings": []}]},
                {"name": "Daily", "objectType": "AzureRetentionRule", "isDefault": false,
                 "lifecycles": [
                   {"deleteAfter": {"duration": "P5D", "objectType": "AbsoluteDeleteOption"},
                    "sourceDataStore": {"dataStoreType": "OperationalStore", "objectType": "DataStoreInfoBase"},
                    "targetDataStoreCopySettings": [{"copyAfter": {"objectType": "ImmediateCopyOption"},
                      "dataStore": {"dataStoreType": "VaultStore", "objectType": "DataStoreInfoBase"}}]},
                   {"deleteAfter": {"duration": "P30D", "objectType": "AbsoluteDeleteOption"},
                    "sourceDataStore": {"dataStoreType": "VaultStore", "objectType": "DataStoreInfoBase"},
                    "targetDataStoreCopySettings": []}]},
                {"name": "Default", "objectType": "AzureRetentionRule", "isDefault": true,
                 "lifecycles": [{"deleteAfter": {"duration": "P3D", "objectType": "AbsoluteDeleteOption"},
                   "sourceDataStore": {"dataStoreType": "OperationalStore", "objectType": "DataStoreInfoBase"},
                   "targetDataStoreCopySettings": []}]}
              ]
            }
            """;

    @TempDir
    static Path dir;
    private static Chromium chromium;

    /** Per test, so that without a browser each test shows as skipped, with the reason. */
    @BeforeEach
    void browser() throws IOException {
        chromium = Chromium.findOrSkip(dir);
        Files.createDirectories(PAGES);
    }

    @Test
    void consoleErrorsAndExceptionsOfAPageAreCaught() throws IOException {
        // The check the other tests rely on: a page that logs an error or throws must not look clean.
        Path bad = Files.writeString(dir.resolve("bad.html"), "<!DOCTYPE html><p id=p>x</p><script>console.error('planted');"
                + "document.getElementById('p').textContent = 'ran'; notDefined();</script>");
        Chromium.Rendered r = chromium.dumpDom(bad);
        assertTrue(r.dom().contains(">ran</p>"), r.dom());
        assertEquals(2, r.console().size(), r.console().toString());
        assertTrue(r.console().get(0).contains("planted") && r.console().get(1).contains("notDefined"), r.console().toString());
        Path clean = Files.writeString(dir.resolve("clean.html"), "<!DOCTYPE html><p>quiet</p>");
        assertEquals(List.of(), chromium.dumpDom(clean).console());
    }

    @Test
    void simulationPageEmbedsTheJsonAndDrawsOneBarPerStoreCopy() throws IOException {
        Path policy = Files.writeString(dir.resolve("six-hourly.json"), POLICY);
        Path prices = Path.of("prices", "example-prices.json");
        String[] args = {"policy", "simulate", policy.toString(), "--start", "2026-01-01", "--until", "2026-03-01",
            "--fail", "2026-01-14T03:00:00Z", "--fail", "2026-02-02T21:00:00Z",
            "--prices", prices.toString(), "--namespaces", "8", "--size-gb", "25", "--change-rate", "0.02"};
        Path page = PAGES.resolve("policy-simulate.html");
        CliRun json = CliRun.of(concat(args, "--json"));
        assertEquals(0, json.code(), json.err());
        CliRun html = CliRun.of(concat(args, "--html", page.toString()));
        assertEquals(0, html.code(), html.err());
        assertTrue(html.out().startsWith("Wrote " + page), html.out());

        assertEquals(json.out(), embedded(page, "simulation"), "the page embeds the --json document byte for byte");
        JsonNode doc = new ObjectMapper().readTree(json.out());
        int copies = storeCopies(doc);
        assertTrue(copies > 250 && copies < 2000, "a modest range, drawn bar by bar: " + copies);
        assertEquals(2, doc.get("failedSlots").size());

        Drawing d = draw(page, "policy-simulate.png");
        assertEquals(copies, d.bars, "one bar per store copy");
        assertEquals(copies, d.copies);
        assertEquals(2, count(d.dom, "class=\"marker\""), "each failed slot is marked");
        assertTrue(d.dom.contains("Monthly cost per tier"), "prices give the cost chart");
        assertEquals(2, count(d.dom, "class=\"col\"") / 3, "a stacked column per month (three parts)");
    }

    @Test
    void namesThatLookLikeMarkupStayInsideTheirScriptElement() throws IOException {
        String hostile = POLICY.replace("\"six-hourly-tiered\"", "\"x</script><!--<script>document.title='owned'</script>&amp;\"")
                .replace("\"Daily\"", "\"Da</SCRIPT>ily\"");
        Path policy = Files.writeString(dir.resolve("hostile.json"), hostile);
        Path page = dir.resolve("hostile.html");
        String[] args = {"policy", "simulate", policy.toString(), "--start", "2026-01-01", "--until", "2026-01-08"};
        CliRun json = CliRun.of(concat(args, "--json"));
        assertEquals(0, json.code(), json.err());
        assertEquals(0, CliRun.of(concat(args, "--html", page.toString())).code());
        String source = Files.readString(page, StandardCharsets.UTF_8);
        assertFalse(json.out().contains("<"), json.out());
        assertEquals(json.out(), embedded(page, "simulation"));
        assertEquals("x</script><!--<script>document.title='owned'</script>&amp;", new ObjectMapper().readTree(json.out()).get("policy").asText());
        assertEquals(2, count(source, "</script>"), "only the data and the drawing script end");

        Chromium.Rendered r = chromium.dumpDom(page);
        assertEquals(List.of(), r.console());
        assertTrue(r.dom().contains("data-rendered=\"true\""), "the page finished drawing");
        assertFalse(r.dom().contains("<title>owned"), "no script of the data ran");
        assertEquals(storeCopies(new ObjectMapper().readTree(json.out())), bars(r.dom()).bars);
    }

    @Test
    void yearsOfFourHourlySlotsAreThinnedButEveryCopyIsCounted() throws IOException {
        Path policy = Files.writeString(dir.resolve("four-hourly.json"), POLICY.replace("PT6H", "PT4H"));
        Path page = dir.resolve("years.html");
        CliRun run = CliRun.of("policy", "simulate", policy.toString(), "--start", "2026-01-01", "--until", "2029-01-01",
                "--html", page.toString(), "--json");
        assertEquals(0, run.code(), run.err());
        int copies = storeCopies(new ObjectMapper().readTree(run.out()));
        assertTrue(copies > 5000, "" + copies);
        Chromium.Rendered r = chromium.dumpDom(page);
        assertEquals(List.of(), r.console());
        Bars b = bars(r.dom());
        assertEquals(copies, b.copies, "thinned bars still stand for every copy");
        assertTrue(b.bars < 2000 && b.bars < copies / 4, "drawn as " + b.bars + " bars");
        assertTrue(r.dom().contains("copies of one tag made within"), "the page says that it thinned");
    }

    @Test
    void vaultReportOfAnEncryptedVaultDrawsEveryCopyAndEveryJob() throws IOException {
        // Kept in target/pages with the page, to run the report again by hand.
        Path vault = PAGES.resolve("shop-vault");
        Path keys = PAGES.resolve("shop-vault-keys.json");
        Chromium.deleteTree(vault);
        Files.deleteIfExists(keys);
        assertEquals(0, CliRun.of("key", "create", "--key-file", keys.toString()).code());
        VaultHistory.write(vault, keys);
        Path page = PAGES.resolve("vault-report.html");
        // One run writes the page and prints the document: the report says when it was made.
        CliRun json = CliRun.of("vault", "report", "--vault", vault.toString(), "--key-file", keys.toString(), "--html", page.toString(),
                "--json");
        assertEquals(0, json.code(), json.err());
        assertEquals(json.out(), embedded(page, "report"), "the page embeds the --json document byte for byte");
        CliRun text = CliRun.of("vault", "report", "--vault", vault.toString(), "--key-file", keys.toString(), "--html",
                dir.resolve("again.html").toString());
        assertEquals(0, text.code(), text.err());
        assertTrue(text.out().contains("shop-prod") && text.out().contains("Wrote " + dir.resolve("again.html")), text.out());

        JsonNode doc = new ObjectMapper().readTree(json.out());
        int copies = storeCopies(doc);
        assertEquals(doc.get("summary").get("storeCopies").asInt(), copies);
        assertTrue(copies >= 20, "" + copies);
        int failed = doc.get("summary").get("failedJobs").asInt();
        assertTrue(failed >= 1, json.out());

        Drawing d = draw(page, "vault-report.png");
        assertEquals(copies, d.bars, "one bar per store copy");
        assertEquals(doc.get("jobs").size(), count(d.dom, "class=\"job\""), "one mark per job");
        assertTrue(count(d.dom, "class=\"marker\"") >= 1, "failed jobs are marked");
        assertTrue(d.dom.contains("saved by deduplication"), "the bytes section says what deduplication saved");

        CliRun noKey = CliRun.of("vault", "report", "--vault", vault.toString(), "--json");
        assertEquals(2, noKey.code(), noKey.out());
    }

    /** A page drawn in the browser: its DOM, bars, and a screenshot at 1280x800 that is not blank. */
    private record Drawing(String dom, int bars, int copies) {
    }

    private Drawing draw(Path page, String png) throws IOException {
        Chromium.Rendered r = chromium.dumpDom(page);
        assertEquals(List.of(), r.console(), "the page logs nothing");
        assertTrue(r.dom().contains("data-rendered=\"true\""), "the page finished drawing");
        Path shot = PAGES.resolve(png);
        Files.deleteIfExists(shot);
        assertEquals(List.of(), chromium.screenshot(page, shot, 1280, 800));
        assertNotBlank(shot);
        Bars b = bars(r.dom());
        return new Drawing(r.dom(), b.bars, b.copies);
    }

    private record Bars(int bars, int copies) {
    }

    /** Rectangles of class "bar" in the DOM, and the copies they stand for. */
    private static Bars bars(String dom) {
        int bars = 0;
        int copies = 0;
        Matcher m = RECT.matcher(dom);
        while (m.find()) {
            Matcher c = CLASS.matcher(m.group(1));
            if (c.find() && List.of(c.group(1).split(" ")).contains("bar")) {
                bars++;
                Matcher n = COPIES.matcher(m.group(1));
                copies += n.find() ? Integer.parseInt(n.group(1)) : 0;
            }
        }
        return new Bars(bars, copies);
    }

    private static void assertNotBlank(Path png) throws IOException {
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(1280, img.getWidth());
        assertEquals(800, img.getHeight());
        Set<Integer> colours = new HashSet<>();
        long inked = 0;
        int background = img.getRGB(img.getWidth() - 1, img.getHeight() - 1);
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int rgb = img.getRGB(x, y);
                colours.add(rgb & 0xffffff);
                inked += rgb != background ? 1 : 0;
            }
        }
        assertTrue(colours.size() > 50, png + " has only " + colours.size() + " colours");
        assertTrue(inked > img.getWidth() * img.getHeight() / 20, png + " has only " + inked + " pixels that are not background");
    }

    /** The text of the script element with this id, as it is in the file. */
    private static String embedded(Path page, String id) throws IOException {
        String source = Files.readString(page, StandardCharsets.UTF_8);
        String open = "<script type=\"application/json\" id=\"" + id + "\">";
        int from = source.indexOf(open);
        assertTrue(from >= 0, "no script#" + id);
        from += open.length();
        return source.substring(from, source.indexOf("</script>", from));
    }

    private static int storeCopies(JsonNode doc) {
        int n = 0;
        for (JsonNode rp : doc.get("recoveryPoints")) {
            n += rp.get("stores").size();
        }
        return n;
    }

    private static int count(String text, String what) {
        int n = 0;
        for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + what.length())) {
            n++;
        }
        return n;
    }

    private static String[] concat(String[] args, String... more) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }
}
