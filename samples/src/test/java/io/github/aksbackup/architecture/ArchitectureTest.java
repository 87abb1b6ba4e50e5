package io.github.aksbackup.architecture;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.lang.syntax.ArchRuleDefinition;
import java.util.regex.Pattern;

/**
 * The architecture rules over the main classes of every module (this module's tests see them all);
 * {@code ArchitectureRulesCanFailTest} shows each rule failing on a class that breaks it.
 */
@AnalyzeClasses(packages = Modules.ROOT, importOptions = {ImportOption.DoNotIncludeTests.class,
        ArchitectureTest.DoNotIncludeTestJars.class})
class ArchitectureTest {
    /**
     * Leaves out the other modules' test jars (samples' composition tests reuse their stand-ins): those
     * tests may use core, which their main classes must not.
     */
    static final class DoNotIncludeTestJars implements ImportOption {
        private static final Pattern TEST_JAR = Pattern.compile(".*-tests\\.jar.*");

        @Override
        public boolean includes(Location location) {
            return !location.matches(TEST_JAR);
        }
    }

    @ArchTest
    static final ArchRule ENGINE_USES_NO_CLIENT_LIBRARIES = ArchitectureRules.ENGINE_USES_NO_CLIENT_LIBRARIES;

    @ArchTest
    static final ArchRule NO_FOREIGN_INTERNALS = ArchitectureRules.NO_FOREIGN_INTERNALS;

    @ArchTest
    static final ArchRule MODULE_GRAPH = ArchitectureRules.MODULE_GRAPH;

    @ArchTest
    static final ArchRule ENGINES_BUILT_BY_THE_CLIENT = ArchitectureRules.ENGINES_BUILT_BY_THE_CLIENT;

    /** The package-to-module map the rules rest on agrees with where each class was actually loaded from. */
    @ArchTest
    static final ArchRule EVERY_CLASS_COMES_FROM_ITS_MODULE = ArchRuleDefinition.classes()
            .should(new ArchCondition<JavaClass>("be loaded from the classes of the module its package names") {
                @Override
                public void check(JavaClass c, ConditionEvents events) {
                    Modules m = Modules.of(c.getPackageName());
                    String where = c.getSource().map(s -> s.getUri().toString()).orElse("");
                    boolean ok = m != null && (m == Modules.SAMPLES ? where.contains("/samples/target/")
                            : where.contains("/" + m.artifact + "/") || where.contains("/" + m.artifact + "-"));
                    events.add(new SimpleConditionEvent(c, ok, c.getName() + " (module " + m + ") was loaded from " + where));
                }
            });
}
