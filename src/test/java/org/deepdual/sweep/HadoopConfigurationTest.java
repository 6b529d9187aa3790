package org.deepdual.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;

/** The output is checked before the session starts, with the Hadoop settings the session will have. */
class HadoopConfigurationTest {

    @Test
    void specAndSystemPropertiesReachTheConfigurationAndTheSpecWins() {
        String key = "spark.hadoop.fs.s3a.endpoint";
        String before = System.getProperty(key);
        System.setProperty(key, "http://127.0.0.1:1");
        System.setProperty("spark.hadoop.fs.s3a.path.style.access", "true");
        try {
            Configuration fromSubmit = SweepSession.hadoopConfiguration(Map.of());
            assertEquals("http://127.0.0.1:1", fromSubmit.get("fs.s3a.endpoint"));
            assertEquals("true", fromSubmit.get("fs.s3a.path.style.access"));
            Configuration fromSpec = SweepSession.hadoopConfiguration(Map.of(key, "http://127.0.0.1:2",
                    "spark.sql.shuffle.partitions", "4"));
            assertEquals("http://127.0.0.1:2", fromSpec.get("fs.s3a.endpoint"), "the spec's spark: map comes last");
            assertNull(fromSpec.get("sql.shuffle.partitions"), "only spark.hadoop.* settings become Hadoop's");
        } finally {
            System.clearProperty("spark.hadoop.fs.s3a.path.style.access");
            if (before == null) {
                System.clearProperty(key);
            } else {
                System.setProperty(key, before);
            }
        }
    }
}
