package io.github.aksbackup.samples;

import io.github.aksbackup.api.InvalidInputException;
import io.github.aksbackup.api.policy.BackupPolicy;
import io.github.aksbackup.policy.Policies;
import io.github.aksbackup.policy.PolicySummary;
import java.nio.file.Path;
/** The README's sample: read an Azure policy file, validate it and print what it does, or every problem. */
public class ReadPolicy {
    public static void main(String[] args) {
        try {
            BackupPolicy policy = Policies.read(Path.of(args.length > 0 ? args[0] : "samples/policies/aks-default.json"));
            PolicySummary.of(policy).lines().forEach(System.out::println);
        } catch (InvalidInputException e) {
            e.problems().forEach(System.err::println);
        }
    }
}
