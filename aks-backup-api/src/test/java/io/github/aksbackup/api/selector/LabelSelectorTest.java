package io.github.aksbackup.api.selector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.aksbackup.api.InvalidInputException;
import io.github.aksbackup.api.selector.LabelSelector.Operator;
import io.github.aksbackup.api.selector.LabelSelector.Requirement;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class LabelSelectorTest {

    private static final Map<String, String> WEB_PROD = Map.of("app", "web", "env", "prod", "example.com/tier", "front");
    private static final Map<String, String> DB_DEV = Map.of("app", "db", "env", "dev");
    private static final Map<String, String> UNLABELLED = Map.of();

    private static List<Boolean> results(String selector) {
        LabelSelector s = LabelSelector.parse(selector);
        return List.of(s.matches(WEB_PROD), s.matches(DB_DEV), s.matches(UNLABELLED));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
        "app=web                      | true,  false, false",
        "app==web                     | true,  false, false",
        "app = web                    | true,  false, false",
        "app!=web                     | false, true,  true",
        "app != web                   | false, true,  true",
        "app in (web,db)              | true,  true,  false",
        "app in (web)                 | true,  false, false",
        "app IN ( web , cache )       | true,  false, false",
        "app notin (web)              | false, true,  true",
        "app notin (web, db)          | false, false, true",
        "app                          | true,  true,  false",
        "!app                         | false, false, true",
        "! app                        | false, false, true",
        "example.com/tier             | true,  false, false",
        "example.com/tier=front       | true,  false, false",
        "!example.com/tier            | false, true,  true",
        "app=web,env=prod             | true,  false, false",
        "app=web,env=dev              | false, false, false",
        "app,!missing                 | true,  true,  false",
        "env in (prod,dev),app!=db    | true,  false, false",
        "'  app = web ,  env  '       | true,  false, false",
        "app=                         | false, false, false",
        "''                           | true,  true,  true",
        "'   '                        | true,  true,  true",
    })
    void evaluatesEveryOperator(String selector, String expected) {
        List<Boolean> want = java.util.Arrays.stream(expected.split(",")).map(String::strip).map(Boolean::parseBoolean).toList();
        assertEquals(want, results(selector));
    }

    @Test
    void emptyValueMatchesALabelWithAnEmptyValue() {
        LabelSelector s = LabelSelector.parse("app=");
        assertTrue(s.matches(Map.of("app", "")));
        assertFalse(s.matches(Map.of("app", "web")));
    }

    @Test
    void nullLabelsMeanNoLabels() {
        assertTrue(LabelSelector.parse("!app").matches(null));
        assertFalse(LabelSelector.parse("app").matches(null));
    }

    @Test
    void parsesIntoRequirements() {
        LabelSelector s = LabelSelector.parse("a=1, b!=2, c in (x,y), d notin (z), e, !f, g==3");
        assertEquals(List.of(
                new Requirement("a", Operator.Equals, Set.of("1")),
                new Requirement("b", Operator.NotEquals, Set.of("2")),
                new Requirement("c", Operator.In, Set.of("x", "y")),
                new Requirement("d", Operator.NotIn, Set.of("z")),
                new Requirement("e", Operator.Exists, Set.of()),
                new Requirement("f", Operator.DoesNotExist, Set.of()),
                new Requirement("g", Operator.Equals, Set.of("3"))), s.requirements());
    }

    @ParameterizedTest
    @ValueSource(strings = {"a=1,b!=2,c in (x,y),d notin (z),e,!f", "", "example.com/app=web", "k=", "k in (a,b,c)"})
    void canonicalFormParsesBackToTheSameSelector(String text) {
        LabelSelector s = LabelSelector.parse(text);
        assertEquals(s, LabelSelector.parse(s.toString()));
    }

    @Test
    void canonicalFormIsCompact() {
        assertEquals("a=1,b!=2,c in (x,y),e,!f", LabelSelector.parse("a = 1 , b != 2, c in ( x , y ) , e , ! f").toString());
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
        "a=b=c              | 4  | expected ',' or end of selector, found '='",
        "a=b c              | 5  | expected ',' or end of selector, found 'c'",
        "a=b,               | 5  | expected a requirement after ','",
        "',a'               | 1  | expected a label key, found ','",
        "'a,,b'             | 3  | expected a label key, found ','",
        "!                  | 2  | expected a label key, found end of selector",
        "=b                 | 1  | expected a label key, found '='",
        "a !b               | 3  | expected '!=' after key 'a'",
        "a ~ b              | 3  | unknown operator '~'",
        "a b                | 3  | unknown operator 'b'",
        "a(b)               | 2  | expected an operator (=, ==, !=, in, notin), ',' or end of selector after key 'a', found '('",
        "a in b             | 6  | expected '(' after 'in'",
        "a notin            | 8  | expected '(' after 'notin'",
        "a in ()            | 7  | the value list of 'in' must not be empty",
        "a in ( )           | 8  | the value list of 'in' must not be empty",
        "a in (b            | 8  | expected ')' to close the value list",
        "'a in (b,'         | 9  | expected ')' to close the value list",
        "a in (b c)         | 9  | expected ',' or ')' in the value list, found 'c'",
        "-a=b               | 1  | label key '-a'",
        "A/b=c              | 1  | prefix 'A' must be a lowercase DNS subdomain",
        "/b=c               | 1  | prefix '' must be a lowercase DNS subdomain",
        "a/=c               | 1  | name part must be",
        "a=-b               | 3  | label value '-b'",
        "a in (ok,b-)       | 10 | label value 'b-'",
        "x=y,a.b/c/d=e      | 5  | label key 'a.b/c/d'",
    })
    void reportsTheColumnOfEverySyntaxError(String selector, int column, String reason) {
        LabelSelectorSyntaxException e = assertThrows(LabelSelectorSyntaxException.class, () -> LabelSelector.parse(selector));
        assertEquals(column, e.column(), e.getMessage());
        assertTrue(e.reason().contains(reason), e.reason());
        assertEquals(selector, e.selector());
        assertTrue(e.getMessage().contains("column " + column), e.getMessage());
    }

    @Test
    void syntaxErrorIsInvalidInputWithOneProblem() {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> LabelSelector.parse("a in"));
        assertEquals(1, e.problems().size());
        assertEquals("labelSelector", e.problems().get(0).path());
    }

    @Test
    void rejectsOverlongKeysAndValues() {
        String name63 = "a".repeat(63);
        LabelSelector.parse(name63 + "=" + name63);
        assertThrows(LabelSelectorSyntaxException.class, () -> LabelSelector.parse(name63 + "a=b"));
        assertThrows(LabelSelectorSyntaxException.class, () -> LabelSelector.parse("a=" + name63 + "b"));
        String prefix253 = ("a".repeat(49) + ".").repeat(5) + "abc";
        assertEquals(253, prefix253.length());
        LabelSelector.parse(prefix253 + "/k");
        assertThrows(LabelSelectorSyntaxException.class, () -> LabelSelector.parse(prefix253 + "a/k"));
    }

    @Test
    void buildsFromMatchLabelsAndMatchExpressions() {
        LabelSelector s = LabelSelector.of(Map.of("app", "web"), List.of(
                new Requirement("env", Operator.ofExpression("in"), Set.of("prod", "staging")),
                new Requirement("legacy", Operator.ofExpression("DoesNotExist"), Set.of())));
        assertTrue(s.matches(WEB_PROD));
        assertFalse(s.matches(Map.of("app", "web", "env", "prod", "legacy", "yes")));
        assertFalse(s.matches(DB_DEV));
        assertTrue(LabelSelector.of(Map.of(), List.of()).isEmpty());
        assertTrue(LabelSelector.of(null, null).matches(UNLABELLED));
        assertTrue(LabelSelector.of(Map.of("app", "web"), null).matches(WEB_PROD));
    }

    @Test
    void matchExpressionOperatorsAreNamedWhenUnknown() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Operator.ofExpression("Equals"));
        assertTrue(e.getMessage().contains("In, NotIn, Exists, DoesNotExist"), e.getMessage());
        assertEquals(Operator.NotIn, Operator.ofExpression("notin"));
        assertEquals(Operator.Exists, Operator.ofExpression("EXISTS"));
    }

    @Test
    void requirementChecksItsValues() {
        assertThrows(IllegalArgumentException.class, () -> new Requirement("a", Operator.Equals, Set.of()));
        assertThrows(IllegalArgumentException.class, () -> new Requirement("a", Operator.Equals, Set.of("x", "y")));
        assertThrows(IllegalArgumentException.class, () -> new Requirement("a", Operator.In, Set.of()));
        assertThrows(IllegalArgumentException.class, () -> new Requirement("a", Operator.Exists, Set.of("x")));
        assertThrows(IllegalArgumentException.class, () -> new Requirement("a b", Operator.Exists, Set.of()));
        assertThrows(IllegalArgumentException.class, () -> new Requirement("a", Operator.In, Set.of("x y")));
    }

    @Test
    void matchLabelsWithANullValueIsAClearError() {
        java.util.Map<String, String> labels = new java.util.HashMap<>();
        labels.put("app", null);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LabelSelector.of(labels, null));
        assertTrue(e.getMessage().contains("app"), e.getMessage());
    }
}
