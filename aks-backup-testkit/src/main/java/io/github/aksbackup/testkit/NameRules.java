package io.github.aksbackup.testkit;

import io.github.aksbackup.spi.ResourceType;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The object names a Kubernetes API server accepts, by kind: most kinds take a DNS-1123 subdomain,
 * namespaces and services a DNS-1123 label, and RBAC objects any path segment (their names hold
 * colons, as in {@code system:controller:...}).
 */
final class NameRules {
    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern SUBDOMAIN = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final Set<String> LABEL_KINDS = Set.of("Namespace", "Service");

    private NameRules() {
    }

    /** Why the server would refuse the name, or {@code null} when it accepts it. */
    static String problem(ResourceType type, String name) {
        if (type.group().equals("rbac.authorization.k8s.io")) {
            if (name.equals(".") || name.equals("..") || name.contains("/") || name.contains("%")) {
                return "may not be '.' or '..' and may not contain '/' or '%'";
            }
            return null;
        }
        if (type.group().isEmpty() && LABEL_KINDS.contains(type.kind())) {
            return name.length() <= 63 && LABEL.matcher(name).matches() ? null
                    : "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must"
                            + " start and end with an alphanumeric character (at most 63 characters)";
        }
        return name.length() <= 253 && SUBDOMAIN.matcher(name).matches() ? null
                : "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and"
                        + " must start and end with an alphanumeric character (at most 253 characters)";
    }
}
