/**
 * The convex solvers as Spark ML estimators (docs/ml.md): {@link org.deepdual.ml.ConvexReluRegressor}
 * (relu2), {@link org.deepdual.ml.DeepLinearRegressor} (linear), {@link org.deepdual.ml.BatchNormRegressor}
 * (bn) and {@link org.deepdual.ml.ReluSplineRegressor} (relu-1d). Each collects its training rows to the
 * driver, solves the cell by the same entry point as the {@code solve} command ({@link org.deepdual.ml.CellSolve}),
 * and returns a model that predicts with the optimal network and carries the cell's certificate.
 *
 * <p>Layering: ml sits beside the sweep, not on it. It uses data, model, solve and train (the relu2
 * seeding that the {@code solve} command applies) and Spark ML; it needs nothing of the sweep's
 * planning, output or reduction, so it does not import {@code org.deepdual.sweep}.
 */
package org.deepdual.ml;
