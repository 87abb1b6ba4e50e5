/**
 * What tests of code built on aks-backup need: the in-memory cluster and object store, fakes, the
 * manual clock, fault injection, contracts and the JUnit 5 extension. One exported package.
 */
module io.github.aksbackup.testkit {
    requires transitive io.github.aksbackup.api;
    requires transitive org.junit.jupiter.api;

    exports io.github.aksbackup.testkit;
}
