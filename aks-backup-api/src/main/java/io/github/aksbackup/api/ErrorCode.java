package io.github.aksbackup.api;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What went wrong, as a machine-readable code: every {@link AksBackupException} carries one. Each code
 * has a stable string {@link #id()} (what job records in a vault and scripts read, so ids never
 * change), says whether the failure is {@linkplain #isTransient() transient} (another try may
 * succeed, so the SDK's retry layer repeats the call), and gives {@linkplain #advice() advice}
 * naming its cause, for when the code that threw has nothing more specific to say.
 *
 * <p>Only transient failures are retried. What waiting cannot fix — a webhook that denies the object
 * or cannot be called, an invalid object, a missing permission, a full quota — fails at once.
 */
public enum ErrorCode {
    // ---- input, lookups, state ----
    /** User input (policy, configuration, selector, hook resource, option) is invalid. */
    INVALID_INPUT("InvalidInput", false, "Correct the input at the locations given and retry."),
    /** A named thing (recovery point, job, object, Kubernetes resource, hook, file) does not exist. */
    NOT_FOUND("NotFound", false, "Check the name and where it was looked for: it does not exist there (any more)."),
    /** A create met an existing object, a write-once key is taken, or another operation holds what was asked for. */
    CONFLICT("Conflict", false, "Something of that name exists already or another operation holds it: choose another"
            + " name or conflict policy, or retry when the other operation has finished."),
    /** The operation is not supported by the component asked. */
    NOT_SUPPORTED("NotSupported", false, "Use a component (adapter, snapshotter, store) that supports this operation."),
    /** An operation was cancelled or its thread interrupted. */
    CANCELLED("Cancelled", false, "The operation was cancelled or interrupted before it finished; run it again."),
    /** A thread was interrupted while it waited (for a hook command, an exec). */
    INTERRUPTED("Interrupted", false, "The operation was interrupted while it waited; run it again."),
    /** A failure nothing else explains: a bug in aks-backup or an adapter. */
    INTERNAL("Internal", false, "This is a bug in aks-backup or one of its adapters; report it with this message."),

    // ---- Kubernetes API server ----
    /** An admission webhook of the cluster denied the object. */
    ADMISSION_WEBHOOK_DENIED("AdmissionWebhookDenied", false, "An admission webhook of the cluster denied the object"
            + " for the reason in the message: change the object (for example with a resource modifier) or the"
            + " webhook's policy, then retry. Waiting does not help."),
    /** The API server could not call an admission webhook whose failurePolicy is Fail (no service, not ready, timeout). */
    ADMISSION_WEBHOOK_UNAVAILABLE("AdmissionWebhookUnavailable", false, "The API server could not call the admission"
            + " webhook named in the message (its service is missing, not ready or too slow) and the webhook's"
            + " failurePolicy is Fail: deploy or repair the webhook's service, or exclude this namespace or resource"
            + " from the webhook (kubectl get validatingwebhookconfigurations,mutatingwebhookconfigurations), then retry."),
    /** A ResourceQuota of the namespace, or a cloud quota, has no room for the object. */
    QUOTA_EXCEEDED("QuotaExceeded", false, "A quota has no room left (a ResourceQuota of the namespace, or a cloud"
            + " subscription quota): raise the quota or free resources, then retry."),
    /** The namespace the object goes to is being deleted. */
    NAMESPACE_TERMINATING("NamespaceTerminating", false, "The target namespace is being deleted: wait until it is gone"
            + " (check its finalizers) or restore into another namespace."),
    /** The API server rejected the object as invalid (HTTP 422). */
    INVALID("Invalid", false, "The API server rejected the object as invalid for the reason in the message: correct it"
            + " (or its source in the backup, for example with a resource modifier) and retry."),
    /** The API server rejected the request as malformed (HTTP 400). */
    BAD_REQUEST("BadRequest", false, "The server rejected the request as malformed; check that the cluster's version"
            + " serves the object as backed up, and report the message if it persists."),
    /** The identity lacks a permission (Kubernetes RBAC, an Azure role). */
    FORBIDDEN("Forbidden", false, "The identity lacks the permission named in the message: grant it (Kubernetes RBAC"
            + " or an Azure role assignment), or run 'aks-backup preflight' to list every missing permission."),
    /** The credentials were rejected (HTTP 401). */
    UNAUTHORIZED("Unauthorized", false, "The server rejected the credentials (an expired or wrong token, certificate"
            + " or key): renew them and retry."),
    /** The server asked the client to slow down (HTTP 429); carries the server's Retry-After when it sent one. */
    THROTTLED("TooManyRequests", true, "The server is throttling requests (HTTP 429); retries wait as long as it asks."
            + " If it persists, lower the request rate (--qps for the cluster) or run at a quieter time."),
    /** The Kubernetes API server answered with a server error (HTTP 5xx) or is overloaded. */
    CLUSTER_UNAVAILABLE("ClusterUnavailable", true, "The Kubernetes API server answered with a server error or is"
            + " overloaded: check its health (and etcd's), then retry."),
    /** The API server does not serve the resource type (yet): a CustomResourceDefinition just made is not served at once. */
    TYPE_NOT_SERVED("TypeNotServed", true, "The API server does not serve this resource type (yet): install its"
            + " CustomResourceDefinition or API service first; one created a moment ago is served shortly."),
    /** The API server answered with a status nothing else covers. */
    CLUSTER_ERROR("ClusterError", false, "The API server answered with an unexpected status; see the message."),
    /** A listing's continue token expired (HTTP 410). */
    EXPIRED("Expired", false, "The listing took longer than the server keeps its position; start the listing again."),
    /** Discovery of the cluster's resource types failed. */
    DISCOVERY_FAILED("DiscoveryFailed", false, "The cluster's API discovery did not answer as expected; check the API"
            + " server and its aggregated API services (kubectl get apiservices)."),
    /** A type kept changing while it was listed. */
    LISTING_UNSTABLE("ListingUnstable", false, "The objects of this type changed faster than they could be listed;"
            + " back up again at a quieter time."),
    /** A listing failed for a reason the message gives. */
    LISTING_FAILED("ListingFailed", false, "Listing the objects of this type failed; see the message, then retry."),
    /** A command could not be run in a pod (hooks). */
    EXEC_FAILED("ExecFailed", false, "The command could not run in the pod: check the pod, the container name and"
            + " that the program exists in the container image."),

    // ---- network and stores ----
    /** The connection failed: refused, reset, timed out, or a name did not resolve. */
    NETWORK_FAILURE("NetworkFailure", true, "The connection to the server named in the message failed (refused,"
            + " reset, timed out or not resolved): check the network path, DNS, proxy and firewall, then retry."),
    /** The object store (Azure Blob Storage, Key Vault) answered with a server error or timed out (HTTP 5xx, 408). */
    STORE_UNAVAILABLE("StoreUnavailable", true, "The storage service answered with a server error or timed out:"
            + " check its health (Azure status, the account's limits), then retry."),
    /** A local store could not read or write (disk full, permissions, read-only file system). */
    STORE_FAILED("StoreFailed", false, "The local store could not read or write: check the disk (space, permissions,"
            + " read-only mounts), then retry."),
    /** A retention (immutability) policy keeps the object from being deleted yet. */
    OBJECT_LOCKED("ObjectLocked", false, "A retention (immutability) policy of the store protects the object: it can be"
            + " deleted once the retention period has passed."),
    /** Azure Resource Manager is failing (server errors, or calls paused by the circuit breaker). */
    AZURE_UNAVAILABLE("AzureUnavailable", true, "Azure Resource Manager is failing or was paused after repeated"
            + " failures: check Azure's status and throttling for the subscription, then retry."),
    /** An Azure request failed with a status nothing else covers. */
    AZURE_REQUEST_FAILED("AzureRequestFailed", false, "Azure refused the request for the reason in the message."),
    /** A long-running Azure operation ended failed or cancelled. */
    AZURE_OPERATION_FAILED("AzureOperationFailed", false, "The Azure operation ended failed or cancelled: check the"
            + " resource's activity log in the Azure portal, then retry."),
    /** A polled operation (a copy, a snapshot) did not finish in time. */
    OPERATION_TIMED_OUT("OperationTimedOut", false, "The operation did not finish in time: retry it; large disks can"
            + " take hours to copy, raise the poll timeout if needed."),

    // ---- vault data and format ----
    /** Stored data failed its integrity check. */
    DATA_CORRUPTED("DataCorrupted", false, "Run 'aks-backup vault verify' to list every damaged object."),
    /** The location holds something that is not an aks-backup vault. */
    NOT_A_VAULT("NotAVault", false, "Point aks-backup at an aks-backup vault or an empty location."),
    /** The vault has a storage format version this release cannot read. */
    UNSUPPORTED_FORMAT("UnsupportedFormat", false, "Use an aks-backup release that reads this vault's format version."),

    // ---- encryption keys ----
    /** The key provider does not hold (or may not use) the key the data was wrapped with. */
    KEY_UNAVAILABLE("KeyUnavailable", false, "Give the key provider that holds the key named in the message, or grant"
            + " the identity the permission to use it."),
    /** The key of that id does not open the data (another key under the same id). */
    KEY_MISMATCH("KeyMismatch", false, "The key named in the message does not open the data: use the key the vault"
            + " was written with."),
    /** The vault is encrypted and no key was given. */
    VAULT_ENCRYPTED("VaultEncrypted", false, "The vault is encrypted: open it with its key (--key-file or"
            + " --key-vault-key, or the builder's keyProvider)."),
    /** A key was given for a vault that is not encrypted. */
    VAULT_NOT_ENCRYPTED("VaultNotEncrypted", false, "Open the vault without a key, or create a new, encrypted vault"
            + " for encrypted backups."),
    /** The vault is encrypted with an algorithm this release does not know. */
    UNSUPPORTED_ENCRYPTION("UnsupportedEncryption", false, "Use an aks-backup release that supports the vault's"
            + " encryption."),

    // ---- volumes ----
    /** A volume snapshot failed. */
    SNAPSHOT_FAILED("SnapshotFailed", false, "Check the snapshot's events and the storage driver's logs, then take a"
            + " new backup."),
    /** A volume snapshot was not ready in time. */
    SNAPSHOT_TIMEOUT("SnapshotTimeout", false, "Check that the snapshot controller runs and serves the volume's driver;"
            + " raise the snapshot timeout for large volumes."),
    /** The snapshotter cannot snapshot volumes of this CSI driver. */
    UNSUPPORTED_DRIVER("UnsupportedDriver", false, "Configure a volume snapshotter for the volume's CSI driver."),
    /** A backup would snapshot more disks than Azure Backup for AKS allows. */
    TOO_MANY_DISKS("TooManyDisks", false, "Split the namespaces over several backup instances, or exclude claims with"
            + " a label selector."),
    /** A volume is larger than the vault tier takes. */
    VOLUME_TOO_LARGE_FOR_VAULT("VolumeTooLargeForVault", false, "Keep this volume in the operational tier only, or"
            + " shrink it."),
    /** A copy of volume data into the vault failed. */
    VAULT_COPY_FAILED("VaultCopyFailed", false, "Retry the vault copy; check the vault account's firewall and that the"
            + " snapshot still exists."),
    /** A restore from the vault tier needs a staging location. */
    STAGING_LOCATION_REQUIRED("StagingLocationRequired", false, "Give the restore a staging location (a resource group)"
            + " where volume data is hydrated."),
    /** No volume snapshotter (or vault copier) is configured for what was asked. */
    NO_SNAPSHOTTER("NoSnapshotter", false, "Configure a volume snapshotter (and, for the vault tier, a vault volume"
            + " copier such as the Azure disk snapshotter) on the client builder."),
    /** An exported volume in the vault is not a valid disk image. */
    INVALID_VOLUME_EXPORT("InvalidVolumeExport", false, "Check the vault with 'aks-backup vault verify'."),

    // ---- jobs ----
    /** A backup did not run. */
    BACKUP_FAILED("BackupFailed", false, "See the backup job's errors for the cause."),
    /** An object could not be restored for a reason without a code of its own. */
    RESTORE_FAILED("RestoreFailed", false, "See the message for why the object could not be restored."),
    /** A backup or restore hook failed. */
    HOOK_FAILED("HookFailed", false, "Check the hook's command, container and timeout, and the pod's logs."),
    /** An engine lost the lease of an instance while working on it; another engine sharing the vault took over. */
    LEASE_LOST("LeaseLost", false, "Another replica sharing the vault holds the instance's lease now and runs its"
            + " schedule; nothing to do unless every replica reports this (then check the vault's reachability and clocks)."),
    /** A lease record in the vault cannot be read. */
    LEASE_UNREADABLE("LeaseUnreadable", false, "Delete the leases/ folder of the vault while no engine runs;"
            + " the engines write new lease records."),
    /** The cluster's identity (the uid of its kube-system namespace) cannot be read. */
    CLUSTER_IDENTITY_UNKNOWN("ClusterIdentityUnknown", false, "Connect to a Kubernetes API server with an identity"
            + " that may get namespaces: the uid of kube-system identifies the cluster."),
    /** A resource modifier rule could not be applied to an object (a JSON patch path missing, an identity change). */
    RESOURCE_MODIFIER_FAILED("ResourceModifierFailed", false, "Correct the resource modifier rule named in the message"
            + " (its conditions, so it matches only objects it can change, or its patch), then restore the item again.");

    private static final Map<String, ErrorCode> BY_ID = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(ErrorCode::id, Function.identity()));

    private final String id;
    private final boolean transientFailure;
    private final String advice;

    ErrorCode(String id, boolean transientFailure, String advice) {
        this.id = id;
        this.transientFailure = transientFailure;
        this.advice = advice;
    }

    /** The stable string form, as job records and {@link AksBackupException#code()} give it. */
    public String id() {
        return id;
    }

    /** True when another try of the same call may succeed without anyone changing anything. */
    public boolean isTransient() {
        return transientFailure;
    }

    /** What to do about a failure of this kind, naming its cause. */
    public String advice() {
        return advice;
    }

    /** The code with the given {@link #id()}, or empty for an id this release does not know. */
    public static Optional<ErrorCode> fromId(String id) {
        return Optional.ofNullable(id == null ? null : BY_ID.get(id));
    }

    @Override
    public String toString() {
        return id;
    }
}
