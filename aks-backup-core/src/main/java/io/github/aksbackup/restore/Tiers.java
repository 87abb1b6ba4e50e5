package io.github.aksbackup.restore;

import io.github.aksbackup.kube.KindTable;
import io.github.aksbackup.kube.RestorePriority;
import io.github.aksbackup.spi.ResourceType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The order in which a restore creates types, from the one priority table ({@link KindTable}): what
 * others depend on first; custom resources after the tier of CustomResourceDefinitions, once the
 * target serves their type; unknown built-in types after every known one; admission webhooks and API
 * services last of all. Within a tier, types are in the order of their names.
 */
final class Tiers {
    /** Sections by tier, then type. */
    static final Comparator<Section> ORDER = Comparator.comparing(Section::tier).thenComparing(s -> s.type().displayName());

    private Tiers() {
    }

    /** The tier of a type; {@code custom} when the backup holds a CRD for it. */
    static RestorePriority of(ResourceType t, boolean custom) {
        return KindTable.restorePriority(t, custom);
    }

    /**
     * The tiers to run, in order, each with its sections. The namespace tier is always there: it also
     * creates the namespaces restored objects need that the recovery point does not hold.
     */
    static SortedMap<RestorePriority, List<Section>> of(List<Section> sections) {
        TreeMap<RestorePriority, List<Section>> tiers = new TreeMap<>();
        for (Section s : sections) {
            tiers.computeIfAbsent(s.tier(), k -> new ArrayList<>()).add(s);
        }
        tiers.computeIfAbsent(RestorePriority.NAMESPACES, k -> new ArrayList<>());
        return tiers;
    }
}
