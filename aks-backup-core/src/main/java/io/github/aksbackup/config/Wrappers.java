package io.github.aksbackup.config;

import io.github.aksbackup.internal.json.JsonCursor;
import java.util.ArrayList;
import java.util.List;

/** Finds a document inside the envelopes Azure prints around it (backup instances, restore requests). */
final class Wrappers {

    private Wrappers() {
    }

    /**
     * Follows required objects by field name to an array at the end.
     *
     * @return the array, or {@code null} with a problem where the path breaks
     */
    static JsonCursor path(JsonCursor start, String... fields) {
        JsonCursor c = start;
        for (int i = 0; i < fields.length - 1; i++) {
            c = c.object(fields[i], true);
            if (c == null) {
                return null;
            }
        }
        JsonCursor list = c.field(fields[fields.length - 1]);
        if (!list.isPresent()) {
            list.problem("is required");
            return null;
        }
        return list.elements() == null ? null : list;
    }

    /**
     * The one element of the array whose {@code objectType} is one of {@code objectTypes} (ignoring
     * letter case).
     *
     * @return the element, or {@code null} with a problem at the array when there is none or more than one
     */
    static JsonCursor pick(JsonCursor list, String... objectTypes) {
        List<JsonCursor> found = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        for (JsonCursor item : list.elements()) {
            JsonCursor type = item.field("objectType");
            String text = type.node().isTextual() ? type.node().asText().strip() : "";
            seen.add("'" + text + "'");
            for (String wanted : objectTypes) {
                if (wanted.equalsIgnoreCase(text)) {
                    found.add(item);
                }
            }
        }
        if (found.size() == 1) {
            return found.get(0);
        }
        list.problem(found.isEmpty()
                ? "holds no " + JsonCursor.alternatives(objectTypes)
                        + (seen.isEmpty() ? " (it is empty)" : "; found objectType " + String.join(", ", seen))
                : "holds " + found.size() + " entries of type " + JsonCursor.alternatives(objectTypes) + "; expected one");
        return null;
    }

    /**
     * Records a problem at the {@code objectType} of every element of {@code list} other than {@code
     * picked}: an envelope's list may hold entries of other types, and one that is read past is a
     * request silently not carried out.
     *
     * @param why the message for an element, given its {@code objectType}
     */
    static void refuseOthers(JsonCursor list, JsonCursor picked, java.util.function.Function<String, String> why) {
        for (JsonCursor item : list.elements()) {
            if (!item.path().equals(picked.path())) {
                JsonCursor type = item.field("objectType");
                type.problem(why.apply(type.node().isTextual() ? type.node().asText().strip() : JsonCursor.describe(type.node())));
            }
        }
    }
}
