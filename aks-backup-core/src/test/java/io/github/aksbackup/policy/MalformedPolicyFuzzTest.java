package io.github.aksbackup.policy;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.aksbackup.api.InvalidInputException;
import io.github.aksbackup.api.policy.BackupPolicy;
import io.github.aksbackup.config.BackupConfigurationJson;
import io.github.aksbackup.config.RestoreConfigJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Documents damaged at random (fixed seeds, so a failure repeats) are either read or rejected with
 * {@link InvalidInputException}: never another exception, which the command line would have to report
 * as an unexpected error.
 */
class MalformedPolicyFuzzTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final List<JsonNode> VALUES = List.of(F.nullNode(), F.numberNode(0), F.numberNode(-1),
            F.numberNode(1.5), F.numberNode(99999999999L), F.booleanNode(true), F.textNode(""), F.textNode(" "),
            F.textNode("x"), F.textNode("P-1D"), F.textNode("PT0S"), F.textNode("P0D"), F.textNode("P999999999Y"),
            F.textNode("PT999999999H"), F.textNode("P9999999999D"), F.textNode("R/2024-01-01T00:00:00Z/PT0S"),
            F.textNode("R/+999999999-12-31T23:59:59Z/P1D"), F.textNode("R/2024-01-01T00:00:00Z/P1M"),
            F.textNode("VaultStore"), F.textNode("ArchiveStore"), F.textNode("Default"), F.textNode("Mars Time"),
            F.textNode("a in (b"), F.textNode("apps/v1"), F.textNode("ImmediateCopyOption"),
            F.textNode("\u0000\uffff\ud800"), F.arrayNode(), F.objectNode());

    private static final List<String> POLICIES = List.of("aks-default.json", "aks-daily-to-vault.json",
            "aks-weekly-monthly-yearly.json");

    @Test
    void damagedPoliciesAreReadOrRejectedWithProblems() throws IOException {
        for (String file : POLICIES) {
            JsonNode original = MAPPER.readTree(Files.readString(PolicyJsonTest.SAMPLES.resolve(file)));
            fuzz(original, 150, file.hashCode(), json -> {
                for (PolicyValidator.Options options : List.of(PolicyValidator.Options.AZURE, PolicyValidator.Options.anyInterval())) {
                    BackupPolicy p = Policies.read(json, options);
                    PolicySummary summary = PolicySummary.of(p);
                    summary.lines();
                    summary.json();
                    summary.oneLine();
                    assertFalse(PolicyJson.write(p).isEmpty());
                }
            });
        }
    }

    @Test
    void damagedConfigurationsAreReadOrRejectedWithProblems() throws IOException {
        Path docs = Path.of("src", "test", "resources", "config");
        for (String file : List.of("az-initialize-backupconfig.json", "backup-instance-show.json")) {
            fuzz(MAPPER.readTree(Files.readString(docs.resolve(file))), 500, file.hashCode(),
                    json -> BackupConfigurationJson.write(BackupConfigurationJson.read(json)));
        }
        for (String file : List.of("restore-criteria.json", "restore-request-vault.json")) {
            fuzz(MAPPER.readTree(Files.readString(docs.resolve(file))), 500, file.hashCode(),
                    json -> RestoreConfigJson.write(RestoreConfigJson.read(json)));
        }
    }

    private static void fuzz(JsonNode original, int rounds, long seed, Consumer<String> read) {
        Random random = new Random(seed);
        for (int round = 0; round < rounds; round++) {
            JsonNode doc = original.deepCopy();
            int mutations = 1 + random.nextInt(3);
            for (int m = 0; m < mutations; m++) {
                mutate(doc, random);
            }
            String json = doc.toString();
            try {
                read.accept(json);
            } catch (InvalidInputException expected) {
                // A rejection with located problems is a fine outcome.
            } catch (RuntimeException | AssertionError e) {
                fail("round " + round + " of seed " + seed + ": " + e + "\n" + json, e);
            }
        }
    }

    /** Replaces, removes or duplicates one randomly chosen node below the root. */
    private static void mutate(JsonNode root, Random random) {
        List<JsonNode> containers = new ArrayList<>();
        collect(root, containers);
        JsonNode parent = containers.get(random.nextInt(containers.size()));
        if (parent instanceof ObjectNode o && o.size() > 0) {
            List<String> names = new ArrayList<>();
            o.fieldNames().forEachRemaining(names::add);
            String name = names.get(random.nextInt(names.size()));
            switch (random.nextInt(3)) {
                case 0 -> o.remove(name);
                case 1 -> o.set(name, VALUES.get(random.nextInt(VALUES.size())).deepCopy());
                default -> o.set(name, o.get(name).isTextual()
                        ? F.textNode(o.get(name).asText().toLowerCase(java.util.Locale.ROOT)) : o.get(name));
            }
        } else if (parent instanceof ArrayNode a && a.size() > 0) {
            int i = random.nextInt(a.size());
            switch (random.nextInt(3)) {
                case 0 -> a.remove(i);
                case 1 -> a.set(i, VALUES.get(random.nextInt(VALUES.size())).deepCopy());
                default -> a.add(a.get(i).deepCopy());
            }
        }
    }

    private static void collect(JsonNode node, List<JsonNode> out) {
        if (node.isContainerNode()) {
            out.add(node);
            node.forEach(child -> collect(child, out));
        }
    }
}
