package io.github.aksbackup.hook;

import io.github.aksbackup.api.InvalidInputException;
import io.github.aksbackup.api.NotFoundException;
import io.github.aksbackup.api.ValidationProblem;
import io.github.aksbackup.api.hook.BackupHook;
import io.github.aksbackup.api.hook.RestoreHook;
import io.github.aksbackup.api.instance.NamespacedName;
import io.github.aksbackup.spi.ClusterClient;
import io.github.aksbackup.spi.KubeObject;
import io.github.aksbackup.spi.ResourceType;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads and validates {@code BackupHook} / {@code RestoreHook} custom resources
 * ({@code clusterbackup.dataprotection.microsoft.com/v1alpha1}) from YAML or JSON text, a file, or
 * the cluster by reference.
 *
 * <p>Every problem is collected before anything is thrown, each with where it is (file and line, or
 * the resource in the cluster, and the field path): unknown fields (with the closest known name),
 * missing or empty commands, bad durations, unknown {@code onError} values, label selector syntax
 * (with the column), references to resources that do not exist. Defaults: container = the pod's
 * first container; backup steps {@code onError: Fail}, {@code timeout: 30s}; restore steps
 * {@code onError: Continue}, {@code execTimeout: 30s}, {@code waitTimeout: 5m}.
 */
public final class HookResources {
    /** The API group of the hook resources. */
    public static final String GROUP = "clusterbackup.dataprotection.microsoft.com";
    /** The {@code BackupHook} custom resource type. */
    public static final ResourceType BACKUP_HOOK_TYPE = new ResourceType(GROUP, "v1alpha1", HookDecoder.BACKUP_KIND,
            "backuphooks", true, Set.of("get", "list", "watch", "create", "update", "patch", "delete"));
    /** The {@code RestoreHook} custom resource type. */
    public static final ResourceType RESTORE_HOOK_TYPE = new ResourceType(GROUP, "v1alpha1", HookDecoder.RESTORE_KIND,
            "restorehooks", true, Set.of("get", "list", "watch", "create", "update", "patch", "delete"));

    private HookResources() {
    }

    /**
     * The {@code CustomResourceDefinition}s (apiextensions.k8s.io/v1) of BackupHook and RestoreHook,
     * for clusters without Azure's backup extension (which installs them on AKS). Their schema keeps
     * every field: validation is {@link #parse}'s, with better messages than the API server's.
     */
    public static List<Map<String, Object>> customResourceDefinitions() {
        return List.of(crd(BACKUP_HOOK_TYPE, "backuphook"), crd(RESTORE_HOOK_TYPE, "restorehook"));
    }

    private static Map<String, Object> crd(ResourceType type, String singular) {
        Map<String, Object> schema = Map.of("openAPIV3Schema", Map.of("type", "object", "x-kubernetes-preserve-unknown-fields", true));
        return Map.of(
                "apiVersion", "apiextensions.k8s.io/v1",
                "kind", "CustomResourceDefinition",
                "metadata", Map.of("name", type.groupResource()),
                "spec", Map.of(
                        "group", GROUP,
                        "names", Map.of("kind", type.kind(), "listKind", type.kind() + "List", "plural", type.plural(),
                                "singular", singular),
                        "scope", "Namespaced",
                        "versions", List.of(Map.of("name", type.version(), "served", true, "storage", true, "schema", schema))));
    }

