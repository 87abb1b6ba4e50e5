package io.github.aksbackup.simulate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.aksbackup.api.DataStoreType;
import io.github.aksbackup.retention.PlannedCopy;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/**
 * The JSON form of a simulation, as {@code aks-backup policy simulate --json} prints it:
 * <pre>{@code
 * {"policy":"daily","start":"2026-01-01T00:00:00Z","end":"2026-02-01T00:00:00Z","zone":"Europe/Berlin",
 *  "recoveryPoints":[{"time":"2026-01-01T04:00:00Z","tag":"Daily",
 *   "stores":[{"type":"OperationalStore","created":"…Z","expiry":"…Z"},
 *             {"type":"VaultStore","created":"…Z","expiry":"…Z"}]}],
 *  "failedSlots":["2026-01-05T04:00:00Z"],
 *  "liveAtEnd":{"OperationalStore":N,"VaultStore":M}}
 * }</pre>
 * Times are UTC with second precision; {@code zone} is the zone of slots and calendar periods ({@code UTC}
 * or an IANA id); recovery points in time order; stores operational first; a failed slot produces no
 * recovery point, only its time in {@code failedSlots}. With a cost projection a {@code "costs"} member
 * follows (see {@link CostProjection}).
 */
public final class SimulationJson {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final DateTimeFormatter UTC_SECONDS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss'Z'")
            .withZone(ZoneOffset.UTC);

    private SimulationJson() {
    }

    /** The simulation as a JSON tree. */
    public static ObjectNode toTree(SimulationResult result) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("policy", result.policyName());
        root.put("start", format(result.start()));
        root.put("end", format(result.end()));
        root.put("zone", result.zone().equals(ZoneOffset.UTC) ? "UTC" : result.zone().getId());
        ArrayNode rps = root.putArray("recoveryPoints");
        for (SimulatedRecoveryPoint rp : result.recoveryPoints()) {
            ObjectNode node = rps.addObject();
            node.put("time", format(rp.time()));
            node.put("tag", rp.tag());
            ArrayNode stores = node.putArray("stores");
            for (PlannedCopy c : rp.copies()) {
                stores.addObject().put("type", c.store().name()).put("created", format(c.created()))
                        .put("expiry", format(c.expiry()));
            }
        }
        ArrayNode failed = root.putArray("failedSlots");
        result.failedSlots().forEach(t -> failed.add(format(t)));
        ObjectNode live = root.putObject("liveAtEnd");
        for (Map.Entry<DataStoreType, Integer> e : result.liveAtEnd().entrySet()) {
            live.put(e.getKey().name(), e.getValue());
        }
        return root;
    }

    /** The simulation as indented JSON text. */
    public static String write(SimulationResult result) {
        return write(toTree(result));
    }

    /** A JSON tree as indented text. */
    public static String write(ObjectNode tree) {
        try {
            return MAPPER.writeValueAsString(tree);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** UTC, second precision: {@code 2026-01-01T04:00:00Z}. */
    public static String format(Instant t) {
        return UTC_SECONDS.format(t.truncatedTo(ChronoUnit.SECONDS));
    }
}
