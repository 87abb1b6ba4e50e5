package io.github.aksbackup.internal.json;

import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The fields Azure Resource Manager prints around a resource's {@code properties} ({@code az ... show}):
 * read-only metadata that names or describes the resource and asks for nothing, so readers accept
 * them; any other field there is a problem, not dropped.
 */
public final class ArmEnvelope {

    /**
     * The envelope's fields: the resource's id, name and type (read-only in every Azure resource),
     * {@code systemData} (who changed it when, read-only), {@code resourceGroup} (which {@code az}
     * adds to what it prints) and {@code properties}.
     */
    public static final List<String> FIELDS = List.of("id", "name", "type", "systemData", "resourceGroup", "properties");

    private ArmEnvelope() {
    }

    /**
     * Records a problem for each field of {@code resource} that is neither an envelope field nor one
     * of {@code extra}; Azure PowerShell's flattened {@code SystemDataCreatedAt} and its kin count as
     * {@code systemData}.
     */
    public static void refuseUnknownFields(JsonCursor resource, String what, String... extra) {
        List<String> known = Stream.concat(FIELDS.stream(), Stream.of(extra)).toList();
        for (String field : resource.unknownFields(known)) {
            if (!field.replace("_", "").toLowerCase(Locale.ROOT).startsWith("systemdata")) {
                resource.problem(field, "is not a field of " + what + "; expected " + String.join(", ", known));
            }
        }
    }
}
