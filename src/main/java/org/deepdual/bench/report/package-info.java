/**
 * Benchmarks of the HTML report (run by hand, never as unit tests): its weight on disk, the bytes a
 * browser loads before the first scroll and its time to first render in headless Chromium
 * ({@code ReportLoadBenchmark}).
 */
package org.deepdual.bench.report;
