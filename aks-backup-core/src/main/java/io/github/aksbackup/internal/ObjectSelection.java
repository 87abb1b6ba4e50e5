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
 * selectors (an object passes when it matches any one of them; no selector passes everything) and
 * {@code velero.io/exclude-from-backup=true}, as a label (how Velero documents it) or an annotation.
 */
public final class ObjectSelection {
    /** Label, and annotation, that keeps an object out of backups when set to {@code true}. */
    public static final String EXCLUDE_ANNOTATION = "velero.io/exclude-from-backup";
    /** The end of the warning about a pattern {@link #patternsMatchingNone} returns. */
    public static final String SELECTS_NOTHING = ", so it selects nothing; name a kind (ConfigMap), a resource (configmaps)"
            + " or resource.group (deployments.apps)";

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

    /**
     * The included and excluded resource-type patterns that name none of {@code types}, each with the
     * list it is in: a short name such as {@code cm} or a typo selects nothing, silently, otherwise.
     */
    public List<String> patternsMatchingNone(java.util.Collection<ResourceType> types) {
        List<String> out = new java.util.ArrayList<>();
        for (String list : List.of("includedResourceTypes", "excludedResourceTypes")) {
            for (ResourceTypeMatcher m : list.startsWith("in") ? this.types.included() : this.types.excluded()) {
                if (types.stream().noneMatch(m::matches)) {
                    out.add(list + " '" + m.pattern() + "'");
                }
            }
        }
        return out;
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

    /**
     * Why the object is kept out of backups: {@code "labelled velero.io/exclude-from-backup=true"} or
     * {@code "annotated …"} (the label wins when both are set); {@code null} when it is not. The value is
     * compared ignoring letter case, for the label as for the annotation, so {@code True} excludes too.
     */
    public static String exclusionFromBackup(KubeObject o) {
        if ("true".equalsIgnoreCase(o.labels().get(EXCLUDE_ANNOTATION))) {
            return "labelled " + EXCLUDE_ANNOTATION + "=true";
        }
        if ("true".equalsIgnoreCase(o.annotations().get(EXCLUDE_ANNOTATION))) {
            return "annotated " + EXCLUDE_ANNOTATION + "=true";
        }
        return null;
    }
}
