package io.github.aksbackup.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.github.aksbackup.spi.KubeObject;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ObjectSelectionTest {
    private static KubeObject configMap(Map<String, String> labels, Map<String, String> annotations) {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("name", "scratch");
        meta.put("namespace", "shop");
        meta.put("labels", labels);
        meta.put("annotations", annotations);
        return new KubeObject(Map.of("apiVersion", "v1", "kind", "ConfigMap", "metadata", meta));
    }

    @Test
    void theExcludeLabelKeepsAnObjectOutOfBackupsAsTheAnnotationDoes() {
        Map<String, String> exclude = Map.of("velero.io/exclude-from-backup", "true");
        assertEquals("labelled velero.io/exclude-from-backup=true", ObjectSelection.exclusionFromBackup(configMap(exclude, Map.of())));
        assertEquals("annotated velero.io/exclude-from-backup=true", ObjectSelection.exclusionFromBackup(configMap(Map.of(), exclude)));
        assertEquals("labelled velero.io/exclude-from-backup=true", ObjectSelection.exclusionFromBackup(configMap(exclude, exclude)));
        assertEquals("labelled velero.io/exclude-from-backup=true", ObjectSelection.exclusionFromBackup(
                configMap(Map.of("velero.io/exclude-from-backup", "TRUE"), Map.of())));
    }

    @Test
    void anyOtherValueOrKeyKeepsTheObjectIn() {
        assertNull(ObjectSelection.exclusionFromBackup(configMap(Map.of(), Map.of())));
        assertNull(ObjectSelection.exclusionFromBackup(configMap(Map.of("velero.io/exclude-from-backup", "false"),
                Map.of("velero.io/exclude-from-backup", "yes"))));
        assertNull(ObjectSelection.exclusionFromBackup(configMap(Map.of("exclude-from-backup", "true"), Map.of())));
    }
}
