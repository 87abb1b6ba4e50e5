package io.github.aksbackup.client;

import io.github.aksbackup.api.InvalidInputException;
import io.github.aksbackup.api.instance.BackupInstance;
import io.github.aksbackup.api.NotFoundException;
import io.github.aksbackup.catalog.VaultCatalog;
import io.github.aksbackup.config.ClusterRefs;
import io.github.aksbackup.repository.Manifest;
import io.github.aksbackup.repository.Repository;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which backup instance's recovery point a restore names. Ids made now name their instance, so an id
 * belongs to one instance; vaults written before that hold {@code <slot>-scheduled} (and on-demand
 * ids without the instance) in several instances. Such an id is resolved by the restore's source
 * cluster when that tells the instances apart, and is otherwise refused naming the candidates: a
 * restore never picks one of two instances' points on its own. {@code INSTANCE/ID} and Azure's
 * resource id of a recovery point ({@code …/backupInstances/INSTANCE/recoveryPoints/ID}) name the
 * instance outright.
 *
 * @param instance the instance the point belongs to
 * @param id the recovery point's id within it
 */
record RecoveryPointOwner(String instance, String id) {
    private static final Pattern RESOURCE_ID = Pattern.compile(".*/backupInstances/([^/]+)/recoveryPoints/([^/]+)/?",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern QUALIFIED = Pattern.compile("([^/]+)/([^/]+)");

    /**
     * The owner of the recovery point {@code recoveryPointId} names, looked up in {@code repositories}.
     *
     * @param sourceClusterRef the cluster the restore says the point was taken from, or {@code null}
     * @param clusterOf the cluster of an instance, or {@code null} when the vault does not know it
     * @throws NotFoundException when no instance holds such a point
     * @throws InvalidInputException when the id is malformed, or several instances hold a point of that id
     */
    static RecoveryPointOwner find(List<Repository> repositories, String recoveryPointId, String sourceClusterRef,
            Function<String, String> clusterOf) {
        String given = recoveryPointId.strip();
        Matcher m = RESOURCE_ID.matcher(given);
        if (!m.matches()) {
            m = QUALIFIED.matcher(given);
        }
        if (m.matches()) {
            String instance = m.group(1);
            String id = m.group(2);
            if (repositories.stream().noneMatch(r -> r.exists(instance, id))) {
                throw new NotFoundException("the vault has no recovery point " + id + " of backup instance " + instance);
            }
            return new RecoveryPointOwner(instance, id);
        }
        if (given.isEmpty() || given.contains("/")) {
            throw new InvalidInputException("recoveryPointId", "'" + recoveryPointId + "' is not a recovery point id; expected"
                    + " ID, INSTANCE/ID or …/backupInstances/INSTANCE/recoveryPoints/ID");
        }
        Set<String> holders = new LinkedHashSet<>();
        for (Repository r : repositories) {
            for (String instance : r.instancesWithRecoveryPoints()) {
                if (r.exists(instance, given)) {
                    holders.add(instance);
                }
            }
        }
        if (holders.isEmpty()) {
            throw new NotFoundException("the vault has no recovery point " + given);
        }
        List<String> candidates = List.copyOf(holders);
        if (candidates.size() > 1 && sourceClusterRef != null) {
            List<String> ofCluster = candidates.stream().filter(i -> ClusterRefs.sameCluster(sourceClusterRef, clusterOf.apply(i)))
                    .toList();
            if (ofCluster.size() == 1) {
                return new RecoveryPointOwner(ofCluster.get(0), given);
            }
        }
        if (candidates.size() > 1) {
            throw new InvalidInputException("recoveryPointId", "'" + given + "' names recovery points of " + candidates.size()
                    + " backup instances (" + String.join(", ", candidates) + "), made before recovery point ids named their"
                    + " instance; name one as INSTANCE/ID: " + String.join(" or ", candidates.stream().map(i -> i + "/" + given).toList()));
        }
        return new RecoveryPointOwner(candidates.get(0), given);
    }

    /**
     * A restore that says which cluster its recovery point comes from ({@code sourceResourceId} of a
     * restore request) must name the cluster of the instance that owns the point; when the vault no
     * longer has that instance (a cross-region replica read alone), the cluster the point's manifest
     * records. Neither known: nothing to check against.
     */
    void requireSourceCluster(String sourceClusterRef, VaultCatalog catalog, Manifest manifest) {
        if (sourceClusterRef == null) {
            return;
        }
        String ownerCluster = catalog.instance(instance).map(BackupInstance::clusterRef).orElse(null);
        String taken = ownerCluster != null ? ownerCluster : manifest.clusterRef();
        if (taken != null && !ClusterRefs.sameCluster(sourceClusterRef, taken)) {
            throw new InvalidInputException("sourceClusterRef", "is '" + sourceClusterRef + "' (a restore request's"
                    + " sourceResourceId), but recovery point " + id + " belongs to backup instance " + instance
                    + ", which protects cluster '" + taken + "'; name that cluster, or restore a recovery point of '"
                    + sourceClusterRef + "'");
        }
    }
}
