package io.github.aksbackup.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaConstructorCall;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.Set;

/**
 * The rules of the project's shape, over the main classes of every module: the engine sees no client
 * library, no module reaches into another's {@code internal} packages, modules use only what the
 * README's module table allows, and only the client builds the engines.
 */
final class ArchitectureRules {
    private ArchitectureRules() {
    }

    static DescribedPredicate<JavaClass> inModule(Modules module) {
        return DescribedPredicate.describe("in module " + module.artifact, c -> Modules.of(c.getPackageName()) == module);
    }

    /** The engine (every package of aks-backup-core) talks to clusters and stores through the SPI only. */
    static final ArchRule ENGINE_USES_NO_CLIENT_LIBRARIES = noClasses().that(inModule(Modules.CORE))
            .should().dependOnClassesThat().resideInAnyPackage("com.azure..", "io.kubernetes..", "okhttp3..", "okio..",
                    "io.netty..", "reactor..", "com.google.gson..", "java.net.http..", "com.sun.net.httpserver..")
            .because("the engine sees clusters, stores and disks through the SPI of aks-backup-api only; HTTP, Azure and "
                    + "Kubernetes client types belong in the adapters (aks-backup-k8s, aks-backup-azure)");

    /** No class uses a class in another module's {@code internal} packages. */
    static final ArchRule NO_FOREIGN_INTERNALS = classes().that(DescribedPredicate.describe("of aks-backup",
            c -> Modules.of(c.getPackageName()) != null)).should(new ArchCondition<JavaClass>("use no other module's internal packages") {
                @Override
                public void check(JavaClass c, ConditionEvents events) {
                    Modules from = Modules.of(c.getPackageName());
                    for (Dependency d : c.getDirectDependenciesFromSelf()) {
                        String target = d.getTargetClass().getPackageName();
                        Modules to = Modules.of(target);
                        if (to != null && to != from && Modules.internal(target)) {
                            events.add(SimpleConditionEvent.violated(d, from.artifact + " uses " + to.artifact
                                    + "'s internal " + d.getDescription()));
                        }
                    }
                }
            }).because("packages named internal are not part of a module's API: they may change in any release");

    /** Each module uses only the modules the README's table allows; the API nothing but the JDK. */
    static final ArchRule MODULE_GRAPH = classes().that(DescribedPredicate.describe("of aks-backup",
            c -> Modules.of(c.getPackageName()) != null)).should(new ArchCondition<JavaClass>(
                    "use only the modules the README allows (api <- testkit, core, k8s, azure; samples uses all; api uses only the JDK)") {
                @Override
                public void check(JavaClass c, ConditionEvents events) {
                    Modules from = Modules.of(c.getPackageName());
                    Set<Modules> allowed = from.mayUse();
                    for (Dependency d : c.getDirectDependenciesFromSelf()) {
                        JavaClass target = d.getTargetClass();
                        String pkg = target.getPackageName();
                        Modules to = Modules.of(pkg);
                        if (to != null && to != from && !allowed.contains(to)) {
                            events.add(SimpleConditionEvent.violated(d, from.artifact + " must not use " + to.artifact + ": "
                                    + d.getDescription()));
                        } else if (from == Modules.API && to == null && !pkg.startsWith("java.") && !target.isPrimitive()
                                && !target.isArray()) {
                            events.add(SimpleConditionEvent.violated(d, "aks-backup-api uses only the JDK: " + d.getDescription()));
                        }
                    }
                }
            });

    private static final Set<String> ENGINES = Set.of("io.github.aksbackup.backup.BackupEngine",
            "io.github.aksbackup.restore.RestoreEngine");

    /**
     * The engines are built by the client (and in their own packages): an application goes through
     * {@code AksBackupClient}, which owns the repository, the job records and the executors they need.
     */
    static final ArchRule ENGINES_BUILT_BY_THE_CLIENT = noClasses()
            .that().resideOutsideOfPackages(Modules.ROOT + ".client..", Modules.ROOT + ".backup..", Modules.ROOT + ".restore..")
            .should().callConstructorWhere(DescribedPredicate.describe("the target is BackupEngine or RestoreEngine",
                    (JavaConstructorCall call) -> ENGINES.contains(call.getTargetOwner().getName())))
            .because("applications use AksBackupClient, which gives the engines their repository, job records and executors");
}
