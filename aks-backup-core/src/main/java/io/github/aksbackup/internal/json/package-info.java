/**
 * Reading the user's documents (policies, configurations) with a location and an actionable
 * message for every problem, and writing them as Azure's tools print them, Azure Resource Manager
 * envelopes included: internal to the engine's readers, not exported, free to change in any
 * release.
 */
package io.github.aksbackup.internal.json;
