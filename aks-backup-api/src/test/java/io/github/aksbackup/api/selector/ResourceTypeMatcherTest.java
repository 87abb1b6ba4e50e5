package io.github.aksbackup.api.selector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.aksbackup.api.InvalidInputException;
import io.github.aksbackup.spi.ResourceType;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ResourceTypeMatcherTest {

    private static final ResourceType SECRET = type("", "v1", "Secret", "secrets");
    private static final ResourceType CONFIG_MAP = type("", "v1", "ConfigMap", "configmaps");
    private static final ResourceType DEPLOYMENT = type("apps", "v1", "Deployment", "deployments");
    private static final ResourceType EXT_DEPLOYMENT = type("extensions", "v1beta1", "Deployment", "deployments");
    private static final ResourceType INGRESS = type("networking.k8s.io", "v1", "Ingress", "ingresses");
    private static final ResourceType INGRESS_BETA = type("networking.k8s.io", "v1beta1", "Ingress", "ingresses");
    private static final List<ResourceType> ALL = List.of(SECRET, CONFIG_MAP, DEPLOYMENT, EXT_DEPLOYMENT, INGRESS, INGRESS_BETA);

    private static ResourceType type(String group, String version, String kind, String plural) {
        return new ResourceType(group, version, kind, plural, true, Set.of("list", "get", "create"));
    }

    private static List<String> matching(String pattern) {
        ResourceTypeMatcher m = ResourceTypeMatcher.parse(pattern);
        return ALL.stream().filter(m::matches).map(ResourceType::displayName).toList();
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
        "Secret                         | v1/Secret",
        "secret                         | v1/Secret",
        "SECRETS                        | v1/Secret",
        "v1/Secret                      | v1/Secret",
        "V1/secrets                     | v1/Secret",
        "core/v1/Secret                 | v1/Secret",
        "configmaps                     | v1/ConfigMap",
        "ConfigMap                      | v1/ConfigMap",
        "Deployment                     | apps/v1/Deployment,extensions/v1beta1/Deployment",
        "deployments                    | apps/v1/Deployment,extensions/v1beta1/Deployment",
        "apps/Deployment                | apps/v1/Deployment",
        "Apps/deployments               | apps/v1/Deployment",
        "apps/v1/Deployment             | apps/v1/Deployment",
        "extensions/v1beta1/deployments | extensions/v1beta1/Deployment",
        "deployments.apps               | apps/v1/Deployment",
        "Deployments.APPS               | apps/v1/Deployment",
        "deployments.v1.apps            | apps/v1/Deployment",
        "ingresses.networking.k8s.io    | networking.k8s.io/v1/Ingress,networking.k8s.io/v1beta1/Ingress",
        "ingresses.v1beta1.networking.k8s.io | networking.k8s.io/v1beta1/Ingress",
        "networking.k8s.io/v1/Ingress   | networking.k8s.io/v1/Ingress",
        "networking.k8s.io/Ingress      | networking.k8s.io/v1/Ingress,networking.k8s.io/v1beta1/Ingress",
        "'  apps/Deployment  '          | apps/v1/Deployment",
        "apps/*                         | apps/v1/Deployment",
        "*.networking.k8s.io            | networking.k8s.io/v1/Ingress,networking.k8s.io/v1beta1/Ingress",
    })
    void matchesEveryAcceptedForm(String pattern, String expected) {
        assertEquals(List.of(expected.split(",")), matching(pattern));
    }

    @Test
    void starMatchesEverything() {
        assertEquals(ALL.size(), matching("*").size());
    }

    @Test
    void coreGroupFormsDoNotMatchNamedGroups() {
        assertTrue(matching("v1/Deployment").isEmpty());
        assertTrue(matching("Secret.apps").isEmpty());
        assertFalse(ResourceTypeMatcher.parse("apps/v2/Deployment").matches(DEPLOYMENT));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
        "''                    | resource type is empty",
        "'   '                 | resource type is empty",
        "apps/v1               | names an API version but no kind",
        "a/b/c/d               | has 4 parts",
        "apps//Deployment      | column 6: empty part",
        "/Secret               | column 1: empty part",
        "apps/Deployment/      | column 17: empty part",
        "apps/one/Deployment   | 'one' is not an API version",
        "'apps/De ploy'        | column 8: ' ' is not allowed",
        "Sec_ret               | column 4: '_' is not allowed",
        "apps/deployments.apps | 'deployments.apps' is not a kind or resource name",
        ".apps                 | is not resource.group",
        "deployments.          | is not resource.group",
        "deployments..apps     | '.apps' is not an API group",
        "ap*ps/Deployment      | 'ap*ps' is not an API group",
        "-x                    | '-x' is not a kind or resource name",
    })
    void rejectsBadPatternsWithAClearMessage(String pattern, String expected) {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> ResourceTypeMatcher.parse(pattern));
        assertEquals(1, e.problems().size());
        assertEquals("resourceType", e.problems().get(0).path());
        String message = e.problems().get(0).message();
        assertTrue(message.contains(expected), message);
        assertTrue(message.startsWith("'" + pattern + "'"), message);
    }

    @Test
    void missingPatternIsAnError() {
        assertThrows(InvalidInputException.class, () -> ResourceTypeMatcher.parse(null));
    }

    @Test
    void equalityIgnoresSpellingOfTheSameType() {
        assertEquals(ResourceTypeMatcher.parse("Apps/Deployment"), ResourceTypeMatcher.parse("apps/deployment"));
        assertEquals(ResourceTypeMatcher.parse("v1/Secret"), ResourceTypeMatcher.parse("core/V1/secret"));
        assertFalse(ResourceTypeMatcher.parse("apps/Deployment").equals(ResourceTypeMatcher.parse("Deployment")));
    }

    @Test
    void filterIncludesThenExcludes() {
        ResourceTypeFilter f = ResourceTypeFilter.of(List.of("deployments", "Secret"), List.of("extensions/Deployment"));
        assertTrue(f.accepts(DEPLOYMENT));
        assertTrue(f.accepts(SECRET));
        assertFalse(f.accepts(EXT_DEPLOYMENT));
        assertFalse(f.accepts(CONFIG_MAP));
        assertTrue(ResourceTypeFilter.of(List.of(), List.of("secrets")).accepts(CONFIG_MAP));
        assertFalse(ResourceTypeFilter.of(List.of(), List.of("secrets")).accepts(SECRET));
        assertTrue(ResourceTypeFilter.EVERYTHING.accepts(INGRESS));
    }

    @Test
    void filterReportsEveryBadPatternWithItsPlace() {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> ResourceTypeFilter.of(List.of("Secret", "apps/v1", ""), List.of("a b")));
        assertEquals(List.of("includedResourceTypes[1]", "includedResourceTypes[2]", "excludedResourceTypes[0]"),
                e.problems().stream().map(p -> p.path()).toList());
    }
}
