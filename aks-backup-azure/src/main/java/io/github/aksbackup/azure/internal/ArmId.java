package io.github.aksbackup.azure.internal;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An Azure Resource Manager id of a resource group or of a resource in one:
 * {@code /subscriptions/S/resourceGroups/RG[/providers/NAMESPACE/TYPE/NAME]}.
 *
 * @param subscription subscription id
 * @param resourceGroup resource group name
 * @param provider provider namespace and type (such as {@code Microsoft.Compute/disks}), or {@code null} for a group
 * @param name resource name, or {@code null} for a group
 */
public record ArmId(String subscription, String resourceGroup, String provider, String name) {
    private static final Pattern ID = Pattern.compile(
            "(?i)/subscriptions/([^/]+)/resourceGroups/([^/]+)(?:/providers/([^/]+/[^/]+)/([^/]+))?/?");

    public ArmId {
        Objects.requireNonNull(subscription, "subscription");
        Objects.requireNonNull(resourceGroup, "resourceGroup");
    }

    /**
     * Parses an id; {@code what} names it in the error message (for example "volumeHandle").
     *
     * @throws IllegalArgumentException when it is not a resource group or single-level resource id
     */
    public static ArmId parse(String id, String what) {
        Matcher m = id == null ? null : ID.matcher(id);
        if (m == null || !m.matches()) {
            throw new IllegalArgumentException(what + " must be an Azure resource id such as /subscriptions/SUB"
                    + "/resourceGroups/RG/providers/Microsoft.Compute/disks/NAME, was '" + id + "'");
        }
        return new ArmId(m.group(1), m.group(2), m.group(3), m.group(4));
    }

    /** Parses a resource group id, or a plain resource group name in {@code defaultSubscription}. */
    public static ArmId resourceGroup(String idOrName, String defaultSubscription, String what) {
        Objects.requireNonNull(idOrName, what);
        if (!idOrName.startsWith("/")) {
            return new ArmId(defaultSubscription, idOrName, null, null);
        }
        ArmId id = parse(idOrName, what);
        if (id.provider != null) {
            throw new IllegalArgumentException(what + " must be a resource group id, was a resource: '" + idOrName + "'");
        }
        return id;
    }

    /** True when this names a resource of {@code type} ({@code Microsoft.Compute/disks}), ignoring case. */
    public boolean isOfType(String type) {
        return provider != null && provider.toLowerCase(Locale.ROOT).equals(type.toLowerCase(Locale.ROOT));
    }

    /** The id of the resource group. */
    public String groupId() {
        return "/subscriptions/" + subscription + "/resourceGroups/" + resourceGroup;
    }

    /** The id of a resource of {@code type} named {@code resourceName} in this resource group. */
    public String child(String type, String resourceName) {
        return groupId() + "/providers/" + type + "/" + resourceName;
    }

    @Override
    public String toString() {
        return provider == null ? groupId() : child(provider, name);
    }
}
