package org.deepdual.sweep;

import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * The Spark session of a sweep command: the given master ({@code local[*]} by default), the UI only
 * when {@code spark.ui.enabled} is set in the Spark configuration, the driver bound to 127.0.0.1
 * and 2 shuffle partitions per core for local masters, then the spec's {@code spark:} settings. For a cluster master started outside
 * spark-submit, the jar holding this class is shipped to the executors.
 */
public final class SweepSession {
    private SweepSession() {
    }

    public static SparkSession create(String master, String appName, Map<String, String> settings) {
        SparkConf conf = new SparkConf(); // spark.* system properties, as spark-submit passes them
        SparkSession.Builder b = SparkSession.builder().master(master).appName(appName);
        if (!conf.contains("spark.ui.enabled")) {
            b.config("spark.ui.enabled", "false");
        }
        if (master.startsWith("local")) {
            b.config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1");
            if (!conf.contains("spark.sql.shuffle.partitions")) {
                // the reducer's aggregations are small; 200 partitions would cost more than they compute
                b.config("spark.sql.shuffle.partitions", String.valueOf(2 * localCoresOf(master).orElse(2)));
            }
        } else if (!conf.contains("spark.jars")) {
            String jar = SweepSession.class.getProtectionDomain().getCodeSource().getLocation().getPath();
            if (jar.endsWith(".jar")) {
                b.config("spark.jars", jar);
            }
        }
        settings.forEach(b::config);
        return b.getOrCreate();
    }

    /** The number of cores a master string names (local[N], local[*]), or empty for cluster masters. */
    public static java.util.OptionalInt localCoresOf(String master) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("local(?:\\[(\\*|\\d+)(?:,\\d+)?])?").matcher(master);
        if (!m.matches()) {
            return java.util.OptionalInt.empty();
        }
        if (m.group(1) == null) {
            return java.util.OptionalInt.of(1);
        }
        return java.util.OptionalInt.of(m.group(1).equals("*") ? Runtime.getRuntime().availableProcessors()
                : Integer.parseInt(m.group(1)));
    }
}
