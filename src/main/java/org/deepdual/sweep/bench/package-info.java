/**
 * Benchmarks of the distributed layer: the scaling of a sweep from local[1] to local[2], run as
 * child JVMs of {@code deepdual sweep} so that each measures a whole, fresh Spark application.
 */
package org.deepdual.sweep.bench;
