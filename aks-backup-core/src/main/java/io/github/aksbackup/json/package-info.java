/**
 * The JSON form of the SDK's value types for applications: {@link io.github.aksbackup.json.JsonValues}
 * turns what the client returns into JSON trees and text (the shape of the command line's
 * {@code --json} documents) and reads JSON objects back into trees.
 */
package io.github.aksbackup.json;
