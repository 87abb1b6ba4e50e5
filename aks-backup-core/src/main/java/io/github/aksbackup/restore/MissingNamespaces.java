package io.github.aksbackup.restore;

import io.github.aksbackup.api.ConflictException;
import io.github.aksbackup.api.job.ItemAction;
import io.github.aksbackup.api.job.ItemResult;
import io.github.aksbackup.spi.GroupKind;
import io.github.aksbackup.spi.KubeObject;
import io.github.aksbackup.spi.ResourceType;
import java.util.Map;

/**
 * Creates the namespaces restored objects need that the recovery point does not hold (or that the
 * filters left out), after the namespace tier: objects of a namespace the target lacks would fail.
 */
final class MissingNamespaces {
    private final RestoreRun run;
    private final ServedTypes served;

    MissingNamespaces(RestoreRun run, ServedTypes served) {
        this.run = run;
        this.served = served;
    }

    /** Creates the target namespace {@code name} unless it exists or was restored; {@code null} when nothing was to do. */
    ItemResult ensure(String name) {
        ResourceType nsType = served.get(GroupKind.NAMESPACE);
        if (nsType == null || run.namespacesHandled.contains(name) || run.target.get(nsType, null, name).isPresent()) {
            return null;
        }
        if (run.dryRun) {
            return run.report.succeeded("v1/Namespace", null, name, ItemAction.Created, "would be created for the restored objects");
        }
        try {
            run.target.create(nsType, new KubeObject(Map.of("apiVersion", "v1", "kind", "Namespace", "metadata", Map.of("name", name))));
            return run.report.succeeded("v1/Namespace", null, name, ItemAction.Created, "created for the restored objects");
        } catch (ConflictException raced) {
            return null;
        } catch (RuntimeException ex) {
            return run.report.failed("v1/Namespace", null, name, ex, ex.getMessage());
        }
    }
}
