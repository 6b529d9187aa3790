/**
 * Benchmarks, above everything they measure and below the command line: {@code bench.solve} (local
 * solves, convex against training, BLAS) and {@code bench.sweep} (sweep scaling, reducer cost).
 * Measurements, never tests.
 */
package org.deepdual.bench;
