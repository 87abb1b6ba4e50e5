/**
 * The public value types and the SPI of aks-backup: what an application and an adapter compile
 * against. Every package is exported; the module is open so that JSON mappers (the engine's among
 * them) can read and build its records by their fields.
 */
open module io.github.aksbackup.api {
    exports io.github.aksbackup.api;
    exports io.github.aksbackup.api.hook;
    exports io.github.aksbackup.api.instance;
    exports io.github.aksbackup.api.job;
    exports io.github.aksbackup.api.policy;
    exports io.github.aksbackup.api.recovery;
    exports io.github.aksbackup.api.restore;
    exports io.github.aksbackup.api.selector;
    exports io.github.aksbackup.spi;
}
