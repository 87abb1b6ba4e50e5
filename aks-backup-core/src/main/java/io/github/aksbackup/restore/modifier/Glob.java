package io.github.aksbackup.restore.modifier;

import java.util.regex.Pattern;

/**
 * A glob pattern as Velero matches {@code groupResource} and {@code namespaces} (the gobwas/glob
 * syntax): {@code *} any run of characters other than the separator, {@code **} any run of
 * characters, {@code ?} one character other than the separator, {@code [abc]}, {@code [a-z]},
 * {@code [!abc]} one character of (or not of) a class, {@code {a,b}} one of the alternatives,
 * {@code \} the next character literally. The whole text must match. With the separator {@code .}
 * (groupResource), {@code *} matches the core group's resources ({@code pods}) and {@code *.*} those
 * of every other group ({@code deployments.apps}); {@code *.apps} matches a group's.
 */
final class Glob {
    private final String pattern;
    private final Pattern regex;

    private Glob(String pattern, Pattern regex) {
        this.pattern = pattern;
        this.regex = regex;
    }

    /**
     * Compiles a pattern.
     *
     * @param separator the character {@code *} and {@code ?} do not match, or {@code 0} for none
     * @throws IllegalArgumentException saying what is wrong with the pattern
     */
    static Glob compile(String pattern, char separator) {
        StringBuilder re = new StringBuilder();
        String any = separator == 0 ? "." : "[^" + Pattern.quote(String.valueOf(separator)) + "]";
        int alternatives = 0;
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            switch (c) {
                case '*' -> {
                    if (i + 1 < pattern.length() && pattern.charAt(i + 1) == '*') {
                        re.append(".*");
                        i++;
                    } else {
                        re.append(any).append('*');
                    }
                }
                case '?' -> re.append(any);
                case '\\' -> {
                    if (++i == pattern.length()) {
                        throw new IllegalArgumentException("'" + pattern + "' ends with an escaping backslash");
                    }
                    re.append(Pattern.quote(String.valueOf(pattern.charAt(i))));
                }
                case '[' -> i = characterClass(pattern, i, re);
                case '{' -> {
                    alternatives++;
                    re.append("(?:");
                }
                case ',' -> re.append(alternatives > 0 ? "|" : ",");
                case '}' -> {
                    if (alternatives == 0) {
                        throw new IllegalArgumentException("'" + pattern + "' closes a '}' it did not open");
                    }
                    alternatives--;
                    re.append(')');
                }
                default -> re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        if (alternatives > 0) {
            throw new IllegalArgumentException("'" + pattern + "' opens a '{' it does not close");
        }
        return new Glob(pattern, Pattern.compile(re.toString(), Pattern.DOTALL));
    }

    private static int characterClass(String pattern, int open, StringBuilder re) {
        int close = pattern.indexOf(']', open + 1);
        if (close < 0) {
            throw new IllegalArgumentException("'" + pattern + "' opens a '[' it does not close");
        }
        String body = pattern.substring(open + 1, close);
        boolean negated = body.startsWith("!");
        if (negated) {
            body = body.substring(1);
        }
        if (body.isEmpty()) {
            throw new IllegalArgumentException("'" + pattern + "' has an empty character class '[]'");
        }
        re.append(negated ? "[^" : "[");
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c == '-' && i > 0 && i < body.length() - 1) {
                if (body.charAt(i - 1) > body.charAt(i + 1)) {
                    throw new IllegalArgumentException("'" + pattern + "' has a range that runs backwards: "
                            + body.charAt(i - 1) + "-" + body.charAt(i + 1));
                }
                re.append('-');
            } else {
                re.append(Character.isLetterOrDigit(c) ? String.valueOf(c) : "\\" + c);
            }
        }
        re.append(']');
        return close;
    }

    boolean matches(String text) {
        return regex.matcher(text).matches();
    }

    @Override
    public String toString() {
        return pattern;
    }
}
