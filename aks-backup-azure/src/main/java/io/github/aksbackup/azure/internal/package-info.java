/**
 * Implementation details of the Azure adapter (ARM ids, names and calls, error translation, blob
 * key rules): not exported by the module and free to change in any release.
 */
package io.github.aksbackup.azure.internal;
