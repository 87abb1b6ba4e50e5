package io.github.aksbackup.api.instance;

/**
 * Whether a backup keeps the content of Kubernetes Secrets, for users whose secrets live in a secret
 * store (Key Vault, an external secrets operator) and must not be copied into backups.
 */
public enum SecretData {
    /** Secrets are backed up whole (Azure Backup's behaviour). */
    Include,
    /**
     * Only a Secret's metadata and type are backed up: {@code data}, {@code stringData} and the
     * {@code kubectl.kubernetes.io/last-applied-configuration} annotation (which repeats the data) are
     * dropped. Such a Secret is never restored (an empty Secret would hide the missing data behind a
     * working name): the restore reports it as skipped, saying it was backed up without its data.
     */
    MetadataOnly
}
