/**
 * Benchmarks of the local solves (issues "solvers" and "benchmarks"): cells per second after
 * preparation, the certified solve against the non-convex baselines (ours and PyTorch's) on the same
 * data and objective, and native against pure-Java BLAS; also the stand-alone main programs
 * ({@code SolverThroughput}, {@code Relu2Benchmark}). Measurements, never tests. Pure Java like
 * {@code solve}; never imports Spark.
 */
package org.deepdual.bench.solve;
