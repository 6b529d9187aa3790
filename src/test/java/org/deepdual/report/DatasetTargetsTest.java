package org.deepdual.report;

import static org.deepdual.Approx.assertRel;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Optional;
import org.deepdual.data.Dataset;
import org.deepdual.linalg.Matrix;
import org.junit.jupiter.api.Test;

/** Thresholded values computed from data against the golden values of docs/theory.md §5 and §6. */
class DatasetTargetsTest {
    @Test
    void whitenedVectorOutputGivesTheSingularValuesOfUrTransposeY() {
        // X = 2·[I_3 0] (common singular value c = 2), Y as in the golden values of docs/theory.md §5
        Matrix x = Matrix.identity(3).scale(2).padTo(3, 5);
        Matrix y = Matrix.ofRows(new double[][] {{3, 0}, {0, 1}, {1, 1}});
        Map<String, double[]> t = DatasetTargets.of(new Dataset("w", x, y, Optional.empty(), "fp"));
        double[] z = t.get("linear_targets");
        assertEquals(2, z.length);
        assertRel(3.1816828292, z[0], 1e-9, "z_1");
        assertRel(1.3699979469, z[1], 1e-9, "z_2");
        DatasetInfo info = new DatasetInfo("w", "fp", 3, 5, 2, t.get("singular_values"), t);
        assertRel(2.0, info.commonSingularValue().orElseThrow(), 1e-12, "c");
        var prediction = RankPrediction.forPanel(new PanelKey("w", "linear", Optional.empty(), "wd", Double.NaN,
                java.util.OptionalInt.empty()), Optional.of(info)).orElseThrow();
        // L = 2: z_i is on iff z_i > s*(2, β c^{-2/2}) = β/c
        assertEquals(2, prediction.predictedRank(2, 2 * 1.3));
        assertEquals(1, prediction.predictedRank(2, 2 * 1.4));
    }

    @Test
    void scalarTargetsGiveTheSignedPathTargets() {
        Matrix x = Matrix.identity(4);
        Matrix y = Matrix.column(2, -1, 0.5, -0.5);
        double[] a = DatasetTargets.of(new Dataset("s", x, y, Optional.empty(), "fp")).get("path_targets");
        assertRel(2.0615528128, a[0], 1e-9, "a_+");
        assertRel(1.1180339887, a[1], 1e-9, "a_-");
    }

    @Test
    void recordedValuesWinOverComputedOnes() {
        Matrix x = Matrix.identity(2);
        Dataset d = new Dataset("s", x, Matrix.column(1, -1), Optional.empty(), "fp");
        DatasetInfo recorded = new DatasetInfo("s", "fp", 2, 2, 1, new double[] {1, 1},
                Map.of("path_targets", new double[] {9, 9}));
        DatasetInfo merged = recorded.withComputed(d, DatasetTargets.of(d));
        assertEquals(9.0, merged.vector(java.util.List.of("path_targets")).orElseThrow()[0]);
        assertTrue(merged.vector(java.util.List.of("y_singular_values")).isPresent());
    }
}
