/**
 * Benchmarks of the local solves (issue "benchmarks"): cells per second after preparation, the
 * certified solve against the non-convex baselines (ours and PyTorch's) on the same data and
 * objective, and native against pure-Java BLAS. Measurements, never tests; no Spark here.
 */
package org.deepdual.solve.bench;