    /**
     * Parses every document of a YAML (one or more {@code ---}-separated documents) or JSON text.
     * Lists ({@code kind: List} with {@code items}) are read item by item.
     *
     * @param source what to call the text in problem locations, such as its file name
     * @throws InvalidInputException listing every problem, each located as {@code source:line path}
     */
    public static HookDocuments parse(String text, String source) {
        // Editors on Windows may start a UTF-8 file with a byte order mark.
        String t = text.startsWith("\uFEFF") ? text.substring(1) : text;
        LocatedDocuments read = LocatedDocuments.read(t, source);
        List<ValidationProblem> problems = new ArrayList<>(read.problems);
        IdentityHashMap<Object, Set<String>> defaulted = new IdentityHashMap<>();
        IdentityHashMap<Object, String> origins = new IdentityHashMap<>();
        List<BackupHook> backup = new ArrayList<>();
        List<RestoreHook> restore = new ArrayList<>();
        for (int i = 0; i < read.documents.size(); i++) {
            int doc = i;
            HookDecoder decoder = new HookDecoder(path -> source + ":" + read.lineOf(doc, path), problems, defaulted, origins);
            decoder.document(read.documents.get(i).tree(), "", backup, restore);
        }
        if (problems.isEmpty() && backup.isEmpty() && restore.isEmpty()) {
            problems.add(new ValidationProblem(source, "no BackupHook or RestoreHook resource found"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        return new HookDocuments(backup, restore, defaulted, origins);
    }

    /**
     * Reads and parses a YAML or JSON file; see {@link #parse(String, String)}.
     *
     * @throws InvalidInputException when the file cannot be read or holds problems
     */
    public static HookDocuments read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(file.toString(), "no such file");
        } catch (CharacterCodingException e) {
            throw new InvalidInputException(file.toString(), "not a UTF-8 text file");
        } catch (IOException e) {
            throw new InvalidInputException(file.toString(), "cannot read: " + e.getMessage());
        }
        return parse(text, file.getFileName() == null ? file.toString() : file.getFileName().toString());
    }

    /**
     * Reads the referenced BackupHook resources from the cluster, in reference order.
     *
     * @throws InvalidInputException listing every reference that does not exist and every problem in
     *     the resources found, located as {@code backupHookReferences[i]} or {@code BackupHook ns/name path}
     */
    public static List<BackupHook> backupHooks(ClusterClient cluster, List<NamespacedName> references) {
        List<BackupHook> hooks = new ArrayList<>();
        fromCluster(cluster, references, BACKUP_HOOK_TYPE, "backupHookReferences", hooks, new ArrayList<>());
        return hooks;
    }

    /**
     * Reads the referenced RestoreHook resources from the cluster, in reference order.
     *
     * @throws InvalidInputException as {@link #backupHooks}, located as {@code restoreHookReferences[i]}
     */
    public static List<RestoreHook> restoreHooks(ClusterClient cluster, List<NamespacedName> references) {
        List<RestoreHook> hooks = new ArrayList<>();
        fromCluster(cluster, references, RESTORE_HOOK_TYPE, "restoreHookReferences", new ArrayList<>(), hooks);
        return hooks;
    }

    private static void fromCluster(ClusterClient cluster, List<NamespacedName> references, ResourceType type, String field,
            List<BackupHook> backup, List<RestoreHook> restore) {
        List<ValidationProblem> problems = new ArrayList<>();
        IdentityHashMap<Object, Set<String>> defaulted = new IdentityHashMap<>();
        IdentityHashMap<Object, String> origins = new IdentityHashMap<>();
        for (int i = 0; i < references.size(); i++) {
            NamespacedName ref = references.get(i);
            Optional<KubeObject> found;
            try {
                found = cluster.get(type, ref.namespace(), ref.name());
            } catch (NotFoundException e) {
                // A cluster without the hook CRD answers "not found" for the type itself.
                found = Optional.empty();
            }
            if (found.isEmpty()) {
                problems.add(new ValidationProblem(field + "[" + i + "]", type.kind() + " " + ref + " does not exist in "
                        + cluster.describe() + "; create it first (is the " + type.groupResource()
                        + " custom resource definition installed?) or correct the reference"));
                continue;
            }
            String where = type.kind() + " " + ref;
            HookDecoder decoder = new HookDecoder(path -> where, problems, defaulted, origins);
            int before = backup.size() + restore.size();
            decoder.document(found.get().content(), "", backup, restore);
            if (problems.isEmpty() && backup.size() + restore.size() == before) {
                problems.add(new ValidationProblem(where, "is not a " + type.kind()));
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
    }
}
