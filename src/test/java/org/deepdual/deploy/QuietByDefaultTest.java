package org.deepdual.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Quiet by default (docs/operations.md): the launcher's stderr filter drops the JVM's incubator warning and
 * netlib's dlopen lines and passes everything else in order; both log4j2 configurations silence Hadoop's
 * native-library warning and Spark's plan truncation unless deepdual.noise.level (set by --verbose) says warn;
 * the launcher's --verbose skips the filter and is not passed on.
 */
class QuietByDefaultTest {
    private static final Path ROOT = ProjectBuild.read().root();

    @Test
    void theFilterDropsTheNoiseAndKeepsEverythingElseInOrder() throws Exception {
        Process p = new ProcessBuilder(ROOT.resolve("deploy/bin/quiet-stderr").toString()).start();
        String in = String.join("\n",
                "WARNING: Using incubator modules: jdk.incubator.vector",
                "17:16:04 INFO  SweepSession: linear algebra: BLAS dev.ludovic.netlib.blas.JNIBLAS",
                "dlopen failed: libopenblas.so.0: cannot open shared object file",
                "[sweep q] 10/20 cells (50.0%), 0 failed, 3.0 cells/s, ETA 3 s",
                "WARNING: something else the user must see",
                "");
        try (OutputStream o = p.getOutputStream()) {
            o.write(in.getBytes(StandardCharsets.UTF_8));
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(List.of("17:16:04 INFO  SweepSession: linear algebra: BLAS dev.ludovic.netlib.blas.JNIBLAS",
                "[sweep q] 10/20 cells (50.0%), 0 failed, 3.0 cells/s, ETA 3 s",
                "WARNING: something else the user must see"), out.lines().toList());
    }

    @Test
    void log4jSilencesTheKnownNoiseUnlessVerbose() throws Exception {
        for (String conf : List.of("conf/log4j2.properties", "conf/log4j2-submit.properties")) {
            Properties p = new Properties();
            try (var r = Files.newBufferedReader(ROOT.resolve(conf))) {
                p.load(r);
            }
            assertEquals("org.apache.hadoop.util.NativeCodeLoader", p.getProperty("logger.hadoopnative.name"), conf);
            assertEquals("org.apache.spark.util.SparkStringUtils", p.getProperty("logger.plantruncation.name"), conf);
            for (String logger : List.of("hadoopnative", "plantruncation")) {
                assertEquals("${sys:deepdual.noise.level:-error}", p.getProperty("logger." + logger + ".level"), conf);
            }
        }
        // the class Spark logs the truncation from: a renamed class would make the logger line a no-op
        Class.forName("org.apache.spark.util.SparkStringUtils");
        Class.forName("org.apache.hadoop.util.NativeCodeLoader");
        String launcher = Files.readString(ROOT.resolve("deploy/bin/deepdual"));
        assertTrue(launcher.contains("-Ddeepdual.noise.level=warn"), "--verbose brings the warnings back");
        assertTrue(launcher.contains("2> >(\"$ROOT/deploy/bin/quiet-stderr\" >&2)"), "stderr goes through the filter");
    }
}
