/**
 * Structure statistics of weights and features (docs/theory.md §10): per-layer norms, ranks and
 * stable ranks, alignment between consecutive layers, balance, data alignment and Neural Collapse
 * through a mergeable class-moments accumulator. Pure Java on {@code linalg}; never imports Spark.
 */
package org.deepdual.stats;
