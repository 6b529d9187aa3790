package org.deepdual.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.deepdual.data.Dataset;
import org.deepdual.linalg.Matrix;
import org.deepdual.model.Problem;
import org.deepdual.model.Setting;
import org.deepdual.solve.Solvers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The deep 1-D figure (docs/theory.md §7.3) on networks whose measures are known: with the solve
 * package's relu-1d-deep answer (the two-layer optimum embedded at depth L, a spline with knots at the
 * data) every depth's caption reports no kink off the data, and the objective against P₂ is the
 * embedding's.
 */
class DeepSplineFitChartTest {
    @TempDir
    Path tmp;

    @Test
    void embeddedSplinesAreDrawnPerBetaWithNoKinkOffTheData() throws Exception {
        Dataset data = new Dataset("seven", Matrix.column(new double[] {-1.5, -1.0, -0.25, 0.0, 0.5, 1.25, 2.0}),
                Matrix.column(new double[] {0.5, -1.0, 0.75, 1.5, -0.25, -1.75, 0.25}), Optional.empty(), "seven");
        CellNetworks networks = new CellNetworks(name -> Optional.of(data), Solvers::solve);
        List<CellRow> rows = new ArrayList<>();
        for (double beta : new double[] {0.05, 0.5}) {
            for (int depth : new int[] {3, 4}) {
                CellParameters p = new CellParameters("seven", "relu-1d-deep", Optional.empty(), "wd", beta, depth,
                        Double.NaN, OptionalInt.empty(), 0);
                double value = Solvers.solve(data, Problem.wd(Setting.RELU_1D_DEEP, beta, depth)).primal().getAsDouble();
                rows.add(new CellRow("c" + beta + depth, p, "BOUNDS", Optional.empty(), false, value, Double.NaN,
                        Double.NaN, value, Double.NaN, CellRow.LayerStats.empty(), CellRow.AlignmentStats.empty(),
                        Double.NaN, Optional.empty(), Optional.empty(), 1));
            }
        }
        PanelKey panel = new PanelKey("seven", "relu-1d-deep", Optional.empty(), "wd", Double.NaN, OptionalInt.empty());
        List<FigureOutcome> figs = DeepSplineFitChart.draw(panel, rows, networks, tmp);
        assertEquals(2, figs.size(), "one figure per β");
        for (FigureOutcome f : figs) {
            assertTrue(f.figure().isPresent(), f.note().orElse(""));
            String caption = f.figure().get().caption();
            assertEquals(2, caption.split("kinks off the data 0 ", -1).length - 1, caption);
            assertTrue(caption.contains("L = 3: objective") && caption.contains("L = 4: objective"), caption);
        }
        try (var files = Files.list(tmp)) {
            assertEquals(2, files.filter(q -> q.getFileName().toString().startsWith("fit1d_deep_")).count());
        }
        assertTrue(DeepSplineFitChart.draw(panel, List.of(), networks, tmp).get(0).note().orElse("")
                .contains("no trained (BOUNDS) cell"));
    }
}
