package org.deepdual.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The progress of reduce and report: steps of a known number, items done of a step's total, an ETA once
 * something is done, a closing line; and the reducer on a real small output prints its steps in order.
 */
public class StepProgressTest {
    private static final Pattern STEP = Pattern.compile("step (\\d+)/(\\d+)");
    private static final Pattern ITEMS = Pattern.compile(", (\\d+)/(\\d+) items");

    @TempDir
    Path tmp;

    @Test
    void stepsAndItemsCountUpWithAnEtaOnceSomethingIsDone() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (StepProgress p = new StepProgress(new PrintStream(bytes, true, StandardCharsets.UTF_8), "report q", 3,
                null, 60_000)) {
            p.step("reading", 0);
            assertTrue(p.line().startsWith("[report q] step 1/3 reading, ") && p.line().endsWith("ETA unknown"),
                    p.line());
            Thread.sleep(50);
            p.step("figures", 4);
            for (int i = 0; i < 4; i++) {
                Thread.sleep(10);
                p.item("panel " + i);
            }
            p.step("index.html", 0);
            assertThrows(IllegalStateException.class, () -> p.step("a fourth", 0));
        }
        List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
        assertMonotonic(lines, 3);
        assertTrue(lines.get(2).matches("\\[report q] step 2/3 figures: panel 0, 1/4 items, .*, ETA [0-9]+ s for this"
                + " step"), lines.get(2));
        assertTrue(lines.get(5).contains("4/4 items, ") && lines.get(5).contains("ETA 0 s"), lines.get(5));
        assertTrue(lines.get(lines.size() - 1).startsWith("[report q] done: 3/3 steps in "), lines.toString());
    }

    @Test
    void theReducerPrintsItsStepsInOrder() throws Exception {
        Path out = tmp.resolve("out");
        SweepFixtures.run(SweepFixtures.smallSpec(out).replace("count: 4", "count: 2"), SweepFixtures.quiet());
        PrintStream err = System.err;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setErr(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            SweepReducer.reduce(SharedSpark.get(), SweepOutput.resolve(out.toString(),
                    SharedSpark.get().sparkContext().hadoopConfiguration(), "out"));
        } finally {
            System.setErr(err);
        }
        List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().filter(l -> l.startsWith("[reduce "))
                .toList();
        assertMonotonic(lines, 3);
        assertTrue(lines.stream().anyMatch(l -> l.contains("step 1/3 summary/by_beta")), lines.toString());
        assertTrue(lines.stream().anyMatch(l -> l.contains("step 3/3 summary.csv")), lines.toString());
        assertTrue(lines.get(lines.size() - 1).contains("done: 3/3 steps in "), lines.toString());
    }

    /** Step numbers never go down, item counts never go down within a step, every line names the total. */
    public static void assertMonotonic(List<String> lines, int steps) {
        int step = 0;
        int items = 0;
        for (String l : lines) {
            Matcher s = STEP.matcher(l);
            if (!s.find()) {
                continue;
            }
            assertEquals(steps, Integer.parseInt(s.group(2)), l);
            int now = Integer.parseInt(s.group(1));
            assertTrue(now >= step, "step went down: " + lines);
            if (now > step) {
                items = 0;
            }
            step = now;
            Matcher i = ITEMS.matcher(l);
            if (i.find()) {
                int n = Integer.parseInt(i.group(1));
                assertTrue(n >= items, "items went down: " + lines);
                items = n;
            }
        }
        assertEquals(steps, step, "every step was announced: " + lines);
    }
}
