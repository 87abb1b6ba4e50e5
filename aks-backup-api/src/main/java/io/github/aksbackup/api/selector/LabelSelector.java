package io.github.aksbackup.api.selector;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A Kubernetes label selector: requirements joined by AND, in the full string syntax
 * ({@code k=v}, {@code k==v}, {@code k!=v}, {@code k in (a,b)}, {@code k notin (a)}, {@code k},
 * {@code !k}, comma = AND) or built from a {@code matchLabels} / {@code matchExpressions} object.
 *
 * <p>As in Kubernetes, {@code k!=v} and {@code k notin (...)} also match objects without the label.
 * The empty selector matches everything.
 */
public record LabelSelector(List<Requirement> requirements) {

    /** A selector that matches everything. */
    public static final LabelSelector EVERYTHING = new LabelSelector(List.of());

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?");
    private static final Pattern DNS_SUBDOMAIN = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

    public LabelSelector {
        requirements = List.copyOf(Objects.requireNonNull(requirements, "requirements"));
    }

    /** Requirement operators. */
    public enum Operator {
        Equals("="), NotEquals("!="), In("in"), NotIn("notin"), Exists(""), DoesNotExist("!");

        private final String symbol;

        Operator(String symbol) {
            this.symbol = symbol;
        }

        /** Parses a {@code matchExpressions} operator (In, NotIn, Exists, DoesNotExist) in any letter case. */
        public static Operator ofExpression(String op) {
            for (Operator o : List.of(In, NotIn, Exists, DoesNotExist)) {
                if (o.name().equalsIgnoreCase(op)) {
                    return o;
                }
            }
            throw new IllegalArgumentException("matchExpressions operator '" + op + "' is not one of In, NotIn, Exists, DoesNotExist");
        }
    }

    /**
     * One requirement on one label key.
     *
     * @param key a label key ({@code [prefix/]name})
     * @param operator the operator
     * @param values the values: one for Equals/NotEquals, at least one for In/NotIn, none for Exists/DoesNotExist
     */
    public record Requirement(String key, Operator operator, Set<String> values) {
        public Requirement {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(operator, "operator");
            values = java.util.Collections.unmodifiableSet(new LinkedHashSet<>(Objects.requireNonNull(values, "values")));
            String keyProblem = keyProblem(key);
            if (keyProblem != null) {
                throw new IllegalArgumentException("label key '" + key + "': " + keyProblem);
            }
            switch (operator) {
                case Equals, NotEquals -> {
                    if (values.size() != 1) {
                        throw new IllegalArgumentException("operator " + operator + " on '" + key + "' needs exactly one value");
                    }
                }
                case In, NotIn -> {
                    if (values.isEmpty()) {
                        throw new IllegalArgumentException("operator " + operator + " on '" + key + "' needs at least one value");
                    }
                }
                case Exists, DoesNotExist -> {
                    if (!values.isEmpty()) {
                        throw new IllegalArgumentException("operator " + operator + " on '" + key + "' takes no values");
                    }
                }
                default -> throw new IllegalStateException();
            }
            for (String v : values) {
                String valueProblem = valueProblem(v);
                if (valueProblem != null) {
                    throw new IllegalArgumentException("label value '" + v + "' for key '" + key + "': " + valueProblem);
                }
            }
        }

        /** True when the labels satisfy this requirement. */
        public boolean matches(Map<String, String> labels) {
            String v = labels.get(key);
            return switch (operator) {
                case Equals, In -> v != null && values.contains(v);
                case NotEquals, NotIn -> v == null || !values.contains(v);
                case Exists -> v != null;
                case DoesNotExist -> v == null;
            };
        }

        @Override
        public String toString() {
            return switch (operator) {
                case Equals, NotEquals -> key + operator.symbol + values.iterator().next();
                case In, NotIn -> key + " " + operator.symbol + " (" + String.join(",", values) + ")";
                case Exists -> key;
                case DoesNotExist -> "!" + key;
            };
        }
    }

    /** True when {@code labels} (may be {@code null} for an object without labels) satisfy every requirement. */
    public boolean matches(Map<String, String> labels) {
        Map<String, String> l = labels == null ? Map.of() : labels;
        for (Requirement r : requirements) {
            if (!r.matches(l)) {
                return false;
            }
        }
        return true;
    }

    /** True when the selector has no requirement and so matches everything. */
    public boolean isEmpty() {
        return requirements.isEmpty();
    }

    /** A selector from a Kubernetes {@code matchLabels} map and {@code matchExpressions} requirements. */
    public static LabelSelector of(Map<String, String> matchLabels, List<Requirement> matchExpressions) {
        List<Requirement> all = new ArrayList<>();
        if (matchLabels != null) {
            matchLabels.forEach((k, v) -> {
                if (k == null || v == null) {
                    throw new IllegalArgumentException("matchLabels entry '" + k + "' needs a key and a value (use \"\" for an empty value)");
                }
                all.add(new Requirement(k, Operator.Equals, Set.of(v)));
            });
        }
        if (matchExpressions != null) {
            all.addAll(matchExpressions);
        }
        return new LabelSelector(all);
    }

    /** The canonical string form, parseable by {@link #parse(String)}. */
    @Override
    public String toString() {
        return requirements.stream().map(Requirement::toString).collect(Collectors.joining(","));
    }

    /**
     * Parses the Kubernetes string syntax.
     *
     * @throws LabelSelectorSyntaxException naming the column and what was expected there
     */
    public static LabelSelector parse(String text) {
        Objects.requireNonNull(text, "label selector text");
        return new Parser(text).parse();
    }

