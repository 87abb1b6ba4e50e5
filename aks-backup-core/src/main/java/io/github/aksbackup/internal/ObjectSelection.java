package io.github.aksbackup.internal;

import io.github.aksbackup.api.selector.LabelSelector;
import io.github.aksbackup.api.selector.ResourceTypeFilter;
import io.github.aksbackup.api.selector.ResourceTypeMatcher;
import io.github.aksbackup.spi.KubeObject;
import io.github.aksbackup.spi.ResourceType;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The object filters shared by backup and restore configurations: namespaces, resource types, label
 * selectors (an object passes when it matches any one of them; no selector passes everything) and the
 * {@code velero.io/exclude-from-backup} annotation.
 */
public final class ObjectSelection {
    /** Annotation that keeps an object out of backups when set to {@code true}. */
    public static final String EXCLUDE_ANNOTATION = "velero.io/exclude-from-backup";

    private final List<String> includedNamespaces;
    private final List<String> excludedNamespaces;
    private final Set<String> neverNamespaces;
    private final ResourceTypeFilter types;
    private final List<LabelSelector> selectors;

    /**
     * A selection.
     *
     * @throws io.github.aksbackup.api.InvalidInputException when a resource type pattern is invalid
     */
    public ObjectSelection(List<String> includedNamespaces, List<String> excludedNamespaces, Set<String> neverNamespaces,
            List<String> includedTypes, List<String> excludedTypes, List<LabelSelector> selectors) {
        this.includedNamespaces = List.copyOf(includedNamespaces);
        this.excludedNamespaces = List.copyOf(excludedNamespaces);
        this.neverNamespaces = Set.copyOf(neverNamespaces);
        this.types = ResourceTypeFilter.of(includedTypes, excludedTypes);
        this.selectors = List.copyOf(selectors);
    }

    /** True when objects of the namespace are selected ({@code null}, cluster scope, always is). */
    public boolean namespaceSelected(String namespace) {
        if (namespace == null) {
            return true;
        }
        if (neverNamespaces.contains(namespace) || excludedNamespaces.contains(namespace)) {
            return false;
        }
        return includedNamespaces.isEmpty() || includedNamespaces.contains(namespace);
    }

    /** The namespaces listed explicitly as included (empty: all). */
    public List<String> includedNamespaces() {
        return includedNamespaces;
    }

    /** True when the type passes the included and excluded lists. */
    public boolean typeSelected(ResourceType type) {
        return types.accepts(type);
    }

    /** True unless an excluded pattern names the type: dependencies come along unless excluded explicitly. */
    public boolean typeNotExcluded(ResourceType type) {
        for (ResourceTypeMatcher m : types.excluded()) {
            if (m.matches(type)) {
                return false;
            }
        }
        return true;
    }

    /** True when the labels match one of the selectors, or there is none. */
    public boolean labelsMatch(Map<String, String> labels) {
        if (selectors.isEmpty()) {
            return true;
        }
        for (LabelSelector s : selectors) {
            if (s.matches(labels)) {
                return true;
            }
        }
        return false;
    }

    /** True when label selectors restrict the selection. */
    public boolean hasLabelSelectors() {
        return !selectors.isEmpty();
    }

    /** A selector the server can apply, when there is exactly one; otherwise {@code null} and selection happens here. */
    public String serverSelector() {
        return selectors.size() == 1 && !selectors.get(0).isEmpty() ? selectors.get(0).toString() : null;
    }

    /** True when the object carries {@code velero.io/exclude-from-backup: "true"}. */
    public static boolean excludedByAnnotation(KubeObject o) {
        return "true".equalsIgnoreCase(o.annotations().get(EXCLUDE_ANNOTATION));
    }
}
