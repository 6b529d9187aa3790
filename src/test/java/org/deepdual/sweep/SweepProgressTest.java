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

    @Test
    void everyPublishedBatchPrintsTheLineAndTheLastOneIsNotRepeatedOnClose() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        AtomicLong computed = new AtomicLong();
        try (SweepProgress p = new SweepProgress(new PrintStream(bytes, true, StandardCharsets.UTF_8), "q", 20, 0,
                computed::get, () -> 1, 60_000)) {
            computed.set(10);
            p.batches(1, 2);
            assertTrue(p.counts().matches("[0-9.]+ cells/s, 10/20 cells, 1 failed"), p.counts());
            computed.set(20);
            p.batches(2, 2);
        }
        String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n");
        assertEquals(2, lines.length, String.join("\n", lines));
        assertTrue(lines[0].startsWith("[sweep q] 10/20 cells") && lines[0].endsWith("batch 1/2 published"), lines[0]);
        assertTrue(lines[1].startsWith("[sweep q] 20/20 cells") && lines[1].endsWith("batch 2/2 published"), lines[1]);
    }
}
