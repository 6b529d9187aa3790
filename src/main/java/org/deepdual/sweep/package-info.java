/**
 * The distributed layer: sweep specs, cells and their ids, the Spark job, result storage with
 * exactly-once commits, resume and the nightly study.
 */
package org.deepdual.sweep;
