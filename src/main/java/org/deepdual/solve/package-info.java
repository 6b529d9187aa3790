/**
 * The local convex dual solves: one {@link org.deepdual.solve.DualSolver} per setting of the paper
 * (math.md sections 4 to 9), the explicit optimal {@link org.deepdual.solve.Network} and its
 * certificate. Pure Java on {@code linalg} and {@code data}; never imports Spark.
 */
package org.deepdual.solve;
