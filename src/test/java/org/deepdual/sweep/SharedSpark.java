package org.deepdual.sweep;

import org.apache.spark.sql.SparkSession;

/**
 * The one local[2] SparkSession every test class shares (a new one costs 5–10 s). Surefire runs
 * all classes in one JVM (forkCount 1, reuseForks), so the session lives until the JVM exits.
 */
public final class SharedSpark {
    private static SparkSession session;

    private SharedSpark() {
    }

    public static synchronized SparkSession get() {
        if (session == null || session.sparkContext().isStopped()) {
            session = SparkSession.builder().master("local[2]").appName("deepdual-tests")
                    .config("spark.ui.enabled", "false")
                    .config("spark.driver.host", "127.0.0.1")
                    .config("spark.driver.bindAddress", "127.0.0.1")
                    .config("spark.sql.shuffle.partitions", "4")
                    .config("spark.serializer", "org.apache.spark.serializer.KryoSerializer")
                    .getOrCreate();
        }
        return session;
    }
}
