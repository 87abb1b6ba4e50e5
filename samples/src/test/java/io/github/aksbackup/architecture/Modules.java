package io.github.aksbackup.architecture;

import java.util.EnumSet;
import java.util.Set;

/**
 * The modules of the project and what each may use, as the README's module table states it. A class
 * belongs to a module by its package: the modules' packages do not overlap ({@code ArchitectureTest}
 * checks that every class was loaded from its module's classes).
 */
enum Modules {
    API("aks-backup-api"),
    TESTKIT("aks-backup-testkit"),
    CORE("aks-backup-core"),
    K8S("aks-backup-k8s"),
    AZURE("aks-backup-azure"),
    SAMPLES("samples");

    static final String ROOT = "io.github.aksbackup";

    /** The directory (and artifact) of the module. */
    final String artifact;

    Modules(String artifact) {
        this.artifact = artifact;
    }

    /** The module of a class of ours in package {@code pkg}; {@code null} for a package that is not ours. */
    static Modules of(String pkg) {
        if (!pkg.equals(ROOT) && !pkg.startsWith(ROOT + ".")) {
            return null;
        }
        String rest = pkg.length() == ROOT.length() ? "" : pkg.substring(ROOT.length() + 1);
        String first = rest.contains(".") ? rest.substring(0, rest.indexOf('.')) : rest;
        return switch (first) {
            case "api", "spi" -> API;
            case "testkit" -> TESTKIT;
            case "k8s" -> K8S;
            case "azure" -> AZURE;
            case "cli", "samples", "bench" -> SAMPLES;
            default -> CORE;
        };
    }

    /** The other modules this one may use (README: api ← testkit, core, k8s, azure; samples uses them all). */
    Set<Modules> mayUse() {
        return switch (this) {
            case API -> EnumSet.noneOf(Modules.class);
            case TESTKIT, CORE, K8S, AZURE -> EnumSet.of(API);
            case SAMPLES -> EnumSet.of(API, TESTKIT, CORE, K8S, AZURE);
        };
    }

    /** True for a package named {@code internal} or inside one. */
    static boolean internal(String pkg) {
        return pkg.endsWith(".internal") || pkg.contains(".internal.");
    }
}
