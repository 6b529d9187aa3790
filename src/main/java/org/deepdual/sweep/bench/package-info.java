/**
 * Benchmarks of the sweep (run by hand or by {@code deepdual bench}, never as unit tests):
 * throughput of a spec on a given Spark master ({@code SweepThroughput}) and the scaling of a sweep
 * from local[1] to local[2], each a child JVM so that it measures a whole, fresh Spark application.
 */
package org.deepdual.sweep.bench;
