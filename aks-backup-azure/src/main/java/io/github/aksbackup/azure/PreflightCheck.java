package io.github.aksbackup.azure;

import java.util.Objects;

/**
 * One result of {@link AzurePreflight}: what was checked, whether it passed, and for a gap the role
 * to grant and where, as Azure's validate-for-backup reports it.
 *
 * @param name stable identifier of the check, such as {@code VaultContainerWritable}
 * @param passed true when nothing is missing
 * @param detail what was found
 * @param requiredRole the Azure role that closes the gap, or {@code null} when it passed or no role helps
 * @param scope where to assign the role (a resource id or description), or {@code null}
 */
public record PreflightCheck(String name, boolean passed, String detail, String requiredRole, String scope) {
    public PreflightCheck {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(detail, "detail");
    }

    static PreflightCheck pass(String name, String detail) {
        return new PreflightCheck(name, true, detail, null, null);
    }

    static PreflightCheck gap(String name, String detail, String requiredRole, String scope) {
        return new PreflightCheck(name, false, detail, requiredRole, scope);
    }

    @Override
    public String toString() {
        return (passed ? "OK   " : "GAP  ") + name + ": " + detail
                + (requiredRole == null ? "" : " -> grant '" + requiredRole + "'" + (scope == null ? "" : " on " + scope));
    }
}
