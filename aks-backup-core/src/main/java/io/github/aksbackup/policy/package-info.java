/**
 * Azure backup policies as JSON: reading them ({@link io.github.aksbackup.policy.Policies}),
 * validating them against Azure's rules with every problem located, writing them and summarizing
 * what they do.
 */
package io.github.aksbackup.policy;
