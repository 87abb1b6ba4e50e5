/**
 * Vault encryption keys in Azure Key Vault or Managed HSM: {@link
 * io.github.aksbackup.azure.keyvault.AzureKeyVaultKeyProvider} wraps and unwraps data keys there,
 * so key material never leaves it.
 */
package io.github.aksbackup.azure.keyvault;
