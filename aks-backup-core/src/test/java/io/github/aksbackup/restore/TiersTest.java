package io.github.aksbackup.restore;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.aksbackup.kube.RestorePriority;
import io.github.aksbackup.spi.ResourceType;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TiersTest {

    private static ResourceType type(String group, String kind, boolean namespaced) {
        return new ResourceType(group, "v1", kind, kind.toLowerCase(java.util.Locale.ROOT) + "s", namespaced, Set.of("list", "create"));
    }

    @Test
    void admissionWebhooksAndApiServicesComeAfterEverythingTheyCouldReject() {
        ResourceType widget = type("example.com", "Widget", true);
        ResourceType unknownBuiltIn = type("node.k8s.io", "RuntimeClass", false);
        ResourceType pod = type("", "Pod", true);
        for (ResourceType callback : List.of(type("admissionregistration.k8s.io", "ValidatingWebhookConfiguration", false),
                type("admissionregistration.k8s.io", "MutatingWebhookConfiguration", false),
                type("apiregistration.k8s.io", "APIService", false))) {
            RestorePriority tier = Tiers.of(callback, false);
            for (ResourceType earlier : List.of(widget, unknownBuiltIn, pod)) {
                assertTrue(tier.compareTo(Tiers.of(earlier, earlier == widget)) > 0, callback.kind() + " after " + earlier.kind());
            }
        }
    }
}
