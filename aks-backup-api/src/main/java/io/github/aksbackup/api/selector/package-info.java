/**
 * Selecting objects: Kubernetes label selectors and the resource-type filters of backup
 * configurations and restore criteria.
 */
package io.github.aksbackup.api.selector;
