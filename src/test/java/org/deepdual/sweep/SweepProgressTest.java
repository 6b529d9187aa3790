package org.deepdual.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The progress line: done of total (cells already present count as done), failures, rate and ETA. */
class SweepProgressTest {
    @Test
    void lineCountsPresentCellsAsDoneAndEstimatesTheRest() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        AtomicLong computed = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        try (SweepProgress p = new SweepProgress(new PrintStream(bytes, true, StandardCharsets.UTF_8), "q", 1000, 400,
                computed::get, failed::get, 60_000)) {
            assertTrue(p.line().startsWith("[sweep q] 400/1000 cells (40.0%), 0 failed, 0.0 cells/s, ETA unknown"),
                    p.line());
            Thread.sleep(200);
            computed.set(300);
            failed.set(7);
            p.batches(3, 5);
            String line = p.line();
            assertTrue(line.startsWith("[sweep q] 700/1000 cells (70.0%), 7 failed, "), line);
            double rate = Double.parseDouble(line.replaceAll(".* failed, ([0-9.]+) cells/s.*", "$1"));
            assertTrue(rate > 0 && rate <= 300 / 0.2, "rate " + rate);
            assertTrue(line.endsWith(", batch 3/5 published"), line);
        }
        assertTrue(bytes.toString(StandardCharsets.UTF_8).contains("700/1000"), "the closing line is printed");
        assertEquals("1 min 5 s", SweepProgress.duration(65));
        assertEquals("2 h 0 min", SweepProgress.duration(7200));
    }
}
