/**
 * The non-convex baseline: full-batch gradient training (GD with Armijo backtracking, Adam,
 * L-BFGS) of the same network and objective as the solvers, with trajectories of the section 10
 * statistics. Pure Java on {@code solve}, {@code data} and {@code stats}; never imports Spark.
 */
package org.deepdual.train;
