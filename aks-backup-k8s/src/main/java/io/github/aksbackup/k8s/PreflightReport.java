package io.github.aksbackup.k8s;

import java.util.List;
import java.util.Objects;

/** What a preflight found: every permission checked, and which of them the identity lacks. */
public record PreflightReport(String cluster, List<PermissionCheck> checks) {
    public PreflightReport {
        Objects.requireNonNull(cluster, "cluster");
        checks = List.copyOf(Objects.requireNonNull(checks, "checks"));
    }

    /** The permissions that are missing, in the order they were checked. */
    public List<PermissionCheck> missing() {
        return checks.stream().filter(c -> !c.allowed()).toList();
    }

    /** True when nothing is missing. */
    public boolean ok() {
        return checks.stream().allMatch(PermissionCheck::allowed);
    }
}
