/**
 * Benchmarks of the sweep (run by hand or by {@code deepdual bench}, never as unit tests):
 * throughput of a spec on a given Spark master ({@code SweepThroughput}) and the scaling of a sweep
 * from local[1] to local[2], each a child JVM so that it measures a whole, fresh Spark application;
 * the reducer's wall time and Spark jobs on an existing output, or on its cells replicated to 10^5
 * and more ({@code ReduceCost}).
 */
package org.deepdual.bench.sweep;
