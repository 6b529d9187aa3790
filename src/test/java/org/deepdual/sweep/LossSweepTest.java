package org.deepdual.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sweep with the same relu-1d path under the squared, logistic and hinge losses, and a linear cross-entropy path on
 * a Gaussian mixture with one-hot targets (docs/theory.md §14): every cell
 * is certified, cells/ carries the loss and the margins, the three losses get distinct ids, and the summaries keep
 * the losses apart (one by_beta row per loss and β).
 */
class LossSweepTest {
    @TempDir
    Path dir;

    static String spec(Path out) {
        return String.join("\n", "name: losses", "output: " + out, "data:", "  - name: line", "    generator: one-d",
                "    n: 12", "    targets: signed", "    seed: 3",
                "  - name: blobs", "    generator: mixture", "    n: 24", "    d: 3", "    classes: 3", "    seed: 4",
                "settings:",
                "  - name: relu-1d", "    data: [line]", "    depth: [2]",
                "  - name: relu-1d", "    data: [line]", "    depth: [2]", "    loss: logistic",
                "  - name: relu-1d", "    data: [line]", "    depth: [2]", "    loss: hinge",
                "  - name: linear", "    data: [blobs]", "    depth: [2]", "    loss: cross-entropy",
                "beta: [0.05, 0.5, 2.0]", "seeds: [0]", "");
    }

    @Test
    void eachLossIsItsOwnCertifiedCellAndSummaryRow() {
        Path out = dir.resolve("out");
        SweepResult r = SweepFixtures.run(spec(out), SweepFixtures.quiet());
        assertEquals(12, r.totalCells());
        List<Row> rows = SweepFixtures.cells(out);
        assertEquals(12, rows.size());
        assertEquals(12, new HashSet<>(rows.stream().map(x -> x.<String>getAs("cell_id")).toList()).size());
        Set<String> losses = new HashSet<>();
        for (Row x : rows) {
            String loss = x.getAs("loss");
            losses.add(loss);
            assertEquals("OPTIMAL", x.getAs("status"), loss + " " + x.getAs("beta") + ": " + x.getAs("reason"));
            assertTrue(x.<Boolean>getAs("certified"));
            double primal = x.getAs("primal");
            assertTrue(x.<Double>getAs("gap") <= 1e-8 * Math.max(1, primal), loss + ": gap " + x.getAs("gap"));
            assertEquals(primal, x.<Double>getAs("forward_primal"), 1e-12 * Math.max(1, primal));
            if (loss.equals("squared")) {
                assertTrue(x.isNullAt(x.fieldIndex("margin_accuracy")), "no margins for the squared loss");
            } else {
                double accuracy = x.getAs("margin_accuracy");
                assertTrue(accuracy >= 0 && accuracy <= 1, loss + ": accuracy " + accuracy);
            }
        }
        assertEquals(Set.of("squared", "logistic", "hinge", "cross-entropy"), losses);
        SweepReducer.reduce(SharedSpark.get(), SweepOutput.resolve(out.toString(), new Configuration(), "o"));
        List<Row> byBeta = SharedSpark.get().read().parquet(out.resolve("summary/by_beta").toString()).collectAsList();
        assertEquals(12, byBeta.size(), "one row per (setting, loss, beta)");
        assertEquals(Set.of("squared", "logistic", "hinge", "cross-entropy"),
                new HashSet<>(byBeta.stream().map(x -> x.<String>getAs("loss")).toList()));
        List<Row> byPath = SharedSpark.get().read().parquet(out.resolve("summary/by_path").toString()).collectAsList();
        assertEquals(4, byPath.size(), "one path per setting and loss");
        for (Row x : byPath) {
            // ½‖Y‖² bounds squared-loss values only; the other losses are not judged against it
            Object above = x.getAs("above_zero_network");
            assertTrue(above == null || ((Number) above).longValue() == 0, x.getAs("loss") + ": " + above);
        }
    }
}
