package io.github.aksbackup.simulate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.aksbackup.api.InvalidInputException;
import io.github.aksbackup.api.ValidationProblem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Prices for a cost projection, read from a small JSON file:
 * <pre>{@code
 * {
 *   "currency": "USD",
 *   "protectedInstancePerNamespaceMonth": 0.50,
 *   "snapshotPerGbMonth": 0.05,
 *   "vaultPerGbMonth": 0.0224
 * }
 * }</pre>
 * All four fields are required; prices are numbers ≥ 0 in {@code currency} per unit: the
 * protected-instance fee per namespace per month, operational-tier snapshot storage per GB-month, and
 * vault-tier storage per GB-month. Unknown fields are rejected so a misspelt price is not silently zero.
 */
public record Prices(String currency, double protectedInstancePerNamespaceMonth, double snapshotPerGbMonth,
        double vaultPerGbMonth) {
    private static final Set<String> FIELDS = Set.of("currency", "protectedInstancePerNamespaceMonth",
            "snapshotPerGbMonth", "vaultPerGbMonth");

    public Prices {
        Objects.requireNonNull(currency, "currency");
        requireNonNegative("protectedInstancePerNamespaceMonth", protectedInstancePerNamespaceMonth);
        requireNonNegative("snapshotPerGbMonth", snapshotPerGbMonth);
        requireNonNegative("vaultPerGbMonth", vaultPerGbMonth);
    }

    private static void requireNonNegative(String field, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(field + " must be a number of 0 or more, was " + value);
        }
    }

    /**
     * Reads a prices file.
     *
     * @throws InvalidInputException listing every problem with its JSON path
     */
    public static Prices read(Path file) {
        try {
            return parse(Files.readString(file));
        } catch (IOException e) {
            throw new InvalidInputException("$", "cannot read prices file " + file + ": " + e.getMessage());
        }
    }

    /**
     * Parses prices JSON.
     *
     * @throws InvalidInputException listing every problem with its JSON path
     */
    public static Prices parse(String json) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(json);
        } catch (JsonProcessingException e) {
            throw new InvalidInputException("$", "not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new InvalidInputException("$", "expected a JSON object with currency, protectedInstancePerNamespaceMonth,"
                    + " snapshotPerGbMonth and vaultPerGbMonth");
        }
        List<ValidationProblem> problems = new ArrayList<>();
        for (Iterator<String> names = root.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                problems.add(new ValidationProblem("$." + name, "unknown field; allowed: currency,"
                        + " protectedInstancePerNamespaceMonth, snapshotPerGbMonth, vaultPerGbMonth"));
            }
        }
        JsonNode currency = root.get("currency");
        if (currency == null || !currency.isTextual() || currency.asText().isBlank()) {
            problems.add(new ValidationProblem("$.currency", "required: a currency code such as \"USD\""));
        }
        double instance = price(root, "protectedInstancePerNamespaceMonth", problems);
        double snapshot = price(root, "snapshotPerGbMonth", problems);
        double vault = price(root, "vaultPerGbMonth", problems);
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        return new Prices(currency.asText(), instance, snapshot, vault);
    }

    private static double price(JsonNode root, String field, List<ValidationProblem> problems) {
        JsonNode n = root.get(field);
        if (n == null || !n.isNumber() || n.asDouble() < 0) {
            problems.add(new ValidationProblem("$." + field, "required: a number of 0 or more"));
            return 0;
        }
        return n.asDouble();
    }
}
