package org.deepdual.sweep;

/**
 * How a task obtains its data set: the driver's arrays as a Spark broadcast (default), or rebuilt
 * from the spec on each executor JVM (no transfer, but every executor repeats generation or file
 * reading and preprocessing, and needs the files). Either way the data and its preparation are
 * cached per executor JVM by fingerprint.
 */
public enum DataShipping {
    BROADCAST, REBUILD
}
