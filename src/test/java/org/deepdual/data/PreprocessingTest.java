package org.deepdual.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.deepdual.linalg.Decompositions;
import org.deepdual.linalg.Matrix;
import org.deepdual.linalg.SymmetricEigen;
import org.junit.jupiter.api.Test;

/** Centering, scaling, whitening and the bias column, each recorded in the fingerprint. */
class PreprocessingTest {
    private static final Dataset GAUSS = DatasetFactory.build(DatasetSpec.generated("g", "gaussian", 20, 50, 1, 3));

    @Test
    void centeringZeroesTheColumnMeans() {
        Dataset shifted = GAUSS.derive("shift", GAUSS.x().map(v -> v + 5), GAUSS.y());
        Dataset c = Preprocessing.center(shifted);
        for (int j = 0; j < c.d(); j++) {
            double mean = 0;
            for (double v : c.x().column(j)) {
                mean += v;
            }
            assertEquals(0, mean / c.n(), 1e-14, "mean of column " + j);
        }
        assertEquals(shifted.fingerprint() + "|center", c.fingerprint());
        assertEquals(GAUSS.y(), c.y(), "Y unchanged");
    }

    @Test
    void scalingGivesUnitRootMeanSquareAndLeavesZeroColumnsAlone() {
        Matrix x = Matrix.ofRows(new double[][] {{1, 0, 10}, {3, 0, -20}, {-2, 0, 30}});
        Dataset d = new Dataset("s", x, Matrix.column(1.0, 2.0, 3.0), Optional.empty(), "test");
        Dataset s = Preprocessing.scale(d);
        assertEquals(1 / Math.sqrt((1 + 9 + 4) / 3.0), s.x().get(0, 0), 1e-15, "x_00 / rms(column 0)");
        for (int j : new int[] {0, 2}) {
            double ms = 0;
            for (double v : s.x().column(j)) {
                ms += v * v;
            }
            assertEquals(1.0, ms / 3, 1e-15, "mean square of column " + j);
        }
        assertEquals(Matrix.column(0.0, 0.0, 0.0), s.x().columns(1, 2), "the all-zero column stays zero");
        assertEquals("test|scale", s.fingerprint());
    }

    @Test
    void whiteningGivesOrthonormalRowsAndIsThePolarFactor() {
        Dataset w = Preprocessing.whiten(GAUSS);
        assertTrue(Preprocessing.rowOrthonormalityError(w.x()) <= 1e-12, "‖XXᵀ − I‖ = "
                + Preprocessing.rowOrthonormalityError(w.x()));
        // X_w = (XXᵀ)^{-1/2} X, so X X_wᵀ = (XXᵀ)^{1/2}: symmetric positive definite, and its square is XXᵀ
        Matrix root = GAUSS.x().times(w.x().transpose());
        assertTrue(root.minus(root.transpose()).maxAbs() <= 1e-12 * root.maxAbs(), "X X_wᵀ symmetric");
        SymmetricEigen e = Decompositions.eigSym(root.plus(root.transpose()).scale(0.5));
        assertTrue(e.values()[0] > 0, "X X_wᵀ positive definite, smallest eigenvalue " + e.values()[0]);
        Matrix gram = GAUSS.x().times(GAUSS.x().transpose());
        assertTrue(root.times(root).minus(gram).maxAbs() <= 1e-10 * gram.maxAbs(), "(X X_wᵀ)² = XXᵀ");
        assertEquals(GAUSS.fingerprint() + "|whiten", w.fingerprint());
    }

    @Test
    void whiteningRefusesDataWhoseRowsCannotBecomeOrthonormal() {
        Dataset tall = DatasetFactory.build(DatasetSpec.generated("tall", "gaussian", 30, 5, 1, 1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Preprocessing.whiten(tall));
        assertContains(e, "data 'tall'", "30x5", "rank is 5 < n = 30", "n = 30 > d = 5");
        Dataset rankOne = DatasetFactory.build(DatasetSpec.generated("r1", "rank-one", 5, 10, 1, 1));
        e = assertThrows(IllegalArgumentException.class, () -> Preprocessing.whiten(rankOne));
        assertContains(e, "data 'r1'", "rank is 1 < n = 5", "linearly dependent");
        DatasetSpec centered = DatasetSpec.generated("c", "gaussian", 5, 10, 1, 1).toBuilder().center(true)
                .whiten(true).build();
        e = assertThrows(IllegalArgumentException.class, () -> DatasetFactory.build(centered));
        assertContains(e, "rank is 4 < n = 5", "centering");
    }

    @Test
    void theFactoryAppliesTheStepsInOrderAndRecordsThem() {
        DatasetSpec spec = DatasetSpec.builder("all", "mixture").n(12).d(40).classes(3).seed(4).center(true)
                .scale(true).biasColumn(true).build();
        Dataset d = DatasetFactory.build(spec);
        assertTrue(d.fingerprint().endsWith("}|center|scale|bias"), d.fingerprint());
        assertEquals("12x41", d.x().shape());
        DatasetSpec whitened = DatasetSpec.builder("w", "gaussian").n(6).d(9).seed(4).scale(true).whiten(true)
                .biasColumn(true).build();
        Dataset w = DatasetFactory.build(whitened);
        assertTrue(w.fingerprint().endsWith("}|scale|whiten|bias"), w.fingerprint());
        assertTrue(Preprocessing.rowOrthonormalityError(w.x().columns(0, 9)) <= 1e-12);
    }

    static void assertContains(Exception e, String... parts) {
        for (String p : parts) {
            assertTrue(e.getMessage().contains(p), "message '" + e.getMessage() + "' should contain '" + p + "'");
        }
    }
}
