/**
 * Throughput measurements of the local solves (main programs, not tests). Pure Java like
 * {@code solve}; never imports Spark.
 */
package org.deepdual.solve.bench;
