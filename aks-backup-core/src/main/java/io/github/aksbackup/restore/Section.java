package io.github.aksbackup.restore;

import io.github.aksbackup.kube.RestorePriority;
import io.github.aksbackup.repository.TypeSection;
import io.github.aksbackup.spi.GroupKind;
import io.github.aksbackup.spi.ResourceType;

/**
 * One type's part of the recovery point and how it is restored.
 *
 * @param section the entries of the type in the recovery point
 * @param type the type as it was backed up
 * @param kind its group and kind
 * @param tier when its objects are created
 * @param custom true when the recovery point holds the CustomResourceDefinition of the type
 */
record Section(TypeSection section, ResourceType type, GroupKind kind, RestorePriority tier, boolean custom) {

    Section(TypeSection section, RestorePriority tier, boolean custom) {
        this(section, section.type(), section.type().groupKind(), tier, custom);
    }

    /** {@code plural.group}: the name of the CustomResourceDefinition of a custom type. */
    String definitionName() {
        return type.plural() + "." + type.group();
    }
}
