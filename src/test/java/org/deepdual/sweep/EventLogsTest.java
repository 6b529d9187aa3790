package org.deepdual.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every sweep logs its Spark events into OUTPUT/_events/ unless the user chose otherwise, in either place they can. */
class EventLogsTest {
    @TempDir
    Path tmp;

    private SweepOutput output() {
        return SweepOutput.resolve(tmp.resolve("out").toString(), new Configuration(), "test: output");
    }

    @Test
    void byDefaultEventsGoUnderTheOutputWhoseDirectoryIsCreated() {
        Map<String, String> s = EventLogs.defaults(new SparkConf(false), Map.of(), output());
        assertEquals("true", s.get("spark.eventLog.enabled"));
        assertEquals(tmp.resolve("out/_events").toUri().getPath().replaceAll("/$", ""),
                java.net.URI.create(s.get("spark.eventLog.dir")).getPath(), s.toString());
        assertTrue(Files.isDirectory(tmp.resolve("out/_events")), "Spark refuses a missing log directory");
    }

    @Test
    void aDirectoryTheUserChoseIsKeptInTheSpecOrTheSubmittedConf() {
        Map<String, String> spec = EventLogs.defaults(new SparkConf(false), Map.of("spark.eventLog.dir", "hdfs:///logs"), output());
        assertEquals(Map.of("spark.eventLog.enabled", "true"), spec);
        SparkConf submitted = new SparkConf(false).set("spark.eventLog.dir", "file:/var/log/spark").set("spark.eventLog.enabled", "true");
        assertEquals(Map.of(), EventLogs.defaults(submitted, Map.of(), output()));
        assertFalse(Files.exists(tmp.resolve("out/_events")), "no directory of ours when the user chose one");
    }

    @Test
    void loggingTheUserTurnedOffStaysOff() {
        assertEquals(Map.of(), EventLogs.defaults(new SparkConf(false), Map.of("spark.eventLog.enabled", "false"), output()));
        assertEquals(Map.of(), EventLogs.defaults(new SparkConf(false).set("spark.eventLog.enabled", " FALSE"), Map.of(), output()));
        assertFalse(Files.exists(tmp.resolve("out/_events")));
        Map<String, String> specWins = EventLogs.defaults(new SparkConf(false).set("spark.eventLog.enabled", "false"),
                Map.of("spark.eventLog.enabled", "true"), output());
        assertEquals("true", specWins.get("spark.eventLog.enabled"), "the spec's spark: map is applied last, so it wins");
    }
}
