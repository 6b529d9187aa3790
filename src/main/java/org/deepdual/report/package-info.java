/**
 * The report of a sweep: figures (JFreeChart, headless) and a self-contained HTML page built from
 * {@code OUTPUT/cells/}, {@code datasets/} and {@code trajectories/}. {@link org.deepdual.report.SweepResults}
 * is the only class that knows the column names; Spark is used only to read them. The few figures
 * whose content is not in the rows (class means, 1-D fits) re-solve their cells with the sweep's
 * solvers on data rebuilt from the spec as run.
 */
package org.deepdual.report;
