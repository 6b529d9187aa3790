package org.deepdual.report;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;
import org.deepdual.data.Dataset;
import org.deepdual.data.Labels;
import org.deepdual.linalg.Matrix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The figures recomputed from the data go through the sweep's real solvers: the BN optimum on
 * balanced one-hot whitened data puts the class means on a simplex ETF (docs/theory.md §8).
 */
class RecomputedFiguresTest {
    @TempDir
    Path tmp;

    private static Dataset whitenedOneHot() {
        int n = 12;
        int[] lab = new int[n];
        double[][] y = new double[n][3];
        for (int i = 0; i < n; i++) {
            lab[i] = i % 3;
            y[i][i % 3] = 1;
        }
        return new Dataset("w", Matrix.identity(n).padTo(n, 20), Matrix.ofRows(y), Optional.of(Labels.of(lab)),
                "w-fp");
    }

    @Test
    void bnOptimumRebuiltWithTheRealSolverCollapsesToTheSimplexEtf() {
        Dataset data = whitenedOneHot();
        CellNetworks networks = new CellNetworks(name -> Optional.of(data));
        CellParameters p = new CellParameters("w", "bn", Optional.of("relu"), "wd", 0.5, 3, Double.NaN,
                OptionalInt.empty(), 0);
        CellNetworks.Result r = networks.rebuild(p);
        assertTrue(r.network().isPresent(), r.why().orElse(""));
        ClassMeanGeometry g = ClassMeanGeometry.of(r.network().get().features(data.x()), data.labels().get(), 2);
        assertTrue(g.etfDeviation() < 1e-8, "distance to the simplex ETF " + g.etfDeviation());
        CellRow row = new CellRow("c", p, "OPTIMAL", Optional.empty(), true, 1, 1, 0, 1, Double.NaN,
                CellRow.LayerStats.empty(), CellRow.AlignmentStats.empty(), Double.NaN, Optional.empty(),
                Optional.empty(), 3);
        FigureOutcome f = ClassMeansChart.draw(row, networks, tmp);
        assertTrue(f.figure().isPresent(), f.note().orElse(""));
        assertTrue(f.figure().get().caption().contains("Relative distance to it: "), f.figure().get().caption());
    }

    @Test
    void aMissingDataSetGivesANoteNotAnException() {
        CellNetworks networks = new CellNetworks(DatasetSource.none());
        CellParameters p = new CellParameters("absent", "bn", Optional.of("relu"), "wd", 0.5, 3, Double.NaN,
                OptionalInt.empty(), 0);
        CellRow row = new CellRow("c", p, "OPTIMAL", Optional.empty(), true, 1, 1, 0, 1, Double.NaN,
                CellRow.LayerStats.empty(), CellRow.AlignmentStats.empty(), Double.NaN, Optional.empty(),
                Optional.empty(), 3);
        FigureOutcome f = ClassMeansChart.draw(row, networks, tmp);
        assertTrue(f.note().orElse("").contains("data set 'absent' is not available"), f.toString());
    }
}