    static String keyProblem(String key) {
        if (key.isEmpty()) {
            return "must not be empty";
        }
        int slash = key.indexOf('/');
        String name = key;
        if (slash >= 0) {
            String prefix = key.substring(0, slash);
            name = key.substring(slash + 1);
            if (prefix.isEmpty() || prefix.length() > 253 || !DNS_SUBDOMAIN.matcher(prefix).matches()) {
                return "prefix '" + prefix + "' must be a lowercase DNS subdomain of at most 253 characters";
            }
        }
        if (name.isEmpty() || name.length() > 63 || !NAME.matcher(name).matches()) {
            return "name part must be 1..63 characters of letters, digits, '-', '_' or '.', starting and ending with a letter or digit";
        }
        return null;
    }

    static String valueProblem(String value) {
        if (value.isEmpty()) {
            return null;
        }
        if (value.length() > 63 || !NAME.matcher(value).matches()) {
            return "must be at most 63 characters of letters, digits, '-', '_' or '.', starting and ending with a letter or digit";
        }
        return null;
    }

    /** A hand-written scanner so that errors can name the exact column. */
    private static final class Parser {
        private final String s;
        private int pos;

        Parser(String s) {
            this.s = s;
        }

        LabelSelector parse() {
            List<Requirement> out = new ArrayList<>();
            skipSpaces();
            if (pos == s.length()) {
                return EVERYTHING;
            }
            while (true) {
                out.add(requirement());
                skipSpaces();
                if (pos == s.length()) {
                    return new LabelSelector(out);
                }
                if (s.charAt(pos) != ',') {
                    throw error("expected ',' or end of selector, found '" + s.charAt(pos) + "'");
                }
                pos++;
                skipSpaces();
                if (pos == s.length()) {
                    throw error("expected a requirement after ','");
                }
            }
        }

        private Requirement requirement() {
            if (s.charAt(pos) == '!') {
                pos++;
                skipSpaces();
                int keyStart = pos;
                String key = word();
                checkKey(key, keyStart);
                return make(key, Operator.DoesNotExist, Set.of(), keyStart);
            }
            int keyStart = pos;
            String key = word();
            checkKey(key, keyStart);
            skipSpaces();
            if (pos == s.length() || s.charAt(pos) == ',') {
                return make(key, Operator.Exists, Set.of(), keyStart);
            }
            char c = s.charAt(pos);
            if (c == '=' || c == '!') {
                Operator op;
                if (s.startsWith("==", pos)) {
                    pos += 2;
                    op = Operator.Equals;
                } else if (s.startsWith("!=", pos)) {
                    pos += 2;
                    op = Operator.NotEquals;
                } else if (c == '=') {
                    pos++;
                    op = Operator.Equals;
                } else {
                    throw error("expected '!=' after key '" + key + "'");
                }
                skipSpaces();
                int valueStart = pos;
                String value = word();
                checkValue(value, valueStart);
                return make(key, op, Set.of(value), keyStart);
            }
            int opStart = pos;
            String opWord = word();
            Operator op = switch (opWord.toLowerCase(Locale.ROOT)) {
                case "in" -> Operator.In;
                case "notin" -> Operator.NotIn;
                default -> {
                    pos = opStart;
                    throw error(opWord.isEmpty()
                            ? "expected an operator (=, ==, !=, in, notin), ',' or end of selector after key '" + key + "', found '" + c + "'"
                            : "unknown operator '" + opWord + "'; expected =, ==, !=, in or notin");
                }
            };
            skipSpaces();
            if (pos == s.length() || s.charAt(pos) != '(') {
                throw error("expected '(' after '" + opWord + "'");
            }
            pos++;
            Set<String> values = new LinkedHashSet<>();
            while (true) {
                skipSpaces();
                if (pos == s.length()) {
                    throw error("expected ')' to close the value list");
                }
                if (s.charAt(pos) == ')' && values.isEmpty()) {
                    throw error("the value list of '" + opWord + "' must not be empty");
                }
                int valueStart = pos;
                String value = word();
                checkValue(value, valueStart);
                values.add(value);
                skipSpaces();
                if (pos == s.length()) {
                    throw error("expected ')' to close the value list");
                }
                char d = s.charAt(pos);
                if (d == ')') {
                    pos++;
                    break;
                }
                if (d != ',') {
                    throw error("expected ',' or ')' in the value list, found '" + d + "'");
                }
                pos++;
            }
            return make(key, op, values, keyStart);
        }

        private Requirement make(String key, Operator op, Set<String> values, int at) {
            try {
                return new Requirement(key, op, values);
            } catch (IllegalArgumentException e) {
                throw new LabelSelectorSyntaxException(s, at + 1, e.getMessage());
            }
        }

        private void checkKey(String key, int at) {
            if (key.isEmpty()) {
                pos = at;
                throw error(pos == s.length() ? "expected a label key, found end of selector"
                        : "expected a label key, found '" + s.charAt(pos) + "'");
            }
            String problem = keyProblem(key);
            if (problem != null) {
                throw new LabelSelectorSyntaxException(s, at + 1, "label key '" + key + "' " + problem);
            }
        }

        private void checkValue(String value, int at) {
            String problem = valueProblem(value);
            if (problem != null) {
                throw new LabelSelectorSyntaxException(s, at + 1, "label value '" + value + "' " + problem);
            }
        }

        /** Reads characters up to whitespace or a delimiter. */
        private String word() {
            int start = pos;
            while (pos < s.length()) {
                char c = s.charAt(pos);
                if (Character.isWhitespace(c) || c == ',' || c == '=' || c == '!' || c == '(' || c == ')') {
                    break;
                }
                pos++;
            }
            return s.substring(start, pos);
        }

        private void skipSpaces() {
            while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
                pos++;
            }
        }

        private LabelSelectorSyntaxException error(String reason) {
            return new LabelSelectorSyntaxException(s, pos + 1, reason);
        }
    }
}
