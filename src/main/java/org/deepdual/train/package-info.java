/**
 * The non-convex baseline: gradient training (GD with backtracking, Adam, L-BFGS) of the same
 * network and objective as the solvers, with trajectories. Pure Java; never imports Spark.
 */
package org.deepdual.train;
