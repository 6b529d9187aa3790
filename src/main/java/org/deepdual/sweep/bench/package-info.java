/**
 * Benchmarks of the sweep (run by hand, never as unit tests): throughput and scaling of a spec on a
 * given Spark master. Results are checked in next to the benchmark.
 */
package org.deepdual.sweep.bench;
