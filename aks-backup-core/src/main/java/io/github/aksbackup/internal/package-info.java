/**
 * Implementation details of the engine shared across its packages (JSON mapping, compression,
 * object selection, prefixed stores, thread factories): not exported by the module, not for
 * applications, and free to change in any release.
 */
package io.github.aksbackup.internal;
