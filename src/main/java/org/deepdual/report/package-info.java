/**
 * The reducer's aggregates over a sweep's cells, the figures (JFreeChart, headless) and the
 * self-contained HTML report.
 */
package org.deepdual.report;
