/**
 * Structure statistics of weights and features (math.md section 10): norms, ranks, alignment,
 * balance and Neural Collapse. Pure Java on {@code linalg}; never imports Spark.
 */
package org.deepdual.stats;
