package io.github.aksbackup.schedule;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Resolves the time zone of a backup schedule. Azure writes Windows zone names
 * ({@code "timeZone": "India Standard Time"}); IANA ids ({@code Asia/Kolkata}) and fixed offsets
 * ({@code +05:30}, {@code UTC+01:00}) are accepted as well.
 *
 * <p>Windows names map to IANA zones through CLDR's {@code windowsZones} table, using the row for
 * territory {@code 001} (the zone CLDR designates for each Windows name), embedded as a resource because
 * the JDK has no public Windows mapping. {@code "Coordinated Universal Time"}, the display name Azure
 * writes for UTC, is accepted too. Windows names match ignoring letter case and surrounding blanks.
 * A missing or blank name means UTC; any other unknown name is an error.
 */
public final class ScheduleZones {
    private static final String RESOURCE = "windows-zones.tsv";
    /** As CLDR spells the names, in CLDR's order. */
    private static final Map<String, String> TABLE = load();
    private static final Map<String, String> BY_LOWER_NAME = lowerCaseKeys(TABLE);

    private ScheduleZones() {
    }

    /**
     * The zone a schedule's {@code timeZone} names.
     *
     * @param name a Windows zone name, an IANA id, a fixed offset, or {@code null}/blank for UTC
     * @return the zone
     * @throws IllegalArgumentException naming the text when it is neither a known Windows name nor a
     *         zone id the JDK knows
     */
    public static ZoneId resolve(String name) {
        if (name == null || name.isBlank()) {
            return ZoneOffset.UTC;
        }
        String trimmed = name.trim();
        String iana = BY_LOWER_NAME.get(trimmed.toLowerCase(Locale.ROOT));
        if (iana != null) {
            return ZoneId.of(iana);
        }
        try {
            return ZoneId.of(trimmed);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("timeZone '" + name + "' is unknown: use a Windows time zone name such as"
                    + " 'India Standard Time' or 'W. Europe Standard Time', or an IANA id such as 'Europe/Berlin'");
        }
    }

    /** True when {@link #resolve} accepts the name. */
    public static boolean isKnown(String name) {
        try {
            resolve(name);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The embedded Windows name → IANA id table, in CLDR's order (keys as CLDR spells them). */
    public static Map<String, String> windowsNames() {
        return TABLE;
    }

    private static Map<String, String> lowerCaseKeys(Map<String, String> table) {
        Map<String, String> out = new HashMap<>();
        table.forEach((windows, iana) -> out.put(windows.toLowerCase(Locale.ROOT), iana));
        return Map.copyOf(out);
    }

    private static Map<String, String> load() {
        Map<String, String> table = new LinkedHashMap<>();
        try (InputStream in = ScheduleZones.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource " + RESOURCE + " is missing from the aks-backup-core jar");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                int tab = line.indexOf('\t');
                table.put(line.substring(0, tab).trim(), line.substring(tab + 1).trim());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
        return Collections.unmodifiableMap(table);
    }
}
