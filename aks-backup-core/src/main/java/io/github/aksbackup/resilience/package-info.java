/**
 * The one retry layer on resilience4j: {@link io.github.aksbackup.resilience.RetryOptions}
 * (attempts, backoff, maximum time, Retry-After) and the retrying wrappers of the SPI the client
 * puts around every adapter; only transient error codes are retried.
 */
package io.github.aksbackup.resilience;
