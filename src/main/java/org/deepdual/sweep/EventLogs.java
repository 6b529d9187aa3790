package org.deepdual.sweep;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkConf;

/**
 * Spark event logs for every sweep, so a finished one can be inspected in a History Server
 * ({@code deploy/bin/history OUTPUT}). Unless the user configured event logging (spark-submit's properties
 * file or {@code --conf}, which reach the driver as {@code spark.*} system properties, or the spec's
 * {@code spark:} map), a sweep logs into {@code OUTPUT/_events/}. The directory is created here because
 * Spark refuses to start with a missing log directory. Its leading underscore keeps it out of every
 * reader's way: readers open named subdirectories ({@code cells/}, {@code summary/} ...), and Hadoop's
 * input listing skips {@code _}-prefixed paths.
 */
public final class EventLogs {
    /** The event log directory under an output root. */
    public static final String DIR = "_events";
    static final String ENABLED = "spark.eventLog.enabled";
    static final String LOG_DIR = "spark.eventLog.dir";

    private EventLogs() {
    }

    /**
     * The settings that turn event logging on into {@code output/_events/}, creating it. Empty when the user
     * turned logging off. Only {@code spark.eventLog.enabled} when the user chose a directory of their own.
     */
    public static Map<String, String> defaults(SparkConf submitted, Map<String, String> spec, SweepOutput output) {
        String enabled = spec.containsKey(ENABLED) ? spec.get(ENABLED) : submitted.get(ENABLED, null);
        if (enabled != null && enabled.strip().equalsIgnoreCase("false")) {
            return Map.of();
        }
        if (spec.containsKey(LOG_DIR) || submitted.contains(LOG_DIR)) {
            return enabled == null ? Map.of(ENABLED, "true") : Map.of();
        }
        Path dir = new Path(output.root(), DIR);
        try {
            output.fs().mkdirs(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the event log directory " + dir, e);
        }
        return Map.of(ENABLED, "true", LOG_DIR, dir.toString());
    }
}
