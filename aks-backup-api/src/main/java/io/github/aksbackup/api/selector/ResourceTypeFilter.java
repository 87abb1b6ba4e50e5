package io.github.aksbackup.api.selector;

import io.github.aksbackup.api.InvalidInputException;
import io.github.aksbackup.api.ValidationProblem;
import io.github.aksbackup.spi.ResourceType;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The included / excluded resource types of a backup or restore configuration: a type passes when
 * {@code included} is empty or one of its patterns matches, and none of {@code excluded} matches.
 */
public record ResourceTypeFilter(List<ResourceTypeMatcher> included, List<ResourceTypeMatcher> excluded) {

    /** A filter that lets every type pass. */
    public static final ResourceTypeFilter EVERYTHING = new ResourceTypeFilter(List.of(), List.of());

    public ResourceTypeFilter {
        included = List.copyOf(Objects.requireNonNull(included, "included"));
        excluded = List.copyOf(Objects.requireNonNull(excluded, "excluded"));
    }

    /**
     * Parses both lists, reporting every bad pattern at once.
     *
     * @throws InvalidInputException with one problem per bad pattern, located as
     *         {@code includedResourceTypes[i]} / {@code excludedResourceTypes[i]}
     */
    public static ResourceTypeFilter of(List<String> included, List<String> excluded) {
        List<ValidationProblem> problems = new ArrayList<>();
        List<ResourceTypeMatcher> in = parseAll("includedResourceTypes", included, problems);
        List<ResourceTypeMatcher> out = parseAll("excludedResourceTypes", excluded, problems);
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        return new ResourceTypeFilter(in, out);
    }

    private static List<ResourceTypeMatcher> parseAll(String field, List<String> patterns, List<ValidationProblem> problems) {
        List<ResourceTypeMatcher> out = new ArrayList<>();
        for (int i = 0; i < patterns.size(); i++) {
            try {
                out.add(ResourceTypeMatcher.parse(patterns.get(i)));
            } catch (InvalidInputException e) {
                for (ValidationProblem p : e.problems()) {
                    problems.add(new ValidationProblem(field + "[" + i + "]", p.message()));
                }
            }
        }
        return out;
    }

    /** True when the type passes the filter. */
    public boolean accepts(ResourceType type) {
        boolean in = included.isEmpty() || included.stream().anyMatch(m -> m.matches(type));
        return in && excluded.stream().noneMatch(m -> m.matches(type));
    }
}
