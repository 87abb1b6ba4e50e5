/**
 * The aks-backup engine: the client and its builder, policies, schedule, retention, tiering, backup,
 * restore, hooks, the repository format, the catalog and the directory object store. Every package
 * but {@code internal} is exported. The module is open because the engine's JSON mapping reads and
 * builds records (its own, and the API's) by their fields.
 */
open module io.github.aksbackup.core {
    requires transitive io.github.aksbackup.api;
    requires transitive com.fasterxml.jackson.databind;
    requires com.fasterxml.jackson.dataformat.yaml;
    requires jakarta.json;
    requires io.github.resilience4j.core;
    requires io.github.resilience4j.retry;
    requires org.slf4j;

    exports io.github.aksbackup.backup;
    exports io.github.aksbackup.catalog;
    exports io.github.aksbackup.client;
    exports io.github.aksbackup.config;
    exports io.github.aksbackup.crypto;
    exports io.github.aksbackup.hook;
    exports io.github.aksbackup.job;
    exports io.github.aksbackup.json;
    exports io.github.aksbackup.kube;
    exports io.github.aksbackup.lease;
    exports io.github.aksbackup.policy;
    exports io.github.aksbackup.repository;
    exports io.github.aksbackup.resilience;
    exports io.github.aksbackup.restore;
    exports io.github.aksbackup.restore.modifier;
    exports io.github.aksbackup.retention;
    exports io.github.aksbackup.schedule;
    exports io.github.aksbackup.simulate;
    exports io.github.aksbackup.store;
    exports io.github.aksbackup.tiering;
}
