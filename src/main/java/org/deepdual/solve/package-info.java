/**
 * The registry of the local convex dual solves: {@link org.deepdual.solve.Solvers} picks the family of
 * a setting (sub-packages {@code linear}, {@code whitened}, {@code rankone}, {@code batchnorm},
 * {@code relu2}, {@code spline}, all on {@code core}) and applies the width rule. Pure Java; never
 * imports Spark.
 */
package org.deepdual.solve;
