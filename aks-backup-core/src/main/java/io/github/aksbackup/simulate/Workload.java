package io.github.aksbackup.simulate;

/**
 * What is protected, for a cost projection.
 *
 * @param namespaces protected namespaces (the protected-instance fee is charged per namespace)
 * @param sizeGbPerNamespace data size of each namespace in GB (persistent volumes and cluster state)
 * @param dailyChangeRate fraction of the data that changes per day, 0..1 (0.02 = 2 % a day)
 */
public record Workload(int namespaces, double sizeGbPerNamespace, double dailyChangeRate) {
    public Workload {
        if (namespaces < 1) {
            throw new IllegalArgumentException("namespaces must be 1 or more, was " + namespaces);
        }
        if (!(sizeGbPerNamespace >= 0) || Double.isInfinite(sizeGbPerNamespace)) {
            throw new IllegalArgumentException("size in GB must be 0 or more, was " + sizeGbPerNamespace);
        }
        if (!(dailyChangeRate >= 0 && dailyChangeRate <= 1)) {
            throw new IllegalArgumentException("change rate must be between 0 and 1 (a fraction per day), was " + dailyChangeRate);
        }
    }

    /** Total protected data in GB. */
    public double totalGb() {
        return namespaces * sizeGbPerNamespace;
    }
}
