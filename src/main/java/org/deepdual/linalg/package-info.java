/**
 * Dense linear algebra: the {@link org.deepdual.linalg.Matrix} type and the decompositions the
 * solvers need. The only package that touches Breeze and dev.ludovic.netlib; it imports nothing
 * from Spark.
 */
package org.deepdual.linalg;
