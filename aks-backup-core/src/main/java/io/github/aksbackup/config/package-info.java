/**
 * Readers of the Azure documents that configure protection and restores, as the Azure CLI prints
 * them: backup configurations and instance documents, restore configs and cluster references;
 * every field either acts or is refused with its location.
 */
package io.github.aksbackup.config;
