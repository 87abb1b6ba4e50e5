/**
 * The Azure side of aks-backup on the Azure SDK for Java: the blob object store and its leases, disk
 * snapshots, vault-tier copies and hydration, preflight checks and Key Vault keys. The {@code internal}
 * package is not exported; the Azure SDK types the builders accept (credentials, pipelines, clients)
 * are readable to every module that reads this one.
 */
module io.github.aksbackup.azure {
    requires transitive io.github.aksbackup.api;
    requires transitive com.azure.core;
    requires transitive com.azure.core.management;
    requires transitive com.azure.identity;
    requires transitive com.azure.storage.blob;
    requires transitive com.azure.storage.common;
    requires transitive com.azure.security.keyvault.keys;
    requires transitive com.azure.resourcemanager.compute;
    requires com.azure.resourcemanager.authorization;
    requires io.github.resilience4j.core;
    requires io.github.resilience4j.retry;
    requires io.github.resilience4j.circuitbreaker;
    requires org.slf4j;

    exports io.github.aksbackup.azure;
    exports io.github.aksbackup.azure.keyvault;
}
