package org.deepdual.sweep;

import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * The Spark session of a sweep command: the given master ({@code local[*]} by default), the driver bound
 * to 127.0.0.1 and 2 shuffle partitions per core for local masters, event logs under the output
 * ({@link EventLogs}) for sweeps and nights, then the spec's {@code spark:} settings. For a cluster master
 * started outside spark-submit, the jar holding this class is shipped to the executors.
 *
 * <p>The UI is on unless {@code spark.ui.enabled} says otherwise, but only where {@code SPARK_LOCAL_IP} is
 * set: Spark binds its UI to that address (and to every interface without it), and deepdual's launchers
 * set it to 127.0.0.1. A JVM started some other way without it gets no UI rather than a public one.
 */
public final class SweepSession {
    private static boolean blasLogged;

    private SweepSession() {
    }

    /**
     * The Hadoop configuration a session will have, for checking an output before the session starts: the
     * {@code spark.hadoop.*} settings of spark-submit and system properties, then those of {@code settings}
     * (a spec's {@code spark:} map), which a bare Configuration would miss (an {@code s3a://} endpoint, say).
     */
    public static org.apache.hadoop.conf.Configuration hadoopConfiguration(Map<String, String> settings) {
        org.apache.hadoop.conf.Configuration conf = new org.apache.hadoop.conf.Configuration();
        Map<String, String> all = new java.util.LinkedHashMap<>();
        for (scala.Tuple2<String, String> kv : new SparkConf().getAll()) {
            all.put(kv._1(), kv._2());
        }
        all.putAll(settings);
        all.forEach((k, v) -> {
            if (k.startsWith("spark.hadoop.")) {
                conf.set(k.substring("spark.hadoop.".length()), v);
            }
        });
        return conf;
    }

    public static SparkSession create(String master, String appName, Map<String, String> settings) {
        return create(master, appName, settings, null);
    }

    /**
     * A session whose event log goes to {@code eventsUnder/_events/} unless the user configured event logging.
     * When a session already runs in this JVM (tests), it is reused, and its static settings, the event
     * log's included, cannot change: then no directory is created.
     */
    public static SparkSession create(String master, String appName, Map<String, String> settings, SweepOutput eventsUnder) {
        sayWhichBlasRuns();
        SparkConf conf = new SparkConf(); // spark.* system properties, as spark-submit passes them
        SparkSession.Builder b = SparkSession.builder().master(master).appName(appName);
        if (!conf.contains("spark.ui.enabled") && System.getenv("SPARK_LOCAL_IP") == null) {
            b.config("spark.ui.enabled", "false");
        }
        if (eventsUnder != null && SparkSession.getDefaultSession().isEmpty()) {
            EventLogs.defaults(conf, settings, eventsUnder).forEach(b::config);
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

    /** Once per JVM: the BLAS and LAPACK in use (netlib's own probing lines are filtered, docs/operations.md). */
    private static synchronized void sayWhichBlasRuns() {
        if (!blasLogged) {
            blasLogged = true;
            org.slf4j.LoggerFactory.getLogger(SweepSession.class).info("linear algebra: {}",
                    org.deepdual.linalg.LinalgBackend.describe());
        }
    }

    /**
     * The master spark-submit chose (its {@code spark.master} system property), else {@code local[*]}: a
     * command must not override it, or a sweep submitted to a cluster would run inside its driver.
     */
    public static String submittedMaster() {
        return new SparkConf().get("spark.master", "local[*]");
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
