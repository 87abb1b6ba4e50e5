package io.github.aksbackup.api.selector;

import io.github.aksbackup.api.InvalidInputException;
import io.github.aksbackup.spi.ResourceType;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A pattern naming Kubernetes resource types, as users write them in {@code includedResourceTypes} /
 * {@code excludedResourceTypes}, matched against the types discovery reports.
 *
 * <p>Accepted forms, all case-insensitive:
 * <ul>
 *   <li>{@code Kind} or resource name: {@code Secret}, {@code secret}, {@code configmaps} (any group, any version)</li>
 *   <li>{@code group/Kind}: {@code apps/Deployment}, {@code apps/deployments}</li>
 *   <li>{@code group/version/Kind}: {@code apps/v1/Deployment}, {@code networking.k8s.io/v1/Ingress}</li>
 *   <li>{@code version/Kind} for the core group: {@code v1/Secret} (also {@code core/v1/Secret})</li>
 *   <li>Velero's {@code resource.group} and kubectl's {@code resource.version.group}: {@code deployments.apps},
 *       {@code ingresses.networking.k8s.io}, {@code deployments.v1.apps}</li>
 *   <li>{@code *} for every type, or {@code *} in place of the kind ({@code apps/*}, {@code *.apps})</li>
 * </ul>
 * The last part matches a type when it equals its kind or its plural resource name.
 */
public final class ResourceTypeMatcher {

    private static final String FORMS = "expected Kind, group/Kind, group/version/Kind, version/Kind, resource or"
            + " resource.group (for example Secret, apps/Deployment, apps/v1/Deployment, v1/Secret, configmaps,"
            + " deployments.apps)";
    private static final Pattern VERSION = Pattern.compile("v[0-9]+((alpha|beta)[0-9]+)?", Pattern.CASE_INSENSITIVE);
    private static final String ANY = "*";

    private final String pattern;
    /** {@code null} matches any group; {@code ""} is the core group. */
    private final String group;
    /** {@code null} matches any version. */
    private final String version;
    /** A kind or plural resource name, lower case, or {@code *}. */
    private final String name;

    private ResourceTypeMatcher(String pattern, String group, String version, String name) {
        this.pattern = pattern;
        this.group = group == null ? null : group.toLowerCase(Locale.ROOT);
        this.version = version == null ? null : version.toLowerCase(Locale.ROOT);
        this.name = name.toLowerCase(Locale.ROOT);
    }

    /**
     * Parses a pattern.
     *
     * @throws InvalidInputException naming the pattern, the column and the accepted forms when it is not one
     */
    public static ResourceTypeMatcher parse(String pattern) {
        if (pattern == null || pattern.isBlank()) {
            throw error(pattern == null ? "" : pattern, "resource type is empty; " + FORMS);
        }
        String p = pattern.strip();
        int offset = pattern.indexOf(p);
        for (int i = 0; i < p.length(); i++) {
            char c = p.charAt(i);
            boolean ok = c < 128 && (Character.isLetterOrDigit(c) || c == '.' || c == '-' || c == '/' || c == '*');
            if (!ok) {
                throw error(pattern, "column " + (offset + i + 1) + ": '" + c + "' is not allowed in a resource type; " + FORMS);
            }
        }
        if (p.equals(ANY)) {
            return new ResourceTypeMatcher(pattern, null, null, ANY);
        }
        String[] parts = p.split("/", -1);
        if (parts.length > 3) {
            throw error(pattern, "has " + parts.length + " parts separated by '/', at most 3 are allowed; " + FORMS);
        }
        int column = offset + 1;
        for (String part : parts) {
            if (part.isEmpty()) {
                throw error(pattern, "column " + column + ": empty part; " + FORMS);
            }
            column += part.length() + 1;
        }
        return switch (parts.length) {
            case 1 -> dotted(pattern, parts[0]);
            case 2 -> twoParts(pattern, parts[0], parts[1]);
            default -> threeParts(pattern, parts[0], parts[1], parts[2]);
        };
    }

    /** {@code Kind}, {@code resource}, {@code resource.group} or {@code resource.version.group}. */
    private static ResourceTypeMatcher dotted(String pattern, String text) {
        int dot = text.indexOf('.');
        if (dot < 0) {
            return new ResourceTypeMatcher(pattern, null, null, name(pattern, text));
        }
        String resource = text.substring(0, dot);
        String rest = text.substring(dot + 1);
        checkDotted(pattern, resource, rest);
        int next = rest.indexOf('.');
        if (next > 0 && VERSION.matcher(rest.substring(0, next)).matches()) {
            String group = rest.substring(next + 1);
            checkGroup(pattern, group);
            return new ResourceTypeMatcher(pattern, group, rest.substring(0, next), name(pattern, resource));
        }
        checkGroup(pattern, rest);
        return new ResourceTypeMatcher(pattern, rest, null, name(pattern, resource));
    }

    private static void checkDotted(String pattern, String resource, String rest) {
        if (resource.isEmpty() || rest.isEmpty()) {
            throw error(pattern, "'" + pattern.strip() + "' is not resource.group; " + FORMS);
        }
    }

    private static ResourceTypeMatcher twoParts(String pattern, String first, String second) {
        if (VERSION.matcher(first).matches()) {
            return new ResourceTypeMatcher(pattern, "", first, name(pattern, second));
        }
        if (VERSION.matcher(second).matches()) {
            throw error(pattern, "'" + pattern.strip() + "' names an API version but no kind; add the kind, as in "
                    + pattern.strip() + "/Deployment");
        }
        return new ResourceTypeMatcher(pattern, group(pattern, first), null, name(pattern, second));
    }

    private static ResourceTypeMatcher threeParts(String pattern, String group, String version, String kind) {
        if (!VERSION.matcher(version).matches()) {
            throw error(pattern, "'" + version + "' is not an API version such as v1, v1beta1 or v2alpha1; " + FORMS);
        }
        return new ResourceTypeMatcher(pattern, group(pattern, group), version, name(pattern, kind));
    }

    private static String group(String pattern, String group) {
        if (group.equalsIgnoreCase("core")) {
            return "";
        }
        checkGroup(pattern, group);
        return group;
    }

    private static void checkGroup(String pattern, String group) {
        if (group.contains(ANY) || group.startsWith(".") || group.endsWith(".") || group.contains("..")
                || group.startsWith("-") || group.endsWith("-")) {
            throw error(pattern, "'" + group + "' is not an API group such as apps or networking.k8s.io; " + FORMS);
        }
    }

    private static String name(String pattern, String name) {
        if (name.equals(ANY)) {
            return ANY;
        }
        if (name.contains(".") || name.contains(ANY) || name.startsWith("-") || name.endsWith("-")) {
            throw error(pattern, "'" + name + "' is not a kind or resource name; " + FORMS);
        }
        return name;
    }

    private static InvalidInputException error(String pattern, String reason) {
        return new InvalidInputException("resourceType", "'" + pattern + "': " + reason);
    }

    /** True when the type is one this pattern names. */
    public boolean matches(ResourceType type) {
        Objects.requireNonNull(type, "type");
        if (group != null && !group.equalsIgnoreCase(type.group())) {
            return false;
        }
        if (version != null && !version.equalsIgnoreCase(type.version())) {
            return false;
        }
        return name.equals(ANY) || name.equalsIgnoreCase(type.kind()) || name.equalsIgnoreCase(type.plural());
    }

    /** The pattern as written. */
    public String pattern() {
        return pattern;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ResourceTypeMatcher m && Objects.equals(group, m.group)
                && Objects.equals(version, m.version) && name.equals(m.name);
    }

    @Override
    public int hashCode() {
        return Objects.hash(group, version, name);
    }

    @Override
    public String toString() {
        return pattern;
    }
}
