/**
 * The trend page of a nightly study ({@code OUTPUT/trend/}, docs/output.md): every {@code date=} night's
 * paths side by side, with drift, failed nights and links to each night's report. It reads the nights'
 * {@code cells/}, {@code drift.csv}, {@code FAILED} and {@code spec.yaml}; it never changes a night.
 */
package org.deepdual.report.trend;
