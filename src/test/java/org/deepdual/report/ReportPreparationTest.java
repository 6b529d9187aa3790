package org.deepdual.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicInteger;
import org.deepdual.data.Dataset;
import org.deepdual.model.Problem;
import org.deepdual.model.Setting;
import org.deepdual.model.Solution;
import org.deepdual.solve.Solvers;
import org.deepdual.solve.core.PreparedData;
import org.junit.jupiter.api.Test;

/**
 * The report re-solves cells on data prepared as the sweep prepared it: once per data set and setting, and for
 * deep linear data sets above the spec's Gram row threshold from XᵀX and XᵀY (no SVD of X, which ran out of a
 * 4 GB heap on the full Fashion-MNIST training set).
 */
class ReportPreparationTest {
    private static String spec(int gramRows) {
        return String.join("\n", "name: gram", "output: /tmp/unused", "data:",
                "  - name: wide", "    generator: gaussian", "    n: 240", "    d: 6", "    outputs: 2",
                "    seed: 9", "settings:", "  - name: linear", "    data: [wide]", "    depth: [2, 4]",
                "    objective: [wd]", "beta: {logspace: [1.0e-2, 1.0e+1], count: 3}", "seeds: [0]",
                "spark: {spark.deepdual.prepare.gramRows: \"" + gramRows + "\"}", "");
    }

    @Test
    void aboveTheRowThresholdTheCellsMatchTheDensePreparationAndArePreparedOnce() {
        SpecDatasets gram = SpecDatasets.of(Optional.of(spec(200)), "gram.yaml", Map.of());
        Dataset data = gram.dataset("wide").orElseThrow();
        PreparedData prepared = gram.prepared(Setting.LINEAR, data);
        assertSame(prepared, gram.prepared(Setting.LINEAR, data), "prepared once per data set and setting");
        PreparedData dense = Solvers.prepare(Setting.LINEAR, data);
        for (int depth : List.of(2, 3, 4)) {
            for (double beta : List.of(0.01, 0.3, 5.0)) {
                Problem p = Problem.wd(Setting.LINEAR, beta, depth);
                Solution a = Solvers.solve(prepared, p);
                Solution b = Solvers.solve(dense, p);
                assertEquals(b.status(), a.status(), p.toString());
                double pa = a.primal().orElseThrow();
                double pb = b.primal().orElseThrow();
                assertEquals(pb, pa, 1e-9 * Math.max(1, Math.abs(pb)), "primal of " + p);
            }
        }
    }

    @Test
    void cellNetworksReSolveOnTheSourcesPreparedData() {
        SpecDatasets below = SpecDatasets.of(Optional.of(spec(100_000)), "dense.yaml", Map.of());
        AtomicInteger preparations = new AtomicInteger();
        DatasetSource counting = new DatasetSource() {
            @Override
            public Optional<Dataset> dataset(String name) {
                return below.dataset(name);
            }

            @Override
            public PreparedData prepared(Setting setting, Dataset data) {
                preparations.incrementAndGet();
                return below.prepared(setting, data);
            }
        };
        CellNetworks networks = new CellNetworks(counting);
        for (double beta : List.of(0.05, 0.5)) {
            CellNetworks.Result r = networks.rebuild(new CellParameters("wide", "linear", Optional.empty(), "wd", beta,
                    3, Double.NaN, OptionalInt.empty(), 0, CellParameters.SQUARED));
            assertTrue(r.network().isPresent(), () -> "rebuilt: " + r.why());
        }
        assertEquals(2, preparations.get(), "each rebuild asks the source for the prepared data");
        Dataset data = below.dataset("wide").orElseThrow();
        assertSame(below.prepared(Setting.LINEAR, data), below.prepared(Setting.LINEAR, data));
    }
}
