package io.github.aksbackup.architecture;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import io.github.aksbackup.backup.ArchitectureFixtureEngineUsingKubernetes;
import io.github.aksbackup.k8s.ArchitectureFixtureAdapterReachingIntoOthers;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each architecture rule fails on a class that breaks it (the fixtures, in test sources, which the
 * suite itself does not import) naming what broke it, and passes on one that keeps it.
 */
class ArchitectureRulesCanFailTest {
    private static final JavaClasses ENGINE_FIXTURE = new ClassFileImporter().importClasses(ArchitectureFixtureEngineUsingKubernetes.class);
    private static final JavaClasses ADAPTER_FIXTURE = new ClassFileImporter().importClasses(ArchitectureFixtureAdapterReachingIntoOthers.class);

    static Stream<Arguments> rules() {
        return Stream.of(
                Arguments.of("an engine class using the Kubernetes client", ArchitectureRules.ENGINE_USES_NO_CLIENT_LIBRARIES,
                        ENGINE_FIXTURE, "io.kubernetes.client.openapi.ApiClient", ADAPTER_FIXTURE),
                Arguments.of("an adapter using another module's internal package", ArchitectureRules.NO_FOREIGN_INTERNALS,
                        ADAPTER_FIXTURE, "io.github.aksbackup.azure.internal.ArmId", ENGINE_FIXTURE),
                Arguments.of("an adapter using the engine", ArchitectureRules.MODULE_GRAPH,
                        ADAPTER_FIXTURE, "aks-backup-k8s must not use aks-backup-core", ENGINE_FIXTURE),
                Arguments.of("an engine built outside the client", ArchitectureRules.ENGINES_BUILT_BY_THE_CLIENT,
                        ADAPTER_FIXTURE, "BackupEngine.<init>", ENGINE_FIXTURE));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rules")
    void aRuleFailsOnAClassThatBreaksItAndPassesOnOneThatKeepsIt(String breach, ArchRule rule, JavaClasses breaking,
            String named, JavaClasses keeping) {
        EvaluationResult result = rule.evaluate(breaking);
        assertTrue(result.hasViolation(), breach + " breaks: " + rule.getDescription());
        assertTrue(result.getFailureReport().toString().contains(named), result.getFailureReport().toString());
        // A fixture may hold no class the rule looks at: that passes too.
        assertFalse(rule.allowEmptyShould(true).evaluate(keeping).hasViolation(), rule.getDescription());
    }
}
