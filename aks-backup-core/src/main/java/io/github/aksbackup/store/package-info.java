/**
 * The production object store on a local or mounted directory ({@link
 * io.github.aksbackup.store.DirectoryObjectStore}), with the write-once semantics the vault format
 * relies on.
 */
package io.github.aksbackup.store;
