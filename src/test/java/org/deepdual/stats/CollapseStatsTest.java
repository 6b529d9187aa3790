package org.deepdual.stats;

import static org.deepdual.Approx.assertAbs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.deepdual.data.Labels;
import org.deepdual.linalg.Decompositions;
import org.deepdual.linalg.Matrix;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class CollapseStatsTest {

    /**
     * Features at orthogonal, equal-norm uncentred class means c·Q e_k (Q a random rotation of R^m),
     * classifier ∝ those means (docs/theory.md §8: the collapsed optimum of the BN network).
     */
    @ParameterizedTest
    @ValueSource(ints = {2, 3, 4, 6})
    void simplexEtfConfigurationIsCollapsed(int k) {
        int m = k + 3;
        int perClass = 4;
        Random r = new Random(k);
        Matrix q = Decompositions.thinSvd(BalanceAndDataAlignmentTest.randomMatrix(r, m, m)).u();
        double c = 1.7;
        double[][] rows = new double[k * perClass][];
        int[] y = new int[k * perClass];
        for (int i = 0; i < y.length; i++) {
            y[i] = i % k;
            rows[i] = scaled(q.column(y[i]), c);
        }
        Matrix classifier = q.columns(0, k).scale(0.37);
        CollapseStats s = CollapseStats.of(Matrix.ofRows(rows), classifier, Labels.of(y));
        assertTrue(s.reason().isEmpty(), s.reason().orElse(""));
        assertAbs(0.0, s.nc1(), 1e-10, "nc1");
        assertAbs(0.0, s.nc2Equinorm(), 1e-10, "nc2 equinorm");
        assertAbs(0.0, s.nc2Equiangular(), 1e-10, "nc2 equiangular");
        assertAbs(0.0, s.nc2EtfDev(), 1e-10, "nc2 etf deviation");
        assertAbs(0.0, s.nc3Centered(), 1e-10, "nc3 centred");
        assertAbs(0.0, s.nc4(), 0, "nc4");
        assertAbs(1.0, s.trainAccuracy(), 0, "accuracy");
        assertAbs(Math.sqrt(2 - 2 * Math.sqrt((k - 1.0) / k)), s.nc3Raw(), 1e-10, "nc3 raw");
        if (k == 3) {
            assertAbs(0.6058, s.nc3Raw(), 5e-5, "nc3 raw for K = 3");
        }
    }

    @Test
    void randomConfigurationIsClearlyNotCollapsed() {
        Random r = new Random(8);
        int n = 60;
        int k = 4;
        Matrix h = ClassMomentsAccumulatorTest.randomFeatures(r, n, 6, 0.0);
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % k;
        }
        CollapseStats s = CollapseStats.of(h, BalanceAndDataAlignmentTest.randomMatrix(r, 6, k), Labels.of(y));
        assertTrue(s.nc1() > 1.0, "nc1 " + s.nc1());
        assertTrue(s.nc2Equinorm() > 0.05, "equinorm " + s.nc2Equinorm());
        assertTrue(s.nc2Equiangular() > 0.05, "equiangular " + s.nc2Equiangular());
        assertTrue(s.nc2EtfDev() > 0.1, "etf " + s.nc2EtfDev());
        assertTrue(s.nc3Raw() > 0.5, "nc3 raw " + s.nc3Raw());
        assertTrue(s.nc3Centered() > 0.5, "nc3 centred " + s.nc3Centered());
        assertTrue(s.nc4() > 0.2, "nc4 " + s.nc4());
        assertTrue(s.trainAccuracy() < 0.7, "accuracy " + s.trainAccuracy());
    }

    /**
     * K = 3, m = 2, two samples per class at μ_k ± e: μ_0 = (3,0), μ_1 = (0,3), μ_2 = (0,0), so
     * μ_G = (1,1) and M = [(2,−1), (−1,2), (−1,−1)]. Worked by hand:
     * Σ_W = (1/6)[[4,0],[0,2]], Σ_B = (1/3)MMᵀ = [[2,−1],[−1,2]], Σ_B⁻¹ = (1/3)[[2,1],[1,2]],
     * tr(Σ_WΣ_B⁻¹) = 2/3, NC1 = 2/9. ‖M_k‖ = √5, √5, √2. cos = −4/5, −1/√10, −1/√10.
     * G = [[5,−4,−1],[−4,5,−1],[−1,−1,2]], ‖G‖_F = √90, ⟨G, I − 11ᵀ/3⟩ = tr G = 12, so
     * etf² = 2 − 2·12/(√2·√90) = 2 − 4/√5. With W = [[1,0,−1],[0,2,0]]: ‖W‖² = 6, ‖M‖² = 12,
     * ⟨W,M⟩ = 7, raw² = 2 − 7/(3√2); W(I − 11ᵀ/3) = [[1,0,−1],[−2/3,4/3,−2/3]] with squared norm 14/3
     * and the same inner product 7, centred² = 2 − √14/2. Decisions: (1,0) of class 2 scores
     * (1,0,−1) → class 0, nearest centre μ_2; every other sample agrees and is correct: NC4 = 1/6,
     * accuracy 5/6.
     */
    @Test
    void smallExampleWorkedByHand() {
        Matrix h = Matrix.ofRows(new double[][] {{4, 0}, {2, 0}, {0, 4}, {0, 2}, {1, 0}, {-1, 0}});
        int[] y = {0, 0, 1, 1, 2, 2};
        Matrix w = Matrix.ofRows(new double[][] {{1, 0, -1}, {0, 2, 0}});
        CollapseStats s = CollapseStats.of(h, w, Labels.of(y));
        assertTrue(s.reason().isEmpty());
        assertAbs(2.0 / 9.0, s.nc1(), 1e-14, "nc1");
        double meanNorm = (2 * Math.sqrt(5) + Math.sqrt(2)) / 3;
        double std = Math.sqrt((5 + 5 + 2) / 3.0 - meanNorm * meanNorm);
        assertAbs(std / meanNorm, s.nc2Equinorm(), 1e-14, "equinorm");
        double pairs = Math.abs(-0.8 + 0.5) + 2 * Math.abs(-1 / Math.sqrt(10) + 0.5);
        assertAbs(pairs / 3, s.nc2Equiangular(), 1e-14, "equiangular");
        assertAbs(Math.sqrt(2 - 4 / Math.sqrt(5)), s.nc2EtfDev(), 1e-14, "etf deviation");
        assertAbs(Math.sqrt(2 - 7 / (3 * Math.sqrt(2))), s.nc3Raw(), 1e-14, "nc3 raw");
        assertAbs(Math.sqrt(2 - Math.sqrt(14) / 2), s.nc3Centered(), 1e-14, "nc3 centred");
        assertAbs(1.0 / 6.0, s.nc4(), 1e-15, "nc4");
        assertAbs(5.0 / 6.0, s.trainAccuracy(), 1e-15, "accuracy");
    }

    /**
     * K = 2 in R²: Σ_B has rank one, so NC1 needs the pseudo-inverse. Class 0 = {(1,1),(3,1)},
     * class 1 = {(−1,0),(−1,2)}: μ_G = (0.5, 1), M = [(1.5,0), (−1.5,0)], Σ_W = ½I,
     * Σ_B = diag(2.25, 0), tr(Σ_WΣ_B⁺) = 0.5/2.25, NC1 = 1/9 (the spread along e2 is invisible to Σ_B⁺).
     */
    @Test
    void pseudoInverseDropsDirectionsWithoutBetweenClassSpread() {
        Matrix h = Matrix.ofRows(new double[][] {{1, 1}, {3, 1}, {-1, 0}, {-1, 2}});
        CollapseStats s = CollapseStats.of(h, Matrix.identity(2), Labels.of(new int[] {0, 0, 1, 1}));
        assertAbs(1.0 / 9.0, s.nc1(), 1e-14, "nc1");
        assertAbs(0.0, s.nc2Equinorm(), 1e-15, "two classes are always equinorm");
        assertAbs(0.0, s.nc2EtfDev(), 1e-15, "and a simplex");
    }

    @Test
    void unweightedGlobalMeanIsUsedUnderImbalance() {
        // class 0 has three samples at (2,0), class 1 one at (0,2): μ_G = (1,1), not the sample mean (1.5, 0.5);
        // M = [(1,−1), (−1,1)] is equinorm and a two-point simplex. The sample mean would make it unequal.
        Matrix h = Matrix.ofRows(new double[][] {{2, 0}, {2, 0}, {2, 0}, {0, 2}});
        CollapseStats s = CollapseStats.of(h, Matrix.identity(2), Labels.of(new int[] {0, 0, 0, 1}));
        assertAbs(0.0, s.nc2Equinorm(), 1e-15, "equinorm");
        assertAbs(0.0, s.nc3Centered(), 1e-15, "nc3 centred");
    }

    @Test
    void degenerateFeaturesGiveNaNWithAReason() {
        int[] y = {0, 1, 2, 0, 1, 2};
        CollapseStats zero = CollapseStats.of(Matrix.zeros(6, 4), BalanceAndDataAlignmentTest.randomMatrix(
                new Random(1), 4, 3), Labels.of(y));
        assertAllNcNaN(zero);
        assertTrue(zero.reason().orElseThrow().contains("M = 0"), zero.reason().orElseThrow());
        assertTrue(zero.trainAccuracy() >= 0 && zero.trainAccuracy() <= 1);

        Matrix constant = Matrix.ofRows(new double[][] {{1, 2}, {1, 2}, {1, 2}, {1, 2}, {1, 2}, {1, 2}});
        assertAllNcNaN(CollapseStats.of(constant, Matrix.zeros(2, 3), Labels.of(y)));

        CollapseStats oneClass = CollapseStats.of(Matrix.ofRows(new double[][] {{1}, {2}}), Matrix.column(1.0),
                Labels.of(new int[] {0, 0}));
        assertAllNcNaN(oneClass);
        assertTrue(oneClass.reason().orElseThrow().contains("K >= 2"));
        assertEquals(1.0, oneClass.trainAccuracy());

        Matrix withNaN = Matrix.ofRows(new double[][] {{1, Double.NaN}, {0, 1}});
        CollapseStats bad = CollapseStats.of(withNaN, Matrix.identity(2), Labels.of(new int[] {0, 1}));
        assertAllNcNaN(bad);
        assertTrue(Double.isNaN(bad.trainAccuracy()));
        assertTrue(bad.reason().isPresent());
    }

    @Test
    void zeroClassifierOnlyLosesNc3() {
        Matrix h = Matrix.ofRows(new double[][] {{4, 0}, {2, 0}, {0, 4}, {0, 2}, {1, 0}, {-1, 0}});
        CollapseStats s = CollapseStats.of(h, Matrix.zeros(2, 3), Labels.of(new int[] {0, 0, 1, 1, 2, 2}));
        assertAbs(2.0 / 9.0, s.nc1(), 1e-14, "nc1 unaffected");
        assertTrue(Double.isNaN(s.nc3Raw()) && Double.isNaN(s.nc3Centered()));
        assertTrue(s.reason().orElseThrow().contains("classifier"));
    }

    @Test
    void badShapesAreRefusedWithTheShapes() {
        Labels labels = Labels.of(new int[] {0, 1, 0});
        var e = assertThrows(IllegalArgumentException.class,
                () -> CollapseStats.of(Matrix.zeros(3, 4), Matrix.zeros(4, 3), labels));
        assertTrue(e.getMessage().contains("4x3") && e.getMessage().contains("4x2"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> CollapseStats.of(Matrix.zeros(2, 4), Matrix.zeros(4, 2), labels));
        assertTrue(e.getMessage().contains("2 rows") && e.getMessage().contains("3 labels"), e.getMessage());
        ClassMomentsAccumulator missing = new ClassMomentsAccumulator(2, 1).add(0, new double[] {1});
        e = assertThrows(IllegalArgumentException.class, () -> CollapseStats.fromMoments(missing,
                Matrix.zeros(1, 2), new DecisionCounts(1, 0, 1)));
        assertTrue(e.getMessage().contains("class 1 has no sample"), e.getMessage());
    }

    @Test
    void partitionedMomentsAndDecisionsGiveTheSameStatistics() {
        Random r = new Random(31);
        int n = 40;
        Matrix h = ClassMomentsAccumulatorTest.randomFeatures(r, n, 5, 1.0);
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % 3;
        }
        Matrix w = BalanceAndDataAlignmentTest.randomMatrix(r, 5, 3);
        CollapseStats direct = CollapseStats.of(h, w, Labels.of(y));
        ClassMomentsAccumulator a = ClassMomentsAccumulator.of(h.rowRange(0, 17),
                java.util.Arrays.copyOfRange(y, 0, 17), 3);
        ClassMomentsAccumulator b = ClassMomentsAccumulator.of(h.rowRange(17, n),
                java.util.Arrays.copyOfRange(y, 17, n), 3);
        ClassMomentsAccumulator all = b.copy().merge(a);
        Matrix means = all.classMeans();
        DecisionCounts d = DecisionCounts.of(h.rowRange(0, 17), w, means, java.util.Arrays.copyOfRange(y, 0, 17))
                .plus(DecisionCounts.of(h.rowRange(17, n), w, means, java.util.Arrays.copyOfRange(y, 17, n)));
        CollapseStats merged = CollapseStats.fromMoments(all, w, d);
        assertAbs(direct.nc1(), merged.nc1(), 1e-12, "nc1");
        assertAbs(direct.nc2EtfDev(), merged.nc2EtfDev(), 1e-12, "etf");
        assertAbs(direct.nc3Centered(), merged.nc3Centered(), 1e-12, "nc3");
        assertEquals(direct.nc4(), merged.nc4());
        assertEquals(direct.trainAccuracy(), merged.trainAccuracy());
    }

    private static void assertAllNcNaN(CollapseStats s) {
        for (double v : new double[] {s.nc1(), s.nc2Equinorm(), s.nc2Equiangular(), s.nc2EtfDev(), s.nc3Raw(),
                s.nc3Centered(), s.nc4()}) {
            assertTrue(Double.isNaN(v), s.toString());
        }
        assertTrue(s.reason().isPresent());
    }

    private static double[] scaled(double[] v, double c) {
        double[] out = v.clone();
        for (int i = 0; i < out.length; i++) {
            out[i] *= c;
        }
        return out;
    }
}
